import { verify } from 'node:crypto';
import { WebhookRefusedError, webhookHeader, type WebhookRequest } from 'tickler/adapter';
import type { ResolvedGmailPush } from './gmail-config';
import type { GoogleSigningKeys } from './gmail-jwks';

/** The issuers of Google-signed OIDC tokens. */
const ISSUERS = new Set(['https://accounts.google.com', 'accounts.google.com']);

function decodeJson(segment: string, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Reported below, as a token that is not a JWT.
  }
  throw new WebhookRefusedError('signature-invalid', `The push request's bearer token is not a JWT (its ${what} is not base64url JSON).`);
}

/**
 * Verifies the `Authorization: Bearer <JWT>` of an authenticated Pub/Sub push request,
 * as Google documents it (Pub/Sub, "Authentication for push subscriptions"): an RS256
 * signature by one of Google's published keys, `iss` Google's accounts, `aud` the
 * subscription's audience, `email` the subscription's service account with
 * `email_verified`, and `exp` / `iat` around `now` within the tolerance (Google's tokens
 * live one hour; `maxTokenAgeSeconds` can accept less). The token does not sign the body: it proves the request comes from
 * the push subscription, and the channel then reads the mailbox itself.
 *
 * @throws WebhookRefusedError `signature-missing`, `signature-invalid`, `unknown-sender` or `stale`.
 */
export async function verifyPushToken(request: WebhookRequest, push: ResolvedGmailPush, keys: GoogleSigningKeys, now: Date): Promise<void> {
  const authorization = webhookHeader(request, 'authorization');
  const token = authorization === null ? null : (/^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1] ?? null);
  if (token === null) {
    throw new WebhookRefusedError('signature-missing', 'The Gmail push request has no bearer token: turn on authentication for the Pub/Sub push subscription (a service account, and the audience).');
  }
  const segments = token.split('.');
  if (segments.length !== 3) throw new WebhookRefusedError('signature-invalid', "The push request's bearer token is not a JWT (it has no three parts).");
  const [head, body, signature] = segments as [string, string, string];
  const header = decodeJson(head, 'header');
  const claims = decodeJson(body, 'claim set');
  if (header.alg !== 'RS256' || typeof header.kid !== 'string') throw new WebhookRefusedError('signature-invalid', `The push request's token is signed with ${String(header.alg)} and no known key id; Google signs with RS256.`);
  const key = await keys.key(header.kid, now);
  if (key === null) throw new WebhookRefusedError('signature-invalid', `The push request's token names a key (${header.kid}) that Google does not publish at ${push.certsUrl}.`);
  const genuine = verify('RSA-SHA256', Buffer.from(`${head}.${body}`), key, Buffer.from(signature, 'base64url'));
  if (!genuine) throw new WebhookRefusedError('signature-invalid', "The push request's token signature does not match Google's key: it was forged or altered.");

  if (typeof claims.iss !== 'string' || !ISSUERS.has(claims.iss)) throw new WebhookRefusedError('signature-invalid', `The push request's token was issued by ${String(claims.iss)}, not by Google (https://accounts.google.com).`);
  if (claims.aud !== push.audience) {
    throw new WebhookRefusedError('unknown-sender', `The push request's token is for the audience ${String(claims.aud)}, not ${push.audience}: check push.audience against the subscription's audience (or its push endpoint URL).`);
  }
  const email = typeof claims.email === 'string' ? claims.email.toLowerCase() : null;
  if (email !== push.serviceAccountEmail || claims.email_verified !== true) {
    throw new WebhookRefusedError('unknown-sender', `The push request's token is for ${String(claims.email)}, not the push subscription's service account ${push.serviceAccountEmail}.`);
  }
  const seconds = now.getTime() / 1000;
  const tolerance = push.clockToleranceSeconds;
  if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number') throw new WebhookRefusedError('signature-invalid', "The push request's token has no exp or iat.");
  if (seconds > claims.exp + tolerance) {
    throw new WebhookRefusedError('stale', `The push request's token expired ${Math.round(seconds - claims.exp)} s ago (tolerance ${tolerance} s): a replayed request.`);
  }
  // Pub/Sub's tokens expire an hour after their iat: one that old is past its life, skew or not.
  if (seconds - claims.iat >= push.maxTokenAgeSeconds) {
    throw new WebhookRefusedError('stale', `The push request's token was issued ${Math.round(seconds - claims.iat)} s ago; at most ${push.maxTokenAgeSeconds} s are accepted: a replayed request.`);
  }
  if (claims.iat > seconds + tolerance) {
    throw new WebhookRefusedError('stale', `The push request's token is issued ${Math.round(claims.iat - seconds)} s in the future (tolerance ${tolerance} s): check the server's clock.`);
  }
}
