import { salesforceConnector } from 'tickler/salesforce';
import { runConnectorContract } from 'tickler/testing';
import { startSalesforceDouble } from './salesforce-double';

// jsforce's own Connection, pointed at the double through instanceUrl.
runConnectorContract('salesforce', async (tokens) => {
  const double = await startSalesforceDouble();
  const connector = salesforceConnector({ instanceUrl: double.url, accessToken: tokens });
  return { connector, double, operation: 'task', link: { accountId: '0015e00000AbCdEAAZ', contactId: '0035e00000AbCdEAAZ' }, close: () => double.close() };
});
