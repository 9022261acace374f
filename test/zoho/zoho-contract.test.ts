import { runConnectorContract } from 'tickler/testing';
import { zohoConnector } from 'tickler/zoho';
import { startZohoDouble } from './zoho-double';

// The connector's own REST client, pointed at the double through apiDomain.
runConnectorContract('zoho', async (tokens) => {
  const double = await startZohoDouble();
  const connector = zohoConnector({ apiDomain: double.url, accessToken: tokens });
  return { connector, double, operation: 'task', link: { accountId: '5725767000000624046', contactId: '5725767000000516033' }, close: () => double.close() };
});
