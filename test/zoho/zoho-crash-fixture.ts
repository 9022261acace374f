import { zohoConnector } from 'tickler/zoho';
import type { ConnectorCrashFixture } from '../connectors/crash-fixture';
import { startZohoDouble } from './zoho-double';

/** Zoho CRM in the connector crash test: a Task whose unique Tickler_Key field holds the idempotency key. */
export const zohoCrash: ConnectorCrashFixture = {
  name: 'zoho',
  operation: 'task',
  link: { accountId: '5725767000000624046' },
  startDouble: startZohoDouble,
  connector: (url, tokens) => zohoConnector({ apiDomain: url, accessToken: tokens }),
};
