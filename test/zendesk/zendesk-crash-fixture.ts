import { zendeskConnector } from 'tickler/zendesk';
import type { ConnectorCrashFixture } from '../connectors/crash-fixture';
import { startZendeskDouble } from './zendesk-double';

/** Zendesk in the connector crash test: a ticket found again by its external_id. */
export const zendeskCrash: ConnectorCrashFixture = {
  name: 'zendesk',
  operation: 'ticket',
  link: { requesterId: '7001', organizationId: '5001' },
  startDouble: startZendeskDouble,
  connector: (url, tokens) => zendeskConnector({ endpointUri: `${url}/api/v2`, accessToken: tokens }),
};
