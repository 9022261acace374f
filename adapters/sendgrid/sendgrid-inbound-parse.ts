import { createHash } from 'node:crypto';
import { ValidationError, WebhookRefusedError, signaturesEqual, webhookBodyBytes, webhookHeader, type InboundReply, type WebhookRequest } from 'tickler/adapter';

// What messages.receive accepts as the text of a message.
const MAX_TEXT = 10_000;
const MAX_ID = 200;
const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+$/;

/**
 * Checks the secret that the Inbound Parse URL carries as `?secret=…` against the
 * configured one, in constant time. SendGrid does not sign these posts by default; a
 * secret in the URL is what its Inbound Parse guide offers (with basic auth) to tell them
 * from forgeries.
 *
 * @throws WebhookRefusedError `signature-missing` or `signature-invalid`.
 */
export function verifyInboundParseSecret(request: WebhookRequest, secret: string): void {
  const given = secretIn(request.url);
  if (given === null || given === '') {
    throw new WebhookRefusedError(
      'signature-missing',
      'SendGrid Inbound Parse request refused: its URL has no secret. Set the Inbound Parse destination URL in SendGrid to https://<your host>/<route>?secret=<inboundParseSecret>, and pass the full URL, query string included, to handleWebhook.',
    );
  }
  // Digests first, so that the comparison takes the same time whatever the lengths.
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  if (!signaturesEqual(digest(given), digest(secret))) {
    throw new WebhookRefusedError('signature-invalid', "SendGrid Inbound Parse request refused: the secret in its URL is not the channel's inboundParseSecret.");
  }
}

function secretIn(url: string): string | null {
  try {
    // A host may pass only the path and query (Express's req.url): any base does.
    return new URL(url, 'http://localhost').searchParams.get('secret');
  } catch {
    return null;
  }
}

/**
 * The fields of a multipart body as their raw bytes. The body goes through the runtime's
 * own multipart parser (`Response.formData()`), which decodes every field as UTF-8;
 * SendGrid posts each field in the email's own charset (named in `charsets`), so the
 * bytes are carried through as Latin-1 (one character per byte) and decoded afterwards.
 */
async function formFields(request: WebhookRequest): Promise<Map<string, Buffer>> {
  const contentType = webhookHeader(request, 'content-type') ?? '';
  const carried = Buffer.from(webhookBodyBytes(request).toString('latin1'), 'utf8');
  let form: FormData;
  try {
    form = await new Response(carried, { headers: { 'content-type': contentType } }).formData();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ValidationError([{ path: 'body', message: `The SendGrid Inbound Parse body cannot be read as multipart/form-data (${why}).` }], { cause: error });
  }
  const fields = new Map<string, Buffer>();
  for (const [name, value] of form) {
    // Files (attachments) are left out; the first value of a repeated field wins.
    if (typeof value === 'string' && !fields.has(name)) fields.set(name, Buffer.from(value, 'latin1'));
  }
  return fields;
}

function charsetsOf(fields: Map<string, Buffer>): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(fields.get('charsets')?.toString('utf8') ?? '{}');
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}

function decode(bytes: Buffer, charset: string | undefined): string {
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    // An unknown charset label: UTF-8 is the likeliest.
    return new TextDecoder('utf-8').decode(bytes);
  }
}

// The address of a From header: the last <…> (a display name may hold anything), else the bare value.
function senderAddress(value: string): string | null {
  const bracketed = [...value.matchAll(/<([^<>]+)>/g)].map((m) => (m[1] ?? '').trim());
  const candidate = bracketed.at(-1) ?? value.trim();
  return ADDRESS.test(candidate) ? candidate : null;
}

// The first address of a To header such as `Billing <billing@acme.example>, other@acme.example`.
function firstAddress(value: string): string | null {
  const match = /<([^<>\s]+@[^<>\s]+)>|([^\s<>,;"]+@[^\s<>,;"]+)/.exec(value);
  return match === null ? null : (match[1] ?? match[2] ?? null);
}

function envelopeOf(value: string | null): { from: string | null; to: string | null } {
  try {
    const parsed = JSON.parse(value ?? '{}') as { from?: unknown; to?: unknown };
    const from = typeof parsed.from === 'string' && ADDRESS.test(parsed.from) ? parsed.from : null;
    const first: unknown = Array.isArray(parsed.to) ? parsed.to[0] : null;
    return { from, to: typeof first === 'string' && ADDRESS.test(first) ? first : null };
  } catch {
    return { from: null, to: null };
  }
}

// The Message-ID header from the raw header block, unfolded; long ids are hashed to fit.
function messageIdIn(headers: string): string | null {
  const unfolded = headers.replace(/\r?\n[ \t]+/g, ' ');
  const match = /^message-id:[ \t]*(.+)$/im.exec(unfolded);
  const id = (match?.[1] ?? '').trim().replace(/^<(.*)>$/, '$1').trim();
  if (id === '') return null;
  return id.length <= MAX_ID ? id : `sha256:${createHash('sha256').update(id, 'utf8').digest('hex')}`;
}

// For an email without a text part: its HTML as plain text, for the timeline and intent parsing.
function htmlToText(html: string): string {
  const entities: Record<string, string> = { nbsp: ' ', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", amp: '&' };
  return html
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h[1-6]|blockquote)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(nbsp|lt|gt|quot|#39|apos|amp);/g, (_, name: string) => entities[name] ?? '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Reads a verified Inbound Parse post (SendGrid's default, parsed mode) into a reply: the
 * sender is the address of the `from` field (else the envelope's), `to` is the envelope's
 * first recipient, the text is the `text` field (else the HTML as text), cut to 10,000
 * characters (the reply comes first, above any quoted history), and the email's
 * `Message-ID` is the provider message id, so a post SendGrid retries is recorded once.
 *
 * @throws ValidationError for a body that is not a parsed Inbound Parse post.
 */
export async function readInboundParse(request: WebhookRequest): Promise<InboundReply> {
  const fields = await formFields(request);
  const charsets = charsetsOf(fields);
  const field = (name: string): string | null => {
    const bytes = fields.get(name);
    return bytes === undefined ? null : decode(bytes, charsets[name]);
  };
  if (field('from') === null && field('email') !== null) {
    throw ValidationError.field(
      'body',
      'This Inbound Parse webhook posts the raw MIME message: turn off "POST the raw, full MIME message" for it in SendGrid (Settings > Inbound Parse), so that SendGrid posts the parsed fields.',
    );
  }
  const envelope = envelopeOf(field('envelope'));
  const from = senderAddress(field('from') ?? '') ?? envelope.from;
  if (from === null) throw ValidationError.field('from', 'The SendGrid Inbound Parse post names no sender address (from, envelope): is this the Inbound Parse Webhook?');
  const to = envelope.to ?? firstAddress(field('to') ?? '');
  const plain = field('text') ?? '';
  const text = plain.trim() === '' ? htmlToText(field('html') ?? '') : plain.trim();
  return {
    type: 'reply',
    message: { channel: 'email', from, to, text: text.slice(0, MAX_TEXT), providerMessageId: messageIdIn(field('headers') ?? '') },
  };
}
