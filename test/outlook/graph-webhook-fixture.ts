import type { ChannelWebhookFixture } from 'tickler/testing';
import type { GraphDouble } from './graph-double';
import { deliverDeliveryReport, deliverNdr, deliverReply, notificationRequest, withClientState, type Subscription } from './graph-mail-fixtures';

/**
 * Webhook requests as Graph sends them for a subscription on the mailbox's inbox: a report
 * or a customer's answer is put in the double's inbox (the channel fetches it through the
 * SDK), then notified as a basic change notification carrying the clientState.
 *
 * Exchange tells of failures only, with a non-delivery report: 5.1.10 for `bounced`,
 * 4.4.7 (expired after retries) for `undelivered`. For `delivered` there is nothing Graph
 * would send about an ordinary email; the fixture gives the delivery report Exchange sends
 * when one is requested (tickler never requests it), which the channel does not read.
 */
export function graphWebhookFixture(double: GraphDouble, mailbox: string, sub: Subscription, replyFrom: string): ChannelWebhookFixture {
  return {
    replyFrom,
    receipt: async (providerMessageId, status, now) => {
      const report =
        status === 'delivered'
          ? deliverDeliveryReport(double, mailbox, providerMessageId, now)
          : deliverNdr(double, mailbox, providerMessageId, { code: status === 'undelivered' ? '4.4.7' : '5.1.10', at: now });
      return notificationRequest(double, sub, mailbox, [report]);
    },
    reply: async (from, text, inReplyTo, now) => notificationRequest(double, sub, mailbox, [deliverReply(double, mailbox, { from, text, inReplyTo, at: now })]),
    tamper: (request) => withClientState(request, 'forged-client-state-0000'),
  };
}
