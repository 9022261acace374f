import type { ChannelWebhookEvent, InboundReply } from 'tickler/adapter';

import { headerOf, messageClassOf, replyTextOf, senderOf, type GraphMessage } from './outlook-graph-message';
import { isNonDeliveryReport, reportedFailure, reportedMessageId } from './outlook-ndr';

/** The inbound schema's limits: tickler keeps at most this much text, and ids of at most 200 characters. */
const MAX_TEXT = 10_000;
const MAX_ID = 200;

/** What classifying a received message needs beside it. */
export interface InboundContext {
  /** The mailbox's own addresses (its UPN, the configured `from`), lower-cased: mail from them is not a reply. */
  ownAddresses: ReadonlySet<string>;
  /** Finds the original of an NDR that carries no reference, by the conversation it shares with it. */
  sentInConversation(conversationId: string): Promise<string[]>;
}

/**
 * True for mail a program sent without a person (RFC 3834 `Auto-Submitted` other than
 * `no`, Exchange's out-of-office class `IPM.Note.Rules.OofTemplate.Microsoft`): an
 * out-of-office answer is not the customer's reply.
 */
function isAutomatic(message: GraphMessage): boolean {
  const autoSubmitted = headerOf(message, 'Auto-Submitted');
  if (autoSubmitted !== null && autoSubmitted.trim().toLowerCase() !== 'no') return true;
  return /^IPM\.Note\.Rules\./i.test(messageClassOf(message) ?? '');
}

async function receiptOf(report: GraphMessage, context: InboundContext): Promise<ChannelWebhookEvent | null> {
  let original = reportedMessageId(report);
  if (original === null && typeof report.conversationId === 'string' && report.conversationId !== '') {
    const candidates = await context.sentInConversation(report.conversationId);
    // Two messages of tickler's in one conversation leave the report ambiguous: better no receipt than a wrong one.
    original = candidates.length === 1 ? (candidates[0] as string) : null;
  }
  if (original === null) return null;
  const { status, detail } = reportedFailure(report);
  const at = report.receivedDateTime === null || report.receivedDateTime === undefined ? null : new Date(report.receivedDateTime);
  return { type: 'receipt', providerMessageId: original, status, at: at !== null && !Number.isNaN(at.getTime()) ? at : null, detail };
}

function replyOf(message: GraphMessage, from: string): InboundReply {
  const to = message.toRecipients?.find((r) => (r?.emailAddress?.address ?? '') !== '')?.emailAddress?.address ?? null;
  const id = message.id.length <= MAX_ID ? message.id : (message.internetMessageId ?? null);
  return {
    type: 'reply',
    message: {
      channel: 'email',
      from,
      to,
      text: replyTextOf(message).slice(0, MAX_TEXT),
      ...(typeof message.receivedDateTime === 'string' ? { receivedAt: message.receivedDateTime } : {}),
      providerMessageId: id !== null && id.length <= MAX_ID ? id : null,
    },
  };
}

/**
 * What a message that arrived in the mailbox means to tickler: an NDR is a receipt for the
 * message it reports on (found by {@link reportedMessageId}, else by the conversation);
 * mail from someone else, written by a person, is a reply; everything else (drafts, the
 * mailbox's own mail, other reports, meeting requests, automatic answers) is nothing.
 */
export async function eventOf(message: GraphMessage, context: InboundContext): Promise<ChannelWebhookEvent | null> {
  if (message.isDraft === true) return null;
  if (isNonDeliveryReport(message)) return receiptOf(message, context);
  const messageClass = messageClassOf(message) ?? 'IPM.Note';
  if (!/^IPM\.Note/i.test(messageClass)) return null;
  const from = senderOf(message);
  if (from === null || context.ownAddresses.has(from.toLowerCase()) || isAutomatic(message)) return null;
  return replyOf(message, from);
}
