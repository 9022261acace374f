import { expect } from 'vitest';
import { isChannelError, type ChannelError, type OutboundMessage } from 'tickler';

let counter = 0;

/** The contact the tests message: a user with an email. */
export const ADA = { id: '6762f0dd1bb69f9f2193bb83', role: 'user' as const, email: 'ada@customer.example', name: 'Ada Lovelace', external_id: 'c-1' };

/** A rendered chat message to one Intercom contact (by id unless overridden). */
export function outbound(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  counter += 1;
  return {
    id: `msg-${counter}`,
    tenantId: 'acme',
    channel: 'intercom',
    kind: 'chat',
    to: [{ address: ADA.id, name: 'Ada', origin: 'customer', userId: null }],
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

/** The recipient list of one address. */
export const to = (address: string): OutboundMessage['to'] => [{ address, name: null, origin: 'customer', userId: null }];

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
