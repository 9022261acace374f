import { createHmac } from 'node:crypto';
import { signaturesEqual, ValidationError, WebhookRefusedError, webhookBodyBytes, webhookBodyText, webhookHeader, type SourceWebhookReading, type SourceWebhooks, type WebhookReadOptions, type WebhookRequest } from 'tickler/adapter';

/** One entity change a QuickBooks webhook names. */
export interface QuickBooksWebhookEntity {
  /** The company it happened in. */
  realmId: string;
  /** The entity, as QuickBooks names it: `Invoice`, `Payment`, `Customer`… */
  name: string;
  /** The entity's id. */
  id: string;
  /** `Create`, `Update`, `Delete`, `Void`, `Merge`, `Emailed` (legacy) or `created`, `updated`, `deleted`, `voided`… (CloudEvents). */
  operation: string;
  /** When it happened, as QuickBooks wrote it; null when it did not say. */
  at: string | null;
}

/** The base64 HMAC-SHA256 of the raw body, keyed with the verifier token: the `intuit-signature` QuickBooks sends. */
export function quickbooksSignature(verifierToken: string, body: string | Uint8Array): string {
  return createHmac('sha256', verifierToken).update(body).digest('base64');
}

/**
 * The entities a QuickBooks webhook body names, in either of the formats Intuit has
 * sent: the CloudEvents array (`[{ specversion: '1.0', type: 'qbo.invoice.updated.v1',
 * intuitentityid, intuitaccountid, time }]`, the format since Intuit's 2025–2026
 * migration) and the earlier `{ eventNotifications: [{ realmId, dataChangeEvent:
 * { entities: [{ name, id, operation, lastUpdated }] } }] }`.
 * Throws a `ValidationError` for a body that is neither.
 */
export function readQuickBooksWebhookBody(text: string): QuickBooksWebhookEntity[] {
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch (cause) {
    throw new ValidationError([{ path: 'body', message: 'The QuickBooks webhook body is not JSON.' }], { cause });
  }
  if (Array.isArray(body)) {
    return body.map((event: { type?: unknown; intuitentityid?: unknown; intuitaccountid?: unknown; time?: unknown }, i) => {
      const type = typeof event?.type === 'string' ? /^qbo\.([a-z]+)\.([a-z]+)\.v\d+$/i.exec(event.type) : null;
      if (type === null || typeof event.intuitentityid !== 'string' || typeof event.intuitaccountid !== 'string') {
        throw ValidationError.field(`body.${i}`, 'A QuickBooks CloudEvent needs type qbo.<entity>.<operation>.v<n>, intuitentityid and intuitaccountid.');
      }
      return { realmId: event.intuitaccountid, name: type[1] as string, id: event.intuitentityid, operation: type[2] as string, at: typeof event.time === 'string' ? event.time : null };
    });
  }
  const notifications = (body as { eventNotifications?: unknown } | null)?.eventNotifications;
  if (!Array.isArray(notifications)) throw ValidationError.field('body', 'A QuickBooks webhook body is a CloudEvents array or { eventNotifications: [...] }.');
  return notifications.flatMap((n: { realmId?: unknown; dataChangeEvent?: { entities?: unknown } }) => {
    const entities = Array.isArray(n?.dataChangeEvent?.entities) ? (n.dataChangeEvent.entities as { name?: unknown; id?: unknown; operation?: unknown; lastUpdated?: unknown }[]) : [];
    return entities
      .filter((e) => typeof e.name === 'string' && typeof e.id === 'string')
      .map((e) => ({ realmId: String(n.realmId), name: e.name as string, id: e.id as string, operation: String(e.operation), at: typeof e.lastUpdated === 'string' ? e.lastUpdated : null }));
  });
}

/** Reads QuickBooks' times: ISO 8601, with `-0700` offsets (legacy) as well as `-07:00`. */
const parseTime = (text: string): number => Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));

/**
 * QuickBooks webhooks for one company: verified with the app's verifier token, then read
 * for the invoices to re-read and whether to pull. Entities of other companies (one app
 * endpoint serves every connected company; route by `intuitaccountid` / `realmId` to the
 * tenant's source) are ignored.
 */
export class QuickBooksWebhooks implements SourceWebhooks {
  readonly #verifierToken: string;
  readonly #realmId: string;
  readonly #toleranceMs: number;

  constructor(verifierToken: string, realmId: string, toleranceMs: number) {
    this.#verifierToken = verifierToken;
    this.#realmId = realmId;
    this.#toleranceMs = toleranceMs;
  }

  async read(request: WebhookRequest, options: WebhookReadOptions): Promise<SourceWebhookReading> {
    return this.#read(request, options);
  }

  #read(request: WebhookRequest, { now }: WebhookReadOptions): SourceWebhookReading {
    const signature = webhookHeader(request, 'intuit-signature');
    if (signature === null || signature.trim() === '') throw new WebhookRefusedError('signature-missing', 'The QuickBooks webhook has no intuit-signature header.');
    const expected = quickbooksSignature(this.#verifierToken, webhookBodyBytes(request));
    if (!signaturesEqual(signature.trim(), expected)) throw new WebhookRefusedError('signature-invalid', 'The intuit-signature does not match the body signed with the verifier token.');
    const entities = readQuickBooksWebhookBody(webhookBodyText(request)).filter((e) => e.realmId === this.#realmId);
    // The signature has no timestamp; the signed event times bound a replay instead.
    const oldest = Math.min(...entities.map((e) => (e.at === null ? Number.POSITIVE_INFINITY : parseTime(e.at))));
    if (Number.isFinite(oldest) && now.getTime() - oldest > this.#toleranceMs) {
      throw new WebhookRefusedError('stale', `The QuickBooks webhook names a change of ${new Date(oldest).toISOString()}, older than the ${Math.round(this.#toleranceMs / 60_000)} minutes accepted.`);
    }
    const invoiceIds = [...new Set(entities.filter((e) => e.name.toLowerCase() === 'invoice').map((e) => e.id))];
    // A payment changes the balances of invoices the body does not name, a customer is not an
    // invoice: both are read by the next pull. A deleted invoice is re-read like any other,
    // and readInvoices reports it deleted.
    const pull = entities.some((e) => ['payment', 'customer'].includes(e.name.toLowerCase()));
    return { invoiceIds, pull, response: null };
  }
}
