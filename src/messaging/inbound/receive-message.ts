import type { Actor } from '../../access/actor';
import { normalizePhoneNumber } from '../../customers/phone-number';
import { ConflictError, ValidationError } from '../../errors';
import type { Message } from '../../model/message';
import { runCommand, type CommandContext } from '../../runtime/command';
import type { Engine } from '../../runtime/engine';
import { parseInput } from '../../runtime/parse-input';
import { tenantSettings } from '../../tenants/tenant-settings';
import type { Customer } from '../../model/customer';
import { instantOf } from '../../time/instant';
import { consentKeyword } from '../consent/consent-keywords';
import { setConsent } from '../consent/consent-service';
import type { ReceiveResult } from '../messaging-apis';
import { inboundIdempotencyKey } from '../outbox/idempotency-key';
import { inboundMessageSchema, type InboundMessageInput } from './inbound-message';

/** Who sent an inbound message: the normalised address, and the customer it belongs to (null when nobody in the tenant has it). */
export interface InboundSender {
  /** E.164 number or lower-cased email. */
  from: string;
  /** The customer, or null. */
  customer: Customer | null;
}

/** Finds the sender of an inbound message within the tenant: by phone (E.164, normalised) or email. */
export async function findSender(ctx: CommandContext, data: Pick<InboundMessageInput, 'channel' | 'from'>): Promise<InboundSender> {
  const tenant = await tenantSettings(ctx);
  const raw = data.from.replace(/^whatsapp:/i, '');
  let address: { phone?: string; email?: string };
  if (data.channel === 'email' || data.channel === 'chat') {
    if (!raw.includes('@')) throw ValidationError.field('from', `"${data.from}" is not an email address; ${data.channel} senders are found by their email.`);
    address = { email: raw.toLowerCase() };
  } else {
    // A sender is what the carrier says it is: numbers libphonenumber thinks unassigned still come in.
    const digits = raw.replace(/[\s().-]/g, '');
    const phone = normalizePhoneNumber(raw, tenant.defaultCountry) ?? (/^\+\d{5,15}$/.test(digits) ? digits : null);
    if (phone === null) throw ValidationError.field('from', `"${data.from}" is not a phone number tickler can read; give it in international form, such as +33612345678.`);
    address = { phone };
  }
  const [customer] = await ctx.tx.customers.findByAddress(ctx.tenantId, address, 1);
  return { from: address.phone ?? address.email ?? raw, customer: customer ?? null };
}

/** The instant an inbound message was received, from its input; null when not given. */
export function receivedAtOf(data: InboundMessageInput): Date | null {
  return data.receivedAt === undefined ? null : instantOf(data.receivedAt, 'receivedAt');
}

/** What {@link recordInbound} did. */
export interface RecordedInbound {
  /** The message in the timeline. */
  message: Message;
  /** True when the provider redelivered a message already recorded: nothing was written. */
  duplicate: boolean;
}

/**
 * Adds an inbound message to the customer's timeline in the caller's transaction, once
 * per provider id (or per sender, time and text), with its audit entry and
 * `message.received`.
 */
export async function recordInbound(ctx: CommandContext, data: InboundMessageInput, sender: InboundSender & { customer: Customer }, receivedAt: Date | null): Promise<RecordedInbound> {
  const { customer, from } = sender;
  const tenant = await tenantSettings(ctx);
  const at = receivedAt ?? ctx.now;
  const key = inboundIdempotencyKey(ctx.tenantId, data.channel, data.providerMessageId ?? null, `${from}|${at.toISOString()}|${data.text}`);
  const keyword = data.channel === 'email' || data.channel === 'chat' ? null : consentKeyword(data.text);
  const message: Message = {
    tenantId: ctx.tenantId,
    id: ctx.engine.newId(),
    idempotencyKey: key,
    direction: 'inbound',
    channel: data.channel,
    kind: data.channel,
    customerId: customer.id,
    audience: 'customer',
    to: data.to === undefined || data.to === null ? [] : [{ address: data.to.replace(/^whatsapp:/i, ''), name: null, origin: 'literal', userId: null }],
    from,
    templateId: null,
    locale: customer.locale,
    zone: customer.timezone ?? tenant.timezone,
    variables: {},
    content: { subject: null, text: data.text, html: null, providerTemplate: null, replyTo: null, categories: [] },
    cause: { type: 'inbound', id: data.providerMessageId ?? key, step: null },
    state: 'received',
    reason: keyword === null ? null : keyword,
    detail: null,
    attempts: 0,
    maxAttempts: 0,
    notBefore: at,
    sendWindows: [],
    fallbackChannels: [],
    fallbackOf: null,
    providerMessageId: data.providerMessageId ?? null,
    createdAt: at,
    updatedAt: ctx.now,
    sentAt: null,
    delivery: null,
    version: 1,
  };
  // Insert first: of two deliveries of one webhook at the same moment, exactly one records it.
  if (!(await ctx.tx.messages.insert(message))) {
    const existing = await ctx.tx.messages.getByKey(ctx.tenantId, key);
    if (existing === null) throw new ConflictError(`Inbound message "${key}" was recorded and removed concurrently; the provider may retry.`);
    return { message: existing, duplicate: true };
  }
  await ctx.audit({ action: 'message.received', entityType: 'message', entityId: message.id, before: null, after: message, reason: `${data.channel} from ${from}` });
  ctx.emit('message.received', { message, customer });
  return { message, duplicate: false };
}

/**
 * Records an inbound message: finds the customer by address, adds the message to the
 * timeline (once per provider id), and turns STOP / START keywords on SMS and WhatsApp
 * into consent changes. An unknown sender stores nothing.
 */
export async function receiveMessage(engine: Engine, actor: Actor, input: InboundMessageInput): Promise<ReceiveResult> {
  const data = parseInput(inboundMessageSchema, input);
  const receivedAt = receivedAtOf(data);
  return runCommand(engine, { actor }, async (ctx) => {
    await ctx.authorize('message.receive', { type: 'message' });
    const sender = await findSender(ctx, data);
    const customer = sender.customer;
    if (customer === null) return { kind: 'unknown-sender', from: sender.from };
    const { message } = await recordInbound(ctx, data, { ...sender, customer }, receivedAt);
    return applyConsentKeyword(ctx, data, customer, message);
  });
}

/** Turns a STOP / START keyword on SMS or WhatsApp into a consent change; otherwise the message was simply received. */
export async function applyConsentKeyword(ctx: CommandContext, data: InboundMessageInput, customer: Customer, message: Message): Promise<ReceiveResult> {
  const keyword = data.channel === 'email' || data.channel === 'chat' ? null : consentKeyword(data.text);
  if (keyword === null) return { kind: 'received', customer, message };
  const consent = await setConsent(ctx, customer, data.channel, keyword === 'opt-out' ? 'opted_out' : 'opted_in', 'keyword', data.text.trim());
  return keyword === 'opt-out' ? { kind: 'opted-out', customer, message, consent } : { kind: 'opted-in', customer, message, consent };
}
