import { ValidationError } from '../errors';
import type { CustomerListPosition } from './customer-repository';

/** An opaque cursor for the customer list: base64url of the last row's sort key and id. */
export function encodeCustomerCursor(position: CustomerListPosition): string {
  return Buffer.from(JSON.stringify([position.sortKey, position.id]), 'utf8').toString('base64url');
}

/** Reads a cursor made by {@link encodeCustomerCursor}; a ValidationError on `cursor` otherwise. */
export function decodeCustomerCursor(cursor: string): CustomerListPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { sortKey: value[0], id: value[1] };
    }
  } catch {
    // reported below
  }
  throw ValidationError.field('cursor', 'This cursor was not made by customers.list; pass the nextCursor of the previous page.');
}
