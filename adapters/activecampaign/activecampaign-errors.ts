import { ConnectorError, parseRetryAfter } from 'tickler/adapter';
import { ActiveCampaignHttpError } from './activecampaign-client';

/** One entry of API v3's `errors` array: `{ title, detail, code, error?, source: { pointer } }`. */
interface AcErrorEntry {
  title?: unknown;
  detail?: unknown;
  code?: unknown;
  error?: unknown;
  source?: { pointer?: unknown } | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/** API v3's validation errors (422), as `[{ title, code, pointer }]`. */
export function acErrors(body: unknown): { title: string; code: string | null; pointer: string | null }[] {
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return (errors as AcErrorEntry[]).map((e) => ({
    title: [text(e.title), text(e.detail)].filter((t) => t !== null).join(': ') || 'invalid',
    code: text(e.code) ?? text(e.error),
    pointer: text(e.source?.pointer),
  }));
}

/** ActiveCampaign's own words in an error body: `errors[]` (422), `message` (403, 404, 429), or the raw text. */
export function activeCampaignMessage(body: unknown): string {
  if (typeof body === 'string') return body.trim().slice(0, 500) || 'no body';
  const errors = acErrors(body);
  if (errors.length > 0) return errors.map((e) => `${e.title}${e.code === null && e.pointer === null ? '' : ` (${[e.code, e.pointer].filter((p) => p !== null).join(', ')})`}`).join('; ');
  const message = text((body as { message?: unknown } | null)?.message);
  return message ?? (JSON.stringify(body) ?? 'no body').slice(0, 500);
}

/**
 * The {@link ConnectorError} for an ActiveCampaign answer or a failed exchange, by the
 * statuses API v3's reference lists: 403 (the key could not be authenticated, or its user
 * may not do this) and 401 are refused credentials, except the 403 `Could not create
 * SubscriberSeries` of adding a contact to an automation, which is final; 429 (5 requests a second per account)
 * waits its `Retry-After`; 5xx and no answer are retryable; 402 (a payment issue), 404 and
 * 422 (a missing or invalid parameter) are final, with ActiveCampaign's own message.
 */
export function activeCampaignError(error: unknown, options: { limitWaitMs: number; now: Date }): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (!(error instanceof ActiveCampaignHttpError)) {
    // No answer at all (refused, reset, DNS): the write may or may not have happened.
    const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
    const detail = text(cause?.code) ?? text(cause?.message) ?? (error instanceof Error ? error.message : String(error));
    return new ConnectorError(`ActiveCampaign did not answer: ${detail}`, { retryable: true, providerCode: text(cause?.code), cause: error });
  }
  const { status, body, headers, action } = error;
  const said = activeCampaignMessage(body);
  const providerCode = acErrors(body)[0]?.code ?? null;
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'), options.now);
  if (status >= 200 && status < 300) {
    return new ConnectorError(`ActiveCampaign answered ${action} with HTTP ${status} but not with what the API documents; the retry does it again.`, { retryable: true, status, cause: error });
  }
  // The reference's own refusal of POST /contactAutomations is a 403 that no new key changes.
  if (status === 403 && activeCampaignMessage(body) === 'Could not create SubscriberSeries') {
    return new ConnectorError(`ActiveCampaign refused ${action} (HTTP 403): Could not create SubscriberSeries. Check that the automation exists and is active, and that the key's user may manage automations.`, { retryable: false, status, providerCode: 'could_not_create', cause: error });
  }
  if (status === 401 || status === 403) {
    return new ConnectorError(`ActiveCampaign refused the API token for ${action} (HTTP ${status}): ${said}. Check the key in Settings → Developer and that its user may manage contacts and automations.`, { retryable: false, unauthorized: true, status, providerCode, cause: error });
  }
  if (status === 429) {
    return new ConnectorError(`ActiveCampaign is rate limiting the account (HTTP 429, 5 requests a second): ${said}`, { retryable: true, retryAfterMs: retryAfterMs ?? options.limitWaitMs, status, providerCode: providerCode ?? 'rate_limited', cause: error });
  }
  if (status >= 500 || status === 408 || status === 409 || status === 425) {
    return new ConnectorError(`ActiveCampaign failed on ${action} (HTTP ${status}): ${said}`, { retryable: true, retryAfterMs, status, providerCode, cause: error });
  }
  const hint = status === 402 ? ' The account has a payment issue: see Settings → Billing in ActiveCampaign.' : '';
  return new ConnectorError(`ActiveCampaign refused ${action} (HTTP ${status}): ${said}${hint}`, { retryable: false, status, providerCode, cause: error });
}
