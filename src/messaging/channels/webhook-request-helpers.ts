import { timingSafeEqual } from 'node:crypto';
import type { WebhookRequest } from './channel-webhooks';

/** The first value of a request header, by name in any case; null when absent. */
export function webhookHeader(request: WebhookRequest, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(request.headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    const first = typeof value === 'string' ? value : value[0];
    return first ?? null;
  }
  return null;
}

/** The raw body as bytes (what signatures are computed over). */
export function webhookBodyBytes(request: WebhookRequest): Buffer {
  return typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : Buffer.from(request.body);
}

/** The raw body as UTF-8 text. */
export function webhookBodyText(request: WebhookRequest): string {
  return typeof request.body === 'string' ? request.body : Buffer.from(request.body).toString('utf8');
}

/** Compares two signatures in constant time (different lengths are simply unequal). */
export function signaturesEqual(a: string | Uint8Array, b: string | Uint8Array): boolean {
  const x = typeof a === 'string' ? Buffer.from(a) : Buffer.from(a);
  const y = typeof b === 'string' ? Buffer.from(b) : Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
