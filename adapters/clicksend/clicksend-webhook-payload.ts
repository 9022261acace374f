import { ValidationError, webhookBodyText, webhookHeader, type WebhookRequest } from 'tickler/adapter';
import { WEBHOOK_SECRET_PARAM, webhookUrl } from './clicksend-webhook-secret';

/** A webhook's fields by name: strings from a form or a query, strings, numbers or null from JSON. */
export type ClickSendWebhookFields = Record<string, unknown>;

function fromJson(text: string): ClickSendWebhookFields {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new ValidationError([{ path: 'body', message: 'The ClickSend webhook says it is JSON but its body does not parse as JSON.' }], { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw ValidationError.field('body', 'The ClickSend webhook body is JSON but not an object.');
  return value as ClickSendWebhookFields;
}

function fromParams(params: URLSearchParams): ClickSendWebhookFields {
  const fields: ClickSendWebhookFields = {};
  for (const [key, value] of params) {
    // The first value wins; ClickSend sends each field once.
    if (key !== WEBHOOK_SECRET_PARAM && !(key in fields)) fields[key] = value;
  }
  return fields;
}

/**
 * The fields of a ClickSend webhook in any of the three formats a rule can use
 * (`webhook_type`): `post`, a form body (the default); `json`, a JSON body; `get`, the
 * query string. The `secret` parameter of the URL is not a field.
 */
export function webhookFields(request: WebhookRequest): ClickSendWebhookFields {
  const text = webhookBodyText(request);
  if (request.method.toUpperCase() === 'GET' || text.trim() === '') return fromParams(webhookUrl(request).searchParams);
  const type = (webhookHeader(request, 'content-type') ?? '').toLowerCase();
  if (type.includes('json') || (type === '' && text.trimStart().startsWith('{'))) return fromJson(text);
  return fromParams(new URLSearchParams(text));
}

/** A field as text: a string, or a number written out; null when absent, null or empty. */
export function textField(fields: ClickSendWebhookFields, name: string): string | null {
  const value = fields[name];
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** A field as a whole number (ClickSend sends `"201"` in forms and `201` or `"201"` in JSON); null when absent. */
export function integerField(fields: ClickSendWebhookFields, name: string): number | null {
  const text = textField(fields, name);
  if (text === null) return null;
  if (!/^-?\d+$/.test(text)) throw ValidationError.field(name, `${name} must be a whole number; ClickSend sent "${text.slice(0, 40)}".`);
  return Number(text);
}

/** A ClickSend time: Unix seconds (as a number or digits), or, leniently, an ISO date with an offset. */
export function timeField(fields: ClickSendWebhookFields, name: string): Date | null {
  const text = textField(fields, name);
  if (text === null) return null;
  if (/^\d+(\.\d+)?$/.test(text)) return new Date(Math.round(Number(text) * 1000));
  const parsed = /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(parsed)) throw ValidationError.field(name, `${name} must be a Unix time in seconds; ClickSend sent "${text.slice(0, 40)}".`);
  return new Date(parsed);
}
