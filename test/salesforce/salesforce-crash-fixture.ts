import { salesforceConnector } from 'tickler/salesforce';
import type { ConnectorCrashFixture } from '../connectors/crash-fixture';
import { startSalesforceDouble } from './salesforce-double';

/** Salesforce in the connector crash test: a Task upserted by its External ID. */
export const salesforceCrash: ConnectorCrashFixture = {
  name: 'salesforce',
  operation: 'task',
  link: { accountId: '0015e00000AbCdEAAZ' },
  startDouble: startSalesforceDouble,
  connector: (url, tokens) => salesforceConnector({ instanceUrl: url, accessToken: tokens }),
};
