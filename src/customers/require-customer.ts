import { NotFoundError } from '../errors';
import type { Customer } from '../model/customer';
import type { CommandContext } from '../runtime/command';

/** Loads a customer of the command's tenant or throws NotFoundError. */
export async function requireCustomer(ctx: CommandContext, id: string): Promise<Customer> {
  const customer = await ctx.tx.customers.get(ctx.tenantId, id);
  if (customer === null) throw new NotFoundError('customer', id, { path: 'customerId' });
  return customer;
}
