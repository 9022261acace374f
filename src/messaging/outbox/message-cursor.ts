import { ValidationError } from '../../errors';
import type { MessageListPosition } from '../message-repository';

/** An opaque cursor for message lists: base64url of the last row's time and id. */
export function encodeMessageCursor(position: MessageListPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt.getTime(), position.id]), 'utf8').toString('base64url');
}

/** Reads a cursor made by {@link encodeMessageCursor}; a ValidationError on `cursor` otherwise. */
export function decodeMessageCursor(cursor: string): MessageListPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && Number.isSafeInteger(value[0]) && typeof value[1] === 'string') {
      return { createdAt: new Date(value[0] as number), id: value[1] };
    }
  } catch {
    // reported below
  }
  throw ValidationError.field('cursor', 'This cursor was not made by a message list; pass the nextCursor of the previous page.');
}
