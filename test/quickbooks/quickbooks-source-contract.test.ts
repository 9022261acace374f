import { quickbooksSource } from 'tickler/quickbooks';
import { runSourceContract } from 'tickler/testing';
import { afterAll } from 'vitest';
import { QBO_REALM, QBO_VERIFIER_TOKEN, startQuickBooksDouble, type QuickBooksDouble } from './quickbooks-double';

// One double for the file: the suite resets it before each case.
let double: Promise<QuickBooksDouble> | null = null;
afterAll(async () => (await double)?.close());

runSourceContract('quickbooks', async (tokens) => {
  double ??= startQuickBooksDouble();
  const running = await double;
  const source = quickbooksSource({
    realmId: QBO_REALM,
    baseUrl: running.url,
    accessToken: tokens,
    webhookVerifierToken: QBO_VERIFIER_TOKEN,
    // QuickBooks' throttling answer carries no Retry-After: the source reports throttleWaitMs, here the double's wait.
    throttleWaitMs: running.retryAfterSeconds * 1000,
  });
  return { source, double: running };
});
