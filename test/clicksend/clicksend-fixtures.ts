import { expect } from 'vitest';
import { isChannelError, ValidationError, type ChannelError, type MessageAddress, type OutboundMessage } from 'tickler';

/** A recipient of a test SMS. */
export const to = (address: string): MessageAddress => ({ address, name: 'Ada', origin: 'customer', userId: null });

let counter = 0;

/** A rendered SMS to one number; override any field. */
export function smsMessage(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  counter += 1;
  return {
    id: `msg-${counter}`,
    tenantId: 'acme',
    channel: 'sms',
    kind: 'sms',
    to: [to('+61411111111')],
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
export const sendOptions = (idempotencyKey = 'a'.repeat(64), signal: AbortSignal = AbortSignal.timeout(10_000)) => ({ idempotencyKey, signal });

/** Awaits a send that must fail with a ChannelError, and returns that error. */
export async function channelFailure(promise: Promise<unknown>): Promise<ChannelError> {
  const error: unknown = await promise.then(
    () => new Error('expected the send to fail'),
    (e: unknown) => e,
  );
  expect(isChannelError(error), String(error)).toBe(true);
  return error as ChannelError;
}

/** The issues of the ValidationError `make` throws. */
export function issues(make: () => unknown): { path: string; message: string }[] {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return [...(error as ValidationError).issues];
  }
  throw new Error('expected a ValidationError');
}
