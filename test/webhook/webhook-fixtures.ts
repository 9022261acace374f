import type { OutboundMessage } from 'tickler';

/** A dunning message as the outbox hands it to the webhook channel. */
export function webhookMessage(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    id: 'msg-42',
    tenantId: 'acme',
    channel: 'webhook',
    kind: 'webhook',
    to: [{ address: 'ops-queue', name: 'Ops queue', origin: 'literal', userId: null }],
    subject: 'Invoice INV-1 is overdue',
    text: 'Invoice INV-1 (120.00 EUR) is 7 days overdue.',
    html: '<p>Invoice <b>INV-1</b> is 7 days overdue.</p>',
    providerTemplate: null,
    replyTo: 'billing@acme.example',
    categories: ['dunning'],
    customerId: 'c-1',
    cause: { type: 'dunning', id: 'inv-1', step: 'p7d' },
    variables: { invoice: 'INV-1', amount: '120.00 EUR', days: 7 },
    ...overrides,
  };
}

/** Send options with a generous signal. */
export const sendOptions = (idempotencyKey = 'acme:dunning:inv-1:p7d:webhook') => ({ idempotencyKey, signal: AbortSignal.timeout(10_000) });
