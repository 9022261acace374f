import type { JsonValue } from '../../model/json';
import type { Customer } from '../../model/customer';
import type { Message, MessageAudience, MessageContent } from '../../model/message';
import { auditSnapshot } from '../../audit/audit-snapshot';
import type { CommandContext } from '../../runtime/command';
import { tenantSettings } from '../../tenants/tenant-settings';
import { ValidationError } from '../../errors';
import type { MessageCause } from '../../model/message';
import type { ChannelKind } from '../../model/channel-kind';
import { messagingOf, type MessagingRuntime } from '../messaging-runtime';
import { recipientSpecKey, type RecipientSpec } from '../recipients/recipient-spec';
import { resolveRecipients, type ResolvedRecipient } from '../recipients/resolve-recipients';
import type { SendWindow } from '../../model/send-window';
import { messageIdempotencyKey } from './idempotency-key';
import { MESSAGE_SEND_JOB, messageJobId } from './message-jobs';
import { renderMessageContent } from './render-message';
import type { InlineContent, TemplateValue } from './send-request';

/** A message to queue, validated; the engine's services and `messages.send` build it. */
export interface QueueRequest {
  /** Channel name or kind. */
  channel: string;
  /** The customer it is about (loaded in this transaction), or null. */
  customer: Customer | null;
  /** Template id, or null with `inline`. */
  template: string | null;
  /** Literal content, or null with `template`. */
  inline: InlineContent | null;
  /** The template's variables (Dates become ISO instants). */
  variables: Record<string, TemplateValue>;
  /** Recipients. */
  to: readonly RecipientSpec[];
  /** What caused it. */
  cause: MessageCause;
  /** Not before. */
  notBefore: Date;
  /** The caller's send windows (the template's is added). */
  sendWindows: readonly SendWindow[];
  /** Fallback channels; null for the configured ones. */
  fallback: readonly string[] | null;
  /** Locale override. */
  locale: string | null;
  /** Email reply-to override. */
  replyTo: string | null;
  /** Extra email categories. */
  categories: readonly string[];
  /** The failed message this one replaces. */
  fallbackOf: string | null;
  /** Who it is for, when the caller knows (internal notices to literal addresses); else judged from the recipients. */
  audience?: MessageAudience | undefined;
}

const GROUPED: ReadonlySet<ChannelKind> = new Set(['email', 'webhook']);

/** One outgoing row: its recipients and the key that identifies it. */
interface Row {
  recipients: ResolvedRecipient[];
  recipientKey: string;
}

function rowsFor(kind: ChannelKind, resolved: ResolvedRecipient[], specs: readonly RecipientSpec[], customerId: string | null): Row[] {
  const groupKey = specs.map((s) => recipientSpecKey(s, customerId)).sort().join('+');
  if (resolved.length === 0) return [{ recipients: [], recipientKey: groupKey }];
  if (GROUPED.has(kind)) return [{ recipients: resolved, recipientKey: groupKey }];
  // One provider call per address: a retry never repeats a send that already succeeded.
  return resolved.map((r) => ({ recipients: [r], recipientKey: r.fromGroup ? `${r.specKey}#${r.address.address}` : r.specKey }));
}

function customerView(customer: Customer | null): JsonValue {
  if (customer === null) return null;
  const { tenantId: _t, createdAt: _c, updatedAt: _u, version: _v, contacts: _k, ...visible } = customer;
  return auditSnapshot(visible);
}

/**
 * Queues a message in the caller's transaction: resolves the channel, the recipients and
 * the template, renders each copy, and writes one row per provider call with its timer,
 * audit entry and `message.queued` event. A copy whose idempotency key exists already is
 * returned as it is, never written twice. A request whose recipients have no address
 * for the channel is recorded as skipped with `no-recipient`.
 */
export async function queueMessages(ctx: CommandContext, runtime: MessagingRuntime, request: QueueRequest): Promise<Message[]> {
  const channel = runtime.resolveChannel(request.channel);
  if (channel === null) {
    const names = runtime.channels().map((c) => c.name);
    throw ValidationError.field('channel', `No channel "${request.channel}". Use a channel kind (email, sms, whatsapp, chat, webhook)${names.length > 0 ? ` or one of ${names.join(', ')}` : ''}.`);
  }
  const tenant = await tenantSettings(ctx);
  const loaded = request.template === null ? null : await ctx.memo(`template\u0000${ctx.tenantId}\u0000${request.template}`, () => runtime.template(ctx.tx, ctx.tenantId, request.template as string));
  if (request.template !== null && loaded === null) throw ValidationError.field('template', `No template "${request.template}" in this tenant or the configuration.`);
  const customer = request.customer;
  const resolved = await resolveRecipients(request.to, { kind: channel.kind, tenantId: ctx.tenantId, customer, directory: runtime.directory, defaultCountry: tenant.defaultCountry });
  const rows = rowsFor(channel.kind, resolved, request.to, customer?.id ?? null);
  const variables = auditSnapshot(request.variables) as Record<string, JsonValue>;
  const windows = [...request.sendWindows, ...(loaded?.template.sendWindow ? [loaded.template.sendWindow] : [])];
  const fallback = [...(request.fallback ?? runtime.options.fallbacks[channel.name] ?? [])];
  // Build (and render) every copy before writing any, so a render error writes nothing. A copy
  // whose key exists is found by the insert (one round trip in the common case, not two).
  const planned: Message[] = [];
  for (const row of rows) {
    const key = messageIdempotencyKey(ctx.tenantId, request.cause, channel.name, row.recipientKey);
    const first = row.recipients[0];
    const zone = first?.zone ?? customer?.timezone ?? tenant.timezone;
    const wanted = request.locale ?? first?.locale ?? customer?.locale ?? tenant.locale;
    const audience: MessageAudience = request.audience ?? (row.recipients.some((r) => r.address.origin !== 'user') || (row.recipients.length === 0 && customer !== null) ? 'customer' : 'internal');
    let content: MessageContent = { subject: null, text: null, html: null, providerTemplate: null, replyTo: null, categories: [] };
    let locale: string | null = wanted;
    if (first !== undefined) {
      const rendered = renderMessageContent(runtime, {
        loaded,
        inline: request.inline,
        kind: channel.kind,
        scope: {
          customer: customerView(customer),
          recipient: { name: first.address.name, address: first.address.address, locale: wanted, timezone: zone },
          tenant: { id: ctx.tenantId, locale: tenant.locale, timezone: tenant.timezone },
          now: ctx.now.toISOString(),
          variables,
        },
        wantedLocale: wanted,
        tenantLocale: tenant.locale,
        replyTo: request.replyTo,
        categories: request.categories,
      });
      content = rendered.content;
      locale = rendered.locale;
    }
    const skipped = row.recipients.length === 0;
    planned.push({
      tenantId: ctx.tenantId,
      id: ctx.engine.newId(),
      idempotencyKey: key,
      direction: 'outbound',
      channel: channel.name,
      kind: channel.kind,
      customerId: customer?.id ?? null,
      audience,
      to: row.recipients.map((r) => r.address),
      from: null,
      templateId: request.template,
      locale,
      zone,
      variables,
      content,
      cause: request.cause,
      state: skipped ? 'skipped' : 'queued',
      reason: skipped ? 'no-recipient' : runtime.channel(channel.name) === undefined ? 'no-channel' : null,
      detail: skipped ? `Nobody among ${request.to.map((s) => recipientSpecKey(s, customer?.id ?? null)).join(', ')} has an address for ${channel.kind}.` : null,
      attempts: 0,
      maxAttempts: runtime.options.maxAttempts,
      notBefore: new Date(Math.max(request.notBefore.getTime(), ctx.now.getTime())),
      sendWindows: windows,
      fallbackChannels: fallback,
      fallbackOf: request.fallbackOf,
      providerMessageId: null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      sentAt: null,
      delivery: null,
      version: 1,
    });
  }
  const out: Message[] = [];
  const cause = `cause ${request.cause.type} ${request.cause.id}${request.cause.step === null ? '' : ` step ${request.cause.step}`}`;
  for (const message of planned) {
    if (!(await ctx.tx.messages.insert(message))) {
      // Queued before (or concurrently, by a transaction that committed first): that one stands.
      const winner = await ctx.tx.messages.getByKey(ctx.tenantId, message.idempotencyKey);
      if (winner !== null) out.push(winner);
      continue;
    }
    if (message.state === 'skipped') {
      await ctx.audit({ action: 'message.skipped', entityType: 'message', entityId: message.id, before: null, after: message, reason: `no-recipient; ${cause}` });
      ctx.emit('message.skipped', { message, reason: 'no-recipient' });
    } else {
      await ctx.tx.jobs.schedule({ tenantId: ctx.tenantId, id: messageJobId(message.id), kind: MESSAGE_SEND_JOB, refId: message.id, runAt: message.notBefore });
      await ctx.audit({ action: 'message.queued', entityType: 'message', entityId: message.id, before: null, after: message, reason: cause });
      ctx.emit('message.queued', { message });
    }
    out.push(message);
  }
  return out;
}

/**
 * Queues a message from another service in the caller's transaction (see
 * {@link queueMessages}); what is left out takes its default: a template, no literal
 * content, now, the configured fallbacks.
 */
export function queueMessage(ctx: CommandContext, request: Pick<QueueRequest, 'channel' | 'customer' | 'template' | 'to' | 'variables' | 'cause' | 'sendWindows'> & Partial<QueueRequest>): Promise<Message[]> {
  return queueMessages(ctx, messagingOf(ctx.engine), { inline: null, notBefore: ctx.now, fallback: null, locale: null, replyTo: null, categories: [], fallbackOf: null, ...request });
}
