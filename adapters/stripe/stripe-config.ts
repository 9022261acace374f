import { z } from 'zod';
import { ValidationError, type AccessTokenProvider } from 'tickler/adapter';
import type { StripeClient } from './stripe-client';

/**
 * Options of {@link stripeSource}. Give `apiKey` (a secret key `sk_…` or a restricted
 * key `rk_…` with read access to Customers, Invoices and Events), or `client` (your own
 * `Stripe` instance), or both (then each request is sent with the key `apiKey` gives).
 *
 * @example
 * ```ts
 * import type { StripeSourceConfig } from 'tickler/stripe';
 *
 * const config: StripeSourceConfig = {
 *   apiKey: process.env.STRIPE_SECRET_KEY ?? '',
 *   webhookSecret: process.env.STRIPE_WEBHOOK_SECRET,
 * };
 * ```
 */
export interface StripeSourceConfig {
  /**
   * The API key, or the host's key provider (`({ refresh }) => Promise<key>`), asked
   * again with `refresh: true` once after Stripe refuses a key (a rotated restricted key).
   */
  apiKey?: string | AccessTokenProvider | undefined;
  /**
   * A client the host already has (`new Stripe(key, …)` from the official SDK). The
   * source passes `maxNetworkRetries: 0` on each of its requests, so the client's own
   * retry setting does not apply to them.
   */
  client?: StripeClient | undefined;
  /** Where a client made from `apiKey` connects; for a local double in tests. Default `api.stripe.com`. */
  host?: string | undefined;
  /** The port of `host`. Default 443. */
  port?: number | undefined;
  /** `http` for a local double. Default `https`. */
  protocol?: 'http' | 'https' | undefined;
  /** A connected account (`acct_…`) to read as, for a Connect platform. Default: the key's own account. */
  stripeAccount?: string | undefined;
  /** The signing secret of the webhook endpoint (`whsec_…`); without it the source has no `webhooks`. */
  webhookSecret?: string | undefined;
  /** How old a webhook's `Stripe-Signature` timestamp may be, in seconds. Default 300, as Stripe's libraries. */
  toleranceSeconds?: number | undefined;
  /**
   * How many seconds of events before the newest one seen are read again at the next
   * pull, once the source has caught up: Stripe's `created` has one-second resolution
   * and an event can become visible a moment after a later one. Default 30.
   */
  marginSeconds?: number | undefined;
  /** How many invoices are re-read at once. Default 8 (Stripe allows 100 reads a second in live mode, 25 in test mode). */
  concurrency?: number | undefined;
  /** The source's name in tickler; ids are kept as `<name>:<Stripe id>`. Default `stripe`. */
  name?: string | undefined;
}

/** A {@link StripeSourceConfig} with its defaults applied. */
export interface ResolvedStripeConfig {
  apiKey: string | AccessTokenProvider | null;
  client: StripeClient | null;
  host: string | undefined;
  port: number | undefined;
  protocol: 'http' | 'https' | undefined;
  stripeAccount: string | null;
  webhookSecret: string | null;
  toleranceSeconds: number;
  marginSeconds: number;
  concurrency: number;
  name: string;
}

const isClient = (value: unknown): value is StripeClient => {
  const v = value as Partial<Record<'customers' | 'invoices' | 'events' | 'webhooks', unknown>> | null;
  return typeof v === 'object' && v !== null && typeof v.customers === 'object' && typeof v.invoices === 'object' && typeof v.events === 'object' && typeof v.webhooks === 'object';
};

const schema = z.strictObject({
  apiKey: z
    .union([z.string().trim().regex(/^(sk|rk)_\S+$/, { error: 'apiKey is a secret key (sk_…) or a restricted key (rk_…).' }), z.custom<AccessTokenProvider>((v) => typeof v === 'function')], {
      error: 'apiKey is a key or a function ({ refresh }) => Promise<key>.',
    })
    .optional(),
  client: z.custom<StripeClient>(isClient, { error: 'client is a Stripe instance of the official SDK (new Stripe(key)).' }).optional(),
  host: z.string().trim().min(1).optional(),
  port: z.number().int().min(1).max(65_535).optional(),
  protocol: z.enum(['http', 'https']).optional(),
  stripeAccount: z.string().regex(/^acct_[A-Za-z0-9]+$/, { error: 'stripeAccount is a connected account id (acct_…).' }).optional(),
  webhookSecret: z.string().trim().min(1, { error: 'The webhook secret is empty.' }).optional(),
  toleranceSeconds: z.number().int().min(1).max(86_400).optional(),
  marginSeconds: z.number().int().min(0).max(3_600).optional(),
  concurrency: z.number().int().min(1).max(50).optional(),
  name: z.string().trim().min(1, { error: 'The source name cannot be empty.' }).optional(),
});

/** Validates a {@link StripeSourceConfig}; a ValidationError naming the field otherwise. */
export function parseStripeConfig(config: StripeSourceConfig): ResolvedStripeConfig {
  const result = schema.safeParse(config);
  if (!result.success) throw ValidationError.fromZod(result.error);
  const c = result.data;
  if (c.client === undefined && c.apiKey === undefined) throw ValidationError.field('apiKey', 'Give apiKey (a Stripe secret or restricted key), or client (a Stripe instance).');
  return {
    apiKey: c.apiKey ?? null,
    client: c.client ?? null,
    host: c.host,
    port: c.port,
    protocol: c.protocol,
    stripeAccount: c.stripeAccount ?? null,
    webhookSecret: c.webhookSecret ?? null,
    toleranceSeconds: c.toleranceSeconds ?? 300,
    marginSeconds: c.marginSeconds ?? 30,
    concurrency: c.concurrency ?? 8,
    name: c.name ?? 'stripe',
  };
}
