import type { OutboundMessage } from 'tickler';
import { expect } from 'vitest';
import { isChannelError, type ChannelError } from 'tickler';

let counter = 0;

/** A rendered message of `kind` to one E.164 number; override any field. */
export function outbound(kind: 'sms' | 'whatsapp', overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  counter += 1;
  return {
    id: `msg-${counter}`,
    tenantId: 'acme',
    channel: kind,
    kind,
    to: [{ address: '+33612345678', name: 'Ada', origin: 'customer', userId: null }],
    subject: null,
    text: 'Invoice INV-1 (120.00 EUR) is 7 days overdue.',
    html: null,
    providerTemplate: null,
    replyTo: null,
    categories: [],
    customerId: 'c-1',
    cause: { type: 'dunning', id: 'inv-1', step: 'p7d' },
    variables: {},
    ...overrides,
  };
}

/** Send options with a generous timeout. */
export const sendOptions = (signal: AbortSignal = AbortSignal.timeout(10_000)) => ({ idempotencyKey: `key-${counter}`, signal });

/** Awaits a send that must fail with a ChannelError, and returns that error. */
export async function channelFailure(promise: Promise<unknown>): Promise<ChannelError> {
  const error: unknown = await promise.then(
    () => new Error('expected the send to fail'),
    (e: unknown) => e,
  );
  expect(isChannelError(error), String(error)).toBe(true);
  return error as ChannelError;
}

/** The Basic header Twilio expects for an account. */
export const basicAuth = (accountSid: string, authToken: string) => `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
