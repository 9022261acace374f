import type { OutboundMessage } from 'tickler/adapter';

let counter = 0;

/** An email as tickler's outbox hands it to the channel. */
export function outboundEmail(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  counter += 1;
  return {
    id: `msg-${counter}`,
    tenantId: 'acme',
    channel: 'email',
    kind: 'email',
    to: [{ address: 'ada@customer.example', name: 'Ada Lovelace', origin: 'customer', userId: null }],
    subject: 'Invoice INV-1 is overdue',
    text: 'Invoice INV-1 (120.00 EUR) is 7 days overdue.',
    html: '<p>Invoice <b>INV-1</b> is 7 days overdue.</p>',
    providerTemplate: null,
    replyTo: null,
    categories: [],
    customerId: 'c-1',
    cause: { type: 'reminder', id: `r-${counter}`, step: null },
    variables: {},
    ...overrides,
  };
}

let keys = 0;

/** A fresh idempotency key (64 hex characters, as tickler's SHA-256 keys are). */
export const key = (): string => `${(keys += 1).toString(16).padStart(8, '0')}${'ab'.repeat(28)}`;
