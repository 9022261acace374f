import type { MessageAddress, OutboundMessage } from 'tickler';

/** A recipient of a test email. */
export const to = (address: string, name: string | null = null): MessageAddress => ({ address, name, origin: 'customer', userId: null });

/** A rendered dunning email, with any field overridden. */
export function emailMessage(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    id: 'msg-1',
    tenantId: 'acme',
    channel: 'email',
    kind: 'email',
    to: [to('ada@customer.example', 'Ada Lovelace')],
    subject: 'Your invoice INV-7 is overdue',
    text: 'Invoice INV-7 (120.00 EUR) is 7 days overdue.',
    html: '<p>Invoice <b>INV-7</b> is 7 days overdue.</p>',
    providerTemplate: null,
    replyTo: null,
    categories: [],
    customerId: 'c-1',
    cause: { type: 'dunning', id: 'inv-7', step: 'level-1' },
    variables: { invoice: 'INV-7' },
    ...overrides,
  };
}

/** Send options with a fresh signal. */
export const sendOptions = (idempotencyKey = 'acme:dunning:inv-7:level-1', signal: AbortSignal = AbortSignal.timeout(10_000)) => ({ idempotencyKey, signal });
