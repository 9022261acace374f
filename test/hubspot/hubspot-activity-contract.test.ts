import { hubspotActivitySource } from 'tickler/hubspot';
import { runSourceContract } from 'tickler/testing';
import { startHubSpotActivityDouble } from './hubspot-activity-double';

// The official @hubspot/api-client Client, pointed at the double through its basePath.
// HubSpot's search 429 carries no Retry-After or rate-limit headers: the source waits
// limitWaitMs, set to the double's retryAfterSeconds.
runSourceContract('hubspot activity', async (tokens) => {
  const double = await startHubSpotActivityDouble();
  const source = hubspotActivitySource({ basePath: double.url, accessToken: tokens, limitWaitMs: double.retryAfterSeconds * 1000 });
  return { source, double, close: () => double.close() };
});
