import type { OutboundMessage } from 'tickler';

/** A chat message to `address`, as the outbox hands it to a channel. */
export function chatMessage(overrides: Partial<OutboundMessage> & { address?: string | null } = {}): OutboundMessage {
  const { address = 'C0123456789', ...rest } = overrides;
  return {
    id: 'msg-1',
    tenantId: 'acme',
    channel: 'slack',
    kind: 'chat',
    to: address === null ? [] : [{ address, name: 'Collections', origin: 'literal', userId: null }],
    subject: null,
    text: '*INV-1* (120.00 EUR) is 7 days overdue: <https://crm.example/invoices/1|open it>',
    html: null,
    providerTemplate: null,
    replyTo: null,
    categories: [],
    customerId: 'c-1',
    cause: { type: 'dunning', id: 'inv-1', step: 'p7d' },
    variables: { invoice: 'INV-1' },
    ...rest,
  };
}

/** Send options with a generous signal. */
export const sendOptions = (idempotencyKey = 'acme:dunning:inv-1:p7d:slack') => ({ idempotencyKey, signal: AbortSignal.timeout(10_000) });
