import { pipedriveConnector } from 'tickler/pipedrive';
import { runConnectorContract } from 'tickler/testing';
import { startPipedriveDouble } from './pipedrive-double';

// The official pipedrive SDK (v2 activities, v1 users), pointed at the double through
// apiDomain (the SDK's basePath), with the suite's OAuth token provider.
runConnectorContract('pipedrive', async (tokens) => {
  const double = await startPipedriveDouble();
  const connector = pipedriveConnector({ apiDomain: double.url, accessToken: tokens });
  return { connector, double, operation: 'task', link: { dealId: '42', personId: '7', orgId: '3' }, close: () => double.close() };
});
