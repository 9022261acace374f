import { salesforceActivitySource } from 'tickler/salesforce';
import { runSourceContract } from 'tickler/testing';
import { startSalesforceActivityDouble } from './salesforce-activity-double';

// jsforce's own Connection, pointed at the double through instanceUrl. The double's
// API-limit answer (403 REQUEST_LIMIT_EXCEEDED) carries no Retry-After, as Salesforce's
// does not: the source waits limitWaitMs, set to the double's retryAfterSeconds.
runSourceContract('salesforce activity', async (tokens) => {
  const double = await startSalesforceActivityDouble();
  const source = salesforceActivitySource({ instanceUrl: double.url, accessToken: tokens, limitWaitMs: double.retryAfterSeconds * 1000 });
  return { source, double, close: () => double.close() };
});
