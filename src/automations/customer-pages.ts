import { SCHEDULER_ACTOR } from '../access/actor';
import type { Customer } from '../model/customer';
import { runCommand, type CommandContext } from '../runtime/command';
import type { Engine } from '../runtime/engine';
import { customerSortKey, type CustomerListPosition } from '../customers/customer-repository';

const PAGE = 500;

/**
 * Visits every customer of a tenant a page at a time, each page in its own transaction,
 * so a tenant of any size never holds one long transaction. Visits must be idempotent:
 * a failure part-way is retried from the first page.
 */
export async function eachCustomerPage(engine: Engine, tenantId: string, visit: (ctx: CommandContext, customers: Customer[]) => Promise<void>): Promise<void> {
  let after: CustomerListPosition | undefined;
  for (;;) {
    const page = await engine.store.customers.list(tenantId, { after, limit: PAGE });
    if (page.length > 0) await runCommand(engine, { tenantId, ref: SCHEDULER_ACTOR }, (ctx) => visit(ctx, page));
    const last = page[page.length - 1];
    if (page.length < PAGE || last === undefined) return;
    after = { sortKey: customerSortKey(last.name), id: last.id };
  }
}
