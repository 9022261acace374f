import { afterAll } from 'vitest';
import { runSourceContract } from 'tickler/testing';
import { zohoActivitySource } from 'tickler/zoho';
import { startZohoActivityDouble, type ZohoActivityDouble } from './zoho-activity-double';

// The source's fetch client pointed at one double for the whole file (the suite resets it
// before each case), with the suite's token provider. The double's 429 carries
// Retry-After: 1, which the source reads before its rateLimitWaitMs fallback.
let double: ZohoActivityDouble | null = null;
afterAll(() => double?.close());

runSourceContract('zoho activity', async (tokens) => {
  double ??= await startZohoActivityDouble();
  return { source: zohoActivitySource({ apiDomain: double.url, accessToken: tokens }), double };
});
