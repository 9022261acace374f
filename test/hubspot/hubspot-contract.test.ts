import { hubspotConnector } from 'tickler/hubspot';
import { runConnectorContract } from 'tickler/testing';
import { startHubSpotDouble } from './hubspot-double';

// The official @hubspot/api-client Client, pointed at the double through its basePath.
runConnectorContract('hubspot', async (tokens) => {
  const double = await startHubSpotDouble();
  const connector = hubspotConnector({ accessToken: tokens, basePath: double.url });
  return { connector, double, operation: 'task', link: { companyId: '9876543210', contactId: '51234' }, close: () => double.close() };
});
