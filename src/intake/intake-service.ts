import { z } from 'zod';
import type { Actor } from '../access/actor';
import { requireCustomer } from '../customers/require-customer';
import { ValidationError } from '../errors';
import { applyConsentKeyword, findSender, receivedAtOf, recordInbound } from '../messaging/inbound/receive-message';
import { consentKeyword } from '../messaging/consent/consent-keywords';
import { queueMessages } from '../messaging/outbox/queue-messages';
import { inboundMessageSchema } from '../messaging/inbound/inbound-message';
import { idSchema, userIdSchema } from '../model/common';
import type { Customer } from '../model/customer';
import type { Message } from '../model/message';
import { atInputSchema } from '../model/reminder';
import { insertReminder } from '../reminders/reminder-service';
import { resolveDueTime } from '../reminders/resolve-due-time';
import { runCommand, runRead, type CommandContext } from '../runtime/command';
import type { Engine } from '../runtime/engine';
import { parseInput } from '../runtime/parse-input';
import { tenantSettings } from '../tenants/tenant-settings';
import { formatLocalDateTime, parseLocalDateTime } from '../time/local-date-time';
import { wallTimeToInstant } from '../time/wall-time';
import { CALL_OUTCOMES, type CallOutcome, type IntakeApi, type IntakeResult } from './intake-api';
import { clarifyText, confirmationText, languageOf, replySubject } from './intake-texts';
import type { Intent, IntentParser } from './intent-parser';
import { messagingOf } from '../messaging/messaging-runtime';

const callSchema = z.strictObject({
  customerId: idSchema,
  agentId: userIdSchema,
  outcome: z.enum(CALL_OUTCOMES as [CallOutcome, ...CallOutcome[]], { error: `outcome is one of ${CALL_OUTCOMES.join(', ')}.` }),
  at: atInputSchema.optional(),
  note: z.string({ error: 'note must be text.' }).trim().max(5000, { error: 'note is at most 5,000 characters.' }).nullable().optional(),
});

const DAY_MS = 86_400_000;

/** What a reminder from a message says: the customer's own words. */
function noteOf(channel: string, text: string): string {
  const said = text.trim().replace(/\s+/g, ' ');
  const label = channel === 'whatsapp' ? 'WhatsApp' : channel === 'sms' ? 'SMS' : 'Email';
  return `${label}: “${said.length > 480 ? `${said.slice(0, 480)}…` : said}”`;
}

/** Queues a reply on the channel the customer wrote on; the outbox applies consent and the WhatsApp session as for any message. */
async function reply(ctx: CommandContext, channel: string, customer: Customer, inbound: Message, step: string, text: string, language: string): Promise<Message | null> {
  const [message] = await queueMessages(ctx, messagingOf(ctx.engine), {
    channel,
    customer,
    template: null,
    inline: channel === 'email' ? { subject: replySubject(language), text } : { text },
    variables: {},
    to: [{ customer: true }],
    cause: { type: 'intake', id: inbound.id, step },
    notBefore: ctx.now,
    sendWindows: [],
    fallback: null,
    locale: null,
    replyTo: null,
    categories: [],
    fallbackOf: null,
  });
  return message ?? null;
}

async function safeParse(parser: IntentParser, text: string, context: Parameters<IntentParser['parse']>[1]): Promise<Intent> {
  try {
    return await parser.parse(text, context);
  } catch {
    // A host parser that fails must not lose the message: it is recorded with no intent.
    return { kind: 'none', language: null };
  }
}

/** The intake API of one actor. */
export function createIntakeApi(engine: Engine, actor: Actor, parser: IntentParser): IntakeApi {
  return {
    async message(input) {
      const data = parseInput(inboundMessageSchema, input);
      const receivedAt = receivedAtOf(data);
      // Who wrote, before any transaction: the parser may be slow (an LLM call) and must not hold one open.
      const found = await runRead(engine, actor, async (ctx) => {
        await ctx.authorize('message.receive', { type: 'message' });
        const sender = await findSender(ctx, data);
        const [last] = sender.customer === null ? [] : await ctx.tx.messages.list(ctx.tenantId, { customerId: sender.customer.id, direction: 'outbound', limit: 1 });
        const asked = last !== undefined && last.cause.type === 'intake' && last.cause.step === 'clarify' && last.createdAt.getTime() >= (receivedAt ?? ctx.now).getTime() - DAY_MS;
        return { sender, asked, zone: sender.customer?.timezone ?? (await tenantSettings(ctx)).timezone };
      });
      const known = found.sender.customer;
      if (known === null) return { kind: 'unknown-sender', from: found.sender.from };
      const now = receivedAt ?? engine.clock.now();
      const keyword = consentKeyword(data.text);
      const intent: Intent = keyword !== null ? { kind: 'none', language: null } : await safeParse(parser, data.text, { now, zone: found.zone, locale: known.locale, awaitingTime: found.asked });
      return runCommand(engine, { actor }, async (ctx): Promise<IntakeResult> => {
        await ctx.authorize('message.receive', { type: 'message', customer: known });
        const customer = await ctx.tx.customers.get(ctx.tenantId, known.id);
        if (customer === null) return { kind: 'unknown-sender', from: found.sender.from };
        const { message, duplicate } = await recordInbound(ctx, data, { from: found.sender.from, customer }, receivedAt);
        if (duplicate) return { kind: 'duplicate', customer, message };
        if (keyword !== null) {
          const consent = await applyConsentKeyword(ctx, data, customer, message);
          if (consent.kind === 'opted-out' || consent.kind === 'opted-in') return consent;
        }
        if (intent.kind === 'none') return { kind: 'none', customer, message };
        const language = intent.language !== null && intent.language !== '' ? intent.language : languageOf(customer.locale);
        if (intent.kind === 'reminder-without-time') return { kind: 'clarify', reason: 'no-time', customer, message, reply: await reply(ctx, data.channel, customer, message, 'clarify', clarifyText(language, 'no-time'), language) };
        // A host parser may return a day that is not on the calendar (February 30th): ask rather than roll it over.
        if (parseLocalDateTime(formatLocalDateTime(intent.local)) === null) return { kind: 'clarify', reason: 'no-time', customer, message, reply: await reply(ctx, data.channel, customer, message, 'clarify', clarifyText(language, 'no-time'), language) };
        const zone = customer.timezone ?? (await tenantSettings(ctx)).timezone;
        const at = wallTimeToInstant(intent.local, zone);
        if (at.getTime() <= now.getTime()) return { kind: 'clarify', reason: 'past', customer, message, reply: await reply(ctx, data.channel, customer, message, 'clarify', clarifyText(language, 'past'), language) };
        const reminder = await insertReminder(ctx, customer, { at, note: noteOf(data.channel, data.text), assignee: customer.assignees[0] ?? null, source: data.channel, recurrence: null });
        return { kind: 'reminder', customer, message, reminder, reply: await reply(ctx, data.channel, customer, message, 'confirmation', confirmationText(language, at, zone, now), language) };
      });
    },

    async callOutcome(input) {
      const data = parseInput(callSchema, input);
      if (data.outcome === 'callback' && data.at === undefined) throw ValidationError.field('at', 'A callback needs its time: at, as a Date, an ISO string with an offset or { local, zone }.');
      return runCommand(engine, { actor }, async (ctx) => {
        const customer = await requireCustomer(ctx, data.customerId);
        await ctx.authorize('call.record', { type: 'customer', id: customer.id, customer });
        let reminder = null;
        if (data.outcome === 'callback' && data.at !== undefined) {
          const due = resolveDueTime(data.at, customer.timezone ?? (await tenantSettings(ctx)).timezone);
          if (due.instant.getTime() <= ctx.now.getTime()) throw ValidationError.field('at', `${due.instant.toISOString()} has passed; a callback is for later.`);
          reminder = await insertReminder(ctx, customer, { at: due.instant, note: data.note ?? 'Call back', assignee: data.agentId, source: 'telemarketing', recurrence: null });
        }
        const note = data.note ?? null;
        await ctx.audit({ action: 'call.outcome_recorded', entityType: 'customer', entityId: customer.id, before: null, after: { agentId: data.agentId, outcome: data.outcome, note, reminderId: reminder?.id ?? null }, reason: data.outcome });
        ctx.emit('call.outcome_recorded', { customer, agentId: data.agentId, outcome: data.outcome, note, reminder });
        return { outcome: data.outcome, reminder };
      });
    },
  };
}
