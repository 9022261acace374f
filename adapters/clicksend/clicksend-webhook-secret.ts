import { createHash } from 'node:crypto';
import { signaturesEqual, webhookHeader, WebhookRefusedError, type WebhookRequest } from 'tickler/adapter';

/** The query parameter of the webhook URL that carries the shared secret. */
export const WEBHOOK_SECRET_PARAM = 'secret';

/** The URL as a `URL`; a path-only URL (some frameworks give that) is read against a placeholder host. */
export function webhookUrl(request: WebhookRequest): URL {
  try {
    return new URL(request.url, 'http://webhook.invalid');
  } catch {
    return new URL('http://webhook.invalid/');
  }
}

/** The password of `Authorization: Basic …`, or null. */
function basicPassword(request: WebhookRequest): string | null {
  const header = webhookHeader(request, 'authorization');
  const match = header === null ? null : /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (match === null) return null;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? null : decoded.slice(colon + 1);
}

function urlPassword(url: URL): string | null {
  if (url.password === '') return null;
  try {
    return decodeURIComponent(url.password);
  } catch {
    return url.password;
  }
}

/** Every secret the request presents: the `secret` query parameter, a Basic password (header or URL). */
function presentedSecrets(request: WebhookRequest): string[] {
  const url = webhookUrl(request);
  const found = [url.searchParams.get(WEBHOOK_SECRET_PARAM), basicPassword(request), urlPassword(url)];
  return found.filter((value): value is string => value !== null && value !== '');
}

// Hashing first gives equal lengths, so the comparison says nothing about the secret's length.
const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Checks the shared secret of a ClickSend webhook. ClickSend signs nothing: the URL it
 * was given is the only thing a forger does not know, so the secret rides in that URL
 * (`?secret=…`) or as Basic credentials. Throws a `WebhookRefusedError` when no secret is
 * presented or none matches.
 */
export function verifyWebhookSecret(request: WebhookRequest, secrets: readonly string[]): void {
  const presented = presentedSecrets(request);
  if (presented.length === 0) {
    throw new WebhookRefusedError(
      'signature-missing',
      `The ClickSend webhook carries no secret: configure its URL at ClickSend with ?${WEBHOOK_SECRET_PARAM}=<webhookSecret> (or Basic credentials whose password is the secret).`,
    );
  }
  const expected = secrets.map(digest);
  const matches = presented.some((value) => {
    const candidate = digest(value);
    // Every configured secret is compared, so the time taken does not say which one matched.
    return expected.map((secret) => signaturesEqual(candidate, secret)).includes(true);
  });
  if (!matches) {
    throw new WebhookRefusedError('signature-invalid', 'The ClickSend webhook presents a secret that is not the channel\'s webhookSecret: the request is refused.');
  }
}
