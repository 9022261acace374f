import { freshdeskConnector } from 'tickler/freshdesk';
import type { ConnectorCrashFixture } from '../connectors/crash-fixture';
import { DEFAULT_CONTACT, startFreshdeskDouble } from './freshdesk-double';

/** Freshdesk in the connector crash test: a ticket found again by its `cf_tickler_key` among the requester's newest. */
export const freshdeskCrash: ConnectorCrashFixture = {
  name: 'freshdesk',
  operation: 'ticket',
  link: { requesterId: String(DEFAULT_CONTACT.id) },
  startDouble: () => startFreshdeskDouble(),
  connector: (url, tokens) => freshdeskConnector({ domain: url, apiKey: tokens }),
};
