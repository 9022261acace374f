import { z } from 'zod';
import { ValidationError, type Clock, SystemClock, type FetchResponseLike } from 'tickler/adapter';


/** The request the webhook channel makes, as a fetch `init`. */
export interface WebhookFetchInit {
  /** Always `POST`. */
  method: 'POST';
  /** Every header, lower-case. */
  headers: Record<string, string>;
  /** The JSON body, exactly as signed. */
  body: string;
  /** Aborts the request on timeout or when the send is abandoned. */
  signal: AbortSignal;
  /** Always `manual`: a redirected POST would silently turn into a GET, so redirects are reported instead. */
  redirect: 'manual';
}

/** The part of a fetch `Response` the webhook channel reads. */
export type WebhookFetchResponse = FetchResponseLike;

/** A fetch-compatible function, such as the global `fetch` or undici's with a proxy agent. */
export type WebhookFetch = (url: string, init: WebhookFetchInit) => Promise<WebhookFetchResponse>;

/**
 * Options of {@link webhookChannel}. Give exactly one of `secret` and `secrets`.
 *
 * @example
 * ```ts
 * const config: WebhookChannelConfig = { url: 'https://crm.example/hooks/tickler', secret: 'whsec-0123456789abcdef' };
 * ```
 */
export interface WebhookChannelConfig {
  /** Where to POST, an absolute `https:` (or, for local receivers, `http:`) URL. */
  url: string;
  /** The signing secret shared with the receiver, at least 16 characters. */
  secret?: string | undefined;
  /** During a rotation: every secret to sign with (one `v1=` each), so the receiver can switch at its own pace. */
  secrets?: readonly string[] | undefined;
  /** Extra static headers, such as an `authorization` the receiver's gateway wants. They cannot replace tickler's own headers. */
  headers?: Record<string, string> | undefined;
  /** The channel's name in tickler. Default `webhook`. */
  name?: string | undefined;
  /** How long one request may take before it is abandoned as a retryable failure, in milliseconds. Default 15000. */
  timeoutMs?: number | undefined;
  /** The fetch function to call. Default: the global `fetch`. */
  fetch?: WebhookFetch | undefined;
  /** Where the signature timestamp and `sentAt` come from. Default: the system clock. */
  clock?: Clock | undefined;
}

/** A {@link WebhookChannelConfig} with its defaults applied. */
export interface ResolvedWebhookChannelConfig {
  url: URL;
  secrets: readonly string[];
  headers: Record<string, string>;
  name: string;
  timeoutMs: number;
  fetch: WebhookFetch;
  clock: Clock;
}

/** Headers tickler sets itself (and those fetch owns); configured headers may not replace them. */
const RESERVED_HEADERS = new Set(['content-type', 'content-length', 'user-agent', 'idempotency-key', 'tickler-message-id', 'tickler-signature', 'host', 'transfer-encoding', 'connection']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const MIN_SECRET = 16;

const secretSchema = z.string().min(MIN_SECRET, { error: `A signing secret needs at least ${MIN_SECRET} characters; generate one with \`openssl rand -hex 32\`.` });

const schema = z.strictObject({
  url: z.string().refine(
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
      } catch {
        return false;
      }
    },
    { error: 'Give an absolute http(s) URL without credentials, such as https://crm.example/hooks/tickler.' },
  ),
  secret: secretSchema.optional(),
  secrets: z.array(secretSchema).min(1, { error: 'Give at least one secret.' }).max(5, { error: 'Sign with at most 5 secrets at once.' }).optional(),
  headers: z
    .record(z.string(), z.string().regex(/^[^\r\n]*$/, { error: 'A header value cannot contain a line break.' }))
    .superRefine((headers, ctx) => {
      for (const name of Object.keys(headers)) {
        if (!HEADER_NAME.test(name)) ctx.addIssue({ code: 'custom', path: [name], message: `"${name}" is not a valid header name.` });
        else if (RESERVED_HEADERS.has(name.toLowerCase())) ctx.addIssue({ code: 'custom', path: [name], message: `tickler sets "${name.toLowerCase()}" itself; remove it from headers.` });
      }
    })
    .optional(),
  name: z.string().trim().min(1, { error: 'The channel name cannot be empty.' }).optional(),
  timeoutMs: z.number().int({ error: 'Give a whole number of milliseconds.' }).min(1, { error: 'Give a positive number of milliseconds.' }).max(600_000, { error: 'Give at most 600000 ms (10 minutes).' }).optional(),
  fetch: z.custom<WebhookFetch>((value) => typeof value === 'function', { error: 'Give a fetch-compatible function.' }).optional(),
  clock: z.custom<Clock>((value) => typeof (value as { now?: unknown } | null)?.now === 'function', { error: 'Give a Clock (an object with now()).' }).optional(),
});

/** Validates a {@link WebhookChannelConfig}; a ValidationError naming the field otherwise. */
export function parseWebhookChannelConfig(config: WebhookChannelConfig): ResolvedWebhookChannelConfig {
  const result = schema.safeParse(config);
  if (!result.success) throw ValidationError.fromZod(result.error);
  const parsed = result.data;
  if ((parsed.secret === undefined) === (parsed.secrets === undefined)) {
    throw ValidationError.field('secret', parsed.secret === undefined ? 'Give the signing secret shared with the receiver (or secrets during a rotation).' : 'Give either secret or secrets, not both.');
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed.headers ?? {})) headers[name.toLowerCase()] = value;
  return {
    url: new URL(parsed.url),
    secrets: parsed.secrets ?? [parsed.secret ?? ''],
    headers,
    name: parsed.name ?? 'webhook',
    timeoutMs: parsed.timeoutMs ?? 15_000,
    fetch: parsed.fetch ?? ((url, init) => fetch(url, init)),
    clock: parsed.clock ?? new SystemClock(),
  };
}
