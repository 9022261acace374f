import { afterAll } from 'vitest';
import { stripeSource } from 'tickler/stripe';
import { runSourceContract } from 'tickler/testing';
import { startStripeDouble, type StripeDouble } from './stripe-double';

// One double for the file (the suite resets it before each case); the official SDK is
// pointed at it with host, port and protocol, and given the suite's key provider.
let running: Promise<StripeDouble> | null = null;
afterAll(async () => {
  await (await running)?.close();
});

runSourceContract('stripe', async (tokens) => {
  running ??= startStripeDouble();
  const double = await running;
  const source = stripeSource({ apiKey: tokens, host: double.host, port: double.port, protocol: 'http', webhookSecret: double.webhookSecret });
  return { source, double };
});
