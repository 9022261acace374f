import type { Automation, AutomationRun } from '../../model/automation';
import type { AutomationRepository, AutomationRunListFilter, AutomationRunRepository } from '../store';
import type { Journal } from './journal';
import type { MemoryState } from './memory-state';

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The memory store's automations. */
export class MemoryAutomations implements AutomationRepository {
  constructor(
    private readonly state: MemoryState,
    private readonly journal: Journal,
  ) {}

  get(tenantId: string, id: string): Promise<Automation | null> {
    this.journal.assertOpen();
    const a = this.state.automations.get(tenantId)?.get(id);
    return Promise.resolve(a === undefined ? null : structuredClone(a));
  }

  list(tenantId: string): Promise<Automation[]> {
    this.journal.assertOpen();
    const all = [...(this.state.automations.get(tenantId)?.values() ?? [])].sort((a, b) => compare(a.id, b.id));
    return Promise.resolve(all.map((a) => structuredClone(a)));
  }

  insert(automation: Automation): Promise<boolean> {
    this.journal.assertOpen();
    const table = this.state.tenantMap(this.state.automations, automation.tenantId);
    if (table.has(automation.id)) return Promise.resolve(false);
    table.set(automation.id, structuredClone(automation));
    this.journal.record(() => table.delete(automation.id));
    return Promise.resolve(true);
  }

  update(automation: Automation, expectedVersion: number): Promise<boolean> {
    this.journal.assertOpen();
    const table = this.state.automations.get(automation.tenantId);
    const current = table?.get(automation.id);
    if (table === undefined || current === undefined || current.version !== expectedVersion) return Promise.resolve(false);
    table.set(automation.id, structuredClone(automation));
    this.journal.record(() => table.set(automation.id, current));
    return Promise.resolve(true);
  }

  remove(tenantId: string, id: string): Promise<boolean> {
    this.journal.assertOpen();
    const table = this.state.automations.get(tenantId);
    const current = table?.get(id);
    if (table === undefined || current === undefined) return Promise.resolve(false);
    // Its runs stay: they are the history of what it did.
    table.delete(id);
    this.journal.record(() => table.set(id, current));
    return Promise.resolve(true);
  }
}

/** The memory store's automation runs, indexed by automation and by customer. */
export class MemoryAutomationRuns implements AutomationRunRepository {
  constructor(
    private readonly state: MemoryState,
    private readonly journal: Journal,
  ) {}

  get(tenantId: string, id: string): Promise<AutomationRun | null> {
    this.journal.assertOpen();
    const r = this.state.automationRuns.get(tenantId)?.get(id);
    return Promise.resolve(r === undefined ? null : structuredClone(r));
  }

  insert(run: AutomationRun): Promise<boolean> {
    this.journal.assertOpen();
    const table = this.state.tenantMap(this.state.automationRuns, run.tenantId);
    // A taken id is how a repeatable trigger (a schedule occurrence) runs only once.
    if (table.has(run.id)) return Promise.resolve(false);
    table.set(run.id, structuredClone(run));
    const byAutomation = this.state.idsOf(this.state.runsByAutomation, run.tenantId, run.automationId);
    byAutomation.add(run.id);
    const byCustomer = run.customerId === null ? null : this.state.idsOf(this.state.runsByCustomer, run.tenantId, run.customerId);
    byCustomer?.add(run.id);
    this.journal.record(() => {
      table.delete(run.id);
      byAutomation.delete(run.id);
      byCustomer?.delete(run.id);
    });
    return Promise.resolve(true);
  }

  update(run: AutomationRun, expectedVersion: number): Promise<boolean> {
    this.journal.assertOpen();
    const table = this.state.automationRuns.get(run.tenantId);
    const current = table?.get(run.id);
    if (table === undefined || current === undefined || current.version !== expectedVersion) return Promise.resolve(false);
    // The automation and the customer are fixed at insert, so the indexes stay right.
    table.set(run.id, structuredClone({ ...run, automationId: current.automationId, customerId: current.customerId }));
    this.journal.record(() => table.set(run.id, current));
    return Promise.resolve(true);
  }

  list(tenantId: string, filter: AutomationRunListFilter): Promise<AutomationRun[]> {
    this.journal.assertOpen();
    const table = this.state.automationRuns.get(tenantId);
    if (table === undefined) return Promise.resolve([]);
    const none = new Set<string>();
    const ids =
      filter.customerId !== undefined
        ? (this.state.runsByCustomer.get(tenantId)?.get(filter.customerId) ?? none)
        : filter.automationId !== undefined
          ? (this.state.runsByAutomation.get(tenantId)?.get(filter.automationId) ?? none)
          : table.keys();
    const rows: AutomationRun[] = [];
    for (const id of ids) {
      const r = table.get(id);
      if (r !== undefined && matches(r, filter)) rows.push(r);
    }
    rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || compare(b.id, a.id));
    return Promise.resolve(rows.slice(0, filter.limit).map((r) => structuredClone(r)));
  }
}

function matches(r: AutomationRun, f: AutomationRunListFilter): boolean {
  if (f.automationId !== undefined && r.automationId !== f.automationId) return false;
  if (f.customerId !== undefined && r.customerId !== f.customerId) return false;
  if (f.status !== undefined && r.status !== f.status) return false;
  return true;
}

/** Removes a customer's automation runs (inside the caller's journal). */
export function removeCustomerRuns(state: MemoryState, journal: Journal, tenantId: string, customerId: string): void {
  const ids = state.runsByCustomer.get(tenantId)?.get(customerId);
  const table = state.automationRuns.get(tenantId);
  if (ids === undefined || table === undefined) return;
  for (const id of [...ids]) {
    const run = table.get(id);
    if (run === undefined) continue;
    const byAutomation = state.runsByAutomation.get(tenantId)?.get(run.automationId);
    table.delete(id);
    ids.delete(id);
    byAutomation?.delete(id);
    journal.record(() => {
      table.set(id, run);
      ids.add(id);
      byAutomation?.add(id);
    });
  }
}
