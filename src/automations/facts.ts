import { auditSnapshot } from '../audit/audit-snapshot';
import type { PendingEvent } from '../runtime/command';
import type { CommandContext } from '../runtime/command';
import type { Customer } from '../model/customer';
import type { Invoice } from '../model/invoice';
import type { JsonObject, JsonValue } from '../model/json';
import type { EarlierFacts, Facts } from './conditions';
import type { Occurrence } from './matcher';

function object(value: JsonValue): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

/** The facts of a customer and an invoice, as JSON for conditions and notes. */
export function factsOf(event: unknown, customer: Customer | null, invoice: Invoice | null): Facts {
  const payload = object(auditSnapshot(event));
  delete payload.tenantId;
  return { event: payload, customer: customer === null ? null : object(auditSnapshot(customer)), invoice: invoice === null ? null : object(auditSnapshot(invoice)) };
}

/** A tickler or host event as the matcher sees it, with the customer it is about (loaded if the payload only names it). */
export interface EventOccurrence extends Occurrence {
  /** The customer, or null when the event is about none. */
  customer: Customer | null;
  /** The invoice, for invoice, payment and dunning events. */
  invoice: Invoice | null;
}

type Loose = Record<string, unknown>;

/** The name an event triggers automations by: a host event's own name, else the event's. */
export function triggerName(event: PendingEvent): string {
  return event.name === 'event.published' ? event.payload.name : event.name;
}

/** Builds the occurrence of a queued event: its facts, and what the customer was before it (for `changed`). */
export async function occurrenceOf(ctx: CommandContext, event: PendingEvent): Promise<EventOccurrence> {
  const payload = event.payload as unknown as Loose;
  const invoice = (payload.invoice as Invoice | undefined) ?? null;
  let customer = (payload.customer as Customer | undefined) ?? null;
  if (customer === null) {
    const id = (payload.reminder as { customerId?: string } | undefined)?.customerId ?? invoice?.customerId ?? (typeof payload.customerId === 'string' ? payload.customerId : undefined);
    if (id !== undefined) customer = await ctx.tx.customers.get(ctx.tenantId, id);
  }
  const facts = factsOf(event.name === 'event.published' ? { ...event.payload.data, name: event.payload.name, customerId: event.payload.customerId, actor: event.payload.actor, at: event.payload.at } : event.payload, customer, invoice);
  let earlier: EarlierFacts | null = null;
  const before = (field: 'status' | 'folder', from: unknown): EarlierFacts => ({ customer: { ...(facts.customer ?? {}), [field]: (from as JsonValue | undefined) ?? null }, invoice: facts.invoice });
  if (event.name === 'customer.updated') earlier = { customer: object(auditSnapshot(event.payload.before)), invoice: null };
  else if (event.name === 'customer.status_changed') earlier = before('status', event.payload.from);
  else if (event.name === 'customer.folder_changed') earlier = before('folder', event.payload.from);
  return { name: triggerName(event), facts, earlier, customer, invoice };
}
