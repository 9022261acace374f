import type { ChannelKind } from '../model/channel-kind';
import type { Message, MessageCause, MessageDirection, MessageState } from '../model/message';
import type { FilterRules } from '../storage/kit/list-filter';
import type { ListOrder } from '../storage/kit/list-order';

/** Position in a message list: the `createdAt` and id of the last row seen. */
export interface MessageListPosition {
  /** `createdAt` of the last row. */
  createdAt: Date;
  /** Id of the last row. */
  id: string;
}

/** The filters a store applies to a message list. */
export interface MessageListFilter {
  /** Only this customer's messages. */
  customerId?: string | undefined;
  /** Only messages in this state. */
  state?: MessageState | undefined;
  /** Only outbound or only inbound. */
  direction?: MessageDirection | undefined;
  /** Only this channel kind. */
  kind?: ChannelKind | undefined;
  /** Only messages with this cause type and id. */
  cause?: Pick<MessageCause, 'type' | 'id'> | undefined;
  /** Rows strictly after this position in the order (newest first). */
  before?: MessageListPosition | undefined;
  /** At most this many rows. */
  limit: number;
}

/** Messages: the outbox and the communications timeline. */
export interface MessageRepository {
  /** One message, or null. */
  get(tenantId: string, id: string): Promise<Message | null>;
  /** The messages with these ids that exist in the tenant, in any order. */
  getMany(tenantId: string, ids: readonly string[]): Promise<Message[]>;
  /** The message with this idempotency key, or null. */
  getByKey(tenantId: string, idempotencyKey: string): Promise<Message | null>;
  /**
   * The outbound message a provider knows by this id on this channel (what a delivery
   * receipt names), or null. Of several (a provider reusing ids), the newest.
   */
  getByProviderId(tenantId: string, channel: string, providerMessageId: string): Promise<Message | null>;
  /**
   * Adds a message; false (and nothing written) when its id or its idempotency key is
   * taken in the tenant. Of concurrent inserts with the same key, exactly one MUST succeed.
   * A message's customer, when it has one, MUST exist (the caller checks it in the same transaction).
   */
  insert(message: Message): Promise<boolean>;
  /** Replaces a message only if its stored `version` is `expectedVersion`; false otherwise. */
  update(message: Message, expectedVersion: number): Promise<boolean>;
  /** Messages matching the filter, newest first (`createdAt` descending, then id descending). */
  list(tenantId: string, filter: MessageListFilter): Promise<Message[]>;
}

/** The order of {@link MessageRepository.list}: newest first, ties by id descending. */
export const MESSAGE_LIST_ORDER: ListOrder<Message> = [
  { field: 'createdAt', type: 'time', desc: true },
  { field: 'id', type: 'text', desc: true },
];

/** How the plain fields of {@link MessageListFilter} select messages, in every store (`cause` and `before` are each store's own). */
export const MESSAGE_LIST_FILTER: FilterRules<Message, MessageListFilter> = {
  customerId: { column: 'customer_id', of: (m) => m.customerId },
  state: { column: 'state', of: (m) => m.state },
  direction: { column: 'direction', of: (m) => m.direction },
  kind: { column: 'kind', of: (m) => m.kind },
};
