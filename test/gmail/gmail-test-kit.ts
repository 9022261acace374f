import { expect } from 'vitest';
import { FakeClock } from 'tickler/testing';
import { isChannelError, type ChannelError, type OutboundMessage } from 'tickler/adapter';
import { gmailChannel, type GmailChannelConfig } from 'tickler/gmail';
import type { GmailDouble } from './gmail-double';
import { PUSH } from './gmail-push-fixture';
import { splitMessage } from './gmail-mime-reader';

/** The clock the channels of the tests read: the Date header, Retry-After dates. */
export const NOW = new Date('2026-11-23T09:00:00Z');

let counter = 0;

/** A rendered email to Ada; override any field. */
export function email(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  counter += 1;
  return {
    id: `msg-${counter}`,
    tenantId: 'acme',
    channel: 'email',
    kind: 'email',
    to: [{ address: 'ada@customer.example', name: 'Ada Lovelace', origin: 'customer', userId: null }],
    subject: 'Your invoice INV-1 is overdue',
    text: 'Invoice INV-1 (120.00 EUR) is 7 days overdue.',
    html: '<p>Invoice <b>INV-1</b> is 7 days overdue.</p>',
    providerTemplate: null,
    replyTo: null,
    categories: [],
    customerId: 'c-1',
    cause: { type: 'dunning', id: 'inv-1', step: `p${counter}d` },
    variables: {},
    ...overrides,
  };
}

/** Send options: a fresh key per call unless given, and a generous signal. */
export const options = (idempotencyKey = `key-${(counter += 1)}`, signal: AbortSignal = AbortSignal.timeout(10_000)) => ({ idempotencyKey, signal });

/** A channel on the double, with push configured. */
export function channelOn(double: GmailDouble, config: Partial<GmailChannelConfig> = {}) {
  return gmailChannel({
    mailbox: double.mailbox,
    from: { email: double.mailbox, name: 'Acme Billing' },
    accessToken: 'token-1',
    rootUrl: double.url,
    clock: new FakeClock(NOW),
    push: { audience: PUSH.audience, serviceAccountEmail: PUSH.serviceAccountEmail, certsUrl: double.certsUrl },
    ...config,
  });
}

/** The sends the double received, as RFC 5322 text with the request's thread id. */
export function sends(double: GmailDouble): { raw: string; threadId: string | undefined; headers: { name: string; value: string }[] }[] {
  return double.requests
    .filter((r) => r.method === 'POST' && r.path.endsWith('/messages/send'))
    .map((r) => {
      const body = JSON.parse(r.body) as { raw: string; threadId?: string };
      const raw = Buffer.from(body.raw, 'base64url').toString('utf8');
      return { raw, threadId: body.threadId, headers: splitMessage(raw).headers };
    });
}

/** Awaits a send that must fail with a ChannelError, and returns it. */
export async function failure(promise: Promise<unknown>): Promise<ChannelError> {
  const error: unknown = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  expect(isChannelError(error), String(error)).toBe(true);
  return error as ChannelError;
}
