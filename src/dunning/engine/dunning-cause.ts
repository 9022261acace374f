import type { ConnectorCauseCheck } from '../../connectors/connector-config';
import type { CauseCheck } from '../../messaging/messaging-config';
import type { Engine } from '../../runtime/engine';
import type { Invoice } from '../../model/invoice';

// Held (below the policy's minimum) is not wanted: nothing is sent for it.
const WANTED = new Set(['active', 'awaiting_approval', 'exhausted']);

/** Why a dunning message about `invoice` is no longer wanted, or null when it still is. */
function unwanted(invoice: Invoice | null, id: string): string | null {
  if (invoice === null) return `Invoice ${id} no longer exists.`;
  if (invoice.status !== 'open') return `Invoice ${invoice.number} is ${invoice.status === 'written_off' ? 'written off' : invoice.status}.`;
  if (invoice.dunning.stop !== null) return `Dunning of invoice ${invoice.number} is ${invoice.dunning.stop.kind}.`;
  if (!WANTED.has(invoice.dunning.phase)) return `Invoice ${invoice.number} is no longer in dunning.`;
  return null;
}

/**
 * The outbox's last check before a dunning message leaves: the invoice must still be
 * open and its clock running. A payment, a dispute, a pause or a promise made after the
 * message was queued skips it with `no-longer-due`. A message listing several invoices
 * (grouping per customer) goes out while any of them still qualifies.
 */
export function dunningCauseCheck(engine: Engine): CauseCheck {
  return async ({ tenantId, cause, message }) => {
    const ids = cause.type === 'dunning-customer' ? ((message.variables.invoiceIds as string[] | undefined) ?? []) : [cause.id];
    const invoices = await engine.store.invoices.getMany(tenantId, ids);
    const reasons = ids.map((id) => unwanted(invoices.find((i) => i.id === id) ?? null, id));
    if (reasons.some((r) => r === null)) return { send: true };
    return { send: false, reason: 'no-longer-due', detail: reasons.join(' ') };
  };
}

/**
 * The last check before dunning work in an external system runs (a task for the
 * relationship manager, a collections ticket): the invoice must still be open, its clock
 * running, and, for an escalation, the customer must not have written in since it was
 * queued. A payment, a dispute, a pause, a promise or a reply skips it with `no-longer-due`.
 */
export function dunningConnectorCauseCheck(engine: Engine): ConnectorCauseCheck {
  return async ({ tenantId, cause, operation }) => {
    const invoice = await engine.store.invoices.get(tenantId, cause.id);
    const reason = unwanted(invoice, cause.id);
    if (reason !== null) return { run: false, detail: reason };
    if (cause.type === 'dunning-escalation' && operation.customerId !== null) {
      const [reply] = await engine.store.messages.list(tenantId, { customerId: operation.customerId, direction: 'inbound', limit: 1 });
      if (reply !== undefined && reply.createdAt.getTime() >= operation.createdAt.getTime()) return { run: false, detail: `The customer answered on ${reply.createdAt.toISOString()} (${reply.channel}).` };
    }
    return { run: true };
  };
}
