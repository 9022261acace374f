import { z } from 'zod';
import type { Actor } from '../access/actor';
import type { Page } from '../customers/customers-api';
import { requireCustomer } from '../customers/require-customer';
import { ConflictError, NotFoundError } from '../errors';
import { decodeMessageCursor, encodeMessageCursor } from '../messaging/outbox/message-cursor';
import { idSchema, limitSchema } from '../model/common';
import { CONNECTOR_OPERATIONS, type ConnectorOperation, type ConnectorOperationKind, type ConnectorPriority } from '../model/connector-operation';
import type { Customer } from '../model/customer';
import { jsonValueSchema, type JsonValue } from '../model/json';
import type { AtInput } from '../model/reminder';
import { atInputSchema } from '../model/reminder';
import { resolveDueTime } from '../reminders/resolve-due-time';
import { runCommand, runRead, type CommandContext } from '../runtime/command';
import type { Engine } from '../runtime/engine';
import { parseInput } from '../runtime/parse-input';
import { connectorPrioritySchema } from './connector-action';
import { connectorJobId } from './connector-jobs';
import { markSkipped } from './connector-transitions';
import { connectorUser, workZone } from './connector-work';
import { queueConnectorOperation } from './queue-connector-operation';

/**
 * What `connectors.enqueue` takes: work in an external system, about a customer or not.
 * Queueing the same `cause` again finds the first operation.
 */
export interface ConnectorWorkInput {
  /** The connector's name, as given to `createTickler({ connectors })`. */
  connector: string;
  /** What to do. */
  operation: ConnectorOperationKind;
  /** The customer it is about; its `links[connector]` must say which provider object that is. */
  customerId?: string | null | undefined;
  /** Task or ticket subject, event summary, record name. */
  subject: string;
  /** The longer text. */
  body?: string | null | undefined;
  /** When the task is due or the event starts: a Date, an ISO string with an offset, or `{ local, zone? }` (zone default: the customer's, then the tenant's). */
  dueAt?: AtInput | null | undefined;
  /** Event length in minutes. Default 30 for events. */
  durationMinutes?: number | undefined;
  /** A user id: who owns the task or ticket. Default the customer's first assignee. */
  assignee?: string | null | undefined;
  /** Task or ticket priority. */
  priority?: ConnectorPriority | undefined;
  /** Event attendees' email addresses. */
  attendees?: string[] | undefined;
  /** Tags or labels. */
  tags?: string[] | undefined;
  /** Provider-specific fields, by the provider's own names. */
  fields?: Record<string, JsonValue> | undefined;
  /** What caused it; its idempotency key is built from it. Default: a `manual` cause with a new id. */
  cause?: ConnectorCauseInput | undefined;
  /** Not before this instant (a Date or an ISO string with an offset); default now. */
  runAt?: Date | string | undefined;
}

/** Filters of `connectors.list`. */
export interface ConnectorListQuery {
  /** Only this customer's operations. */
  customerId?: string | undefined;
  /** Only this state. */
  state?: ConnectorOperation['state'] | undefined;
  /** Only this connector's. */
  connector?: string | undefined;
  /** The `nextCursor` of the previous page. */
  cursor?: string | undefined;
  /** Page size, 1 to 500 (default 50). */
  limit?: number | undefined;
}

/** Work in the external systems the business uses: tasks, tickets, events, records. */
export interface ConnectorsApi {
  /**
   * Queues work in an external system: stored, run by the scheduler with retries,
   * idempotent on its cause. An unknown connector, an operation it does not do, bad
   * provider fields or a customer without a link are a ValidationError naming the field,
   * and nothing is stored. Needs `connector.run`.
   *
   * @example
   * ```ts
   * import type { TicklerScope } from 'tickler';
   *
   * declare const acme: TicklerScope;
   * const op = await acme.connectors.enqueue({
   *   connector: 'salesforce',
   *   operation: 'task',
   *   customerId: 'c-42',
   *   subject: 'Call about the renewal',
   *   dueAt: { local: '2026-11-24T10:00' },
   *   cause: { type: 'renewal', id: 'contract-7' },
   * });
   * console.log(op.state); // 'queued'
   * ```
   */
  enqueue(input: ConnectorWorkInput): Promise<ConnectorOperation>;
  /** One operation; NotFoundError when the tenant has none with this id. Needs `connector.read`. */
  get(id: string): Promise<ConnectorOperation>;
  /** Operations, newest first, a page at a time. Needs `connector.read`. */
  list(query?: ConnectorListQuery): Promise<Page<ConnectorOperation>>;
  /** Cancels a queued operation: it is skipped with reason `cancelled`. A ConflictError once it ran. Needs `connector.cancel`. */
  cancel(id: string): Promise<ConnectorOperation>;
}

const enqueueSchema = z.strictObject({
  connector: z.string({ error: 'connector is the name of a configured connector, such as salesforce.' }).trim().min(1, { error: 'connector is empty.' }).max(100),
  operation: z.enum(CONNECTOR_OPERATIONS, { error: `operation is one of ${CONNECTOR_OPERATIONS.join(', ')}.` }),
  customerId: idSchema.nullable().optional(),
  subject: z.string({ error: 'subject is text.' }).trim().min(1, { error: 'subject is empty.' }).max(1000, { error: 'subject is at most 1,000 characters.' }),
  body: z.string().max(20_000, { error: 'body is at most 20,000 characters.' }).nullable().optional(),
  dueAt: atInputSchema.nullable().optional(),
  durationMinutes: z.number().int().min(1, { error: 'durationMinutes is at least 1.' }).max(24 * 60 * 14, { error: 'durationMinutes is at most two weeks.' }).optional(),
  assignee: z.string().trim().min(1).max(200).nullable().optional(),
  priority: connectorPrioritySchema.optional(),
  attendees: z.array(z.email({ error: 'Each attendee is an email address.' })).max(50).optional(),
  tags: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  fields: z.record(z.string().min(1).max(200), jsonValueSchema).refine((f) => JSON.stringify(f).length <= 65_536, { error: 'fields are at most 64 KB once serialised.' }).optional(),
  cause: z.strictObject({ type: z.string().trim().min(1).max(100), id: idSchema, step: z.string().trim().min(1).max(200).nullable().optional() }).optional(),
  runAt: atInputSchema.optional(),
});

const listSchema = z.strictObject({
  customerId: idSchema.optional(),
  state: z.enum(['queued', 'running', 'succeeded', 'failed', 'skipped']).optional(),
  connector: z.string().trim().min(1).max(100).optional(),
  cursor: z.string().max(500).optional(),
  limit: limitSchema.optional(),
});

async function requireOperation(ctx: CommandContext, id: string): Promise<ConnectorOperation> {
  const operation = await ctx.tx.connectorOperations.get(ctx.tenantId, id);
  if (operation === null) throw new NotFoundError('connector operation', id, { path: 'id' });
  return operation;
}

/** The connectors API of one actor. */
export function createConnectorsApi(engine: Engine, actor: Actor): ConnectorsApi {
  return {
    async enqueue(input) {
      const data = parseInput(enqueueSchema, input);
      return runCommand(engine, { actor }, async (ctx) => {
        const customer: Customer | null = data.customerId === undefined || data.customerId === null ? null : await requireCustomer(ctx, data.customerId);
        await ctx.authorize('connector.run', { type: 'connector', ...(customer === null ? {} : { customer }) });
        const zone = await workZone(ctx, customer);
        const dueAt = data.dueAt === undefined || data.dueAt === null ? null : resolveDueTime(data.dueAt, zone, 'dueAt').instant;
        const runAt = data.runAt === undefined ? ctx.now : resolveDueTime(data.runAt, zone, 'runAt').instant;
        const assignee = data.assignee === undefined ? (customer?.assignees[0] ?? null) : data.assignee;
        return queueConnectorOperation(ctx, {
          connector: data.connector,
          operation: data.operation,
          customer,
          work: {
            subject: data.subject,
            body: data.body ?? null,
            dueAt,
            durationMinutes: data.durationMinutes ?? (data.operation === 'event' ? 30 : null),
            zone,
            assignee: await connectorUser(ctx, assignee),
            priority: data.priority ?? null,
            attendees: data.attendees ?? [],
            tags: data.tags ?? [],
            fields: data.fields ?? {},
          },
          cause: data.cause === undefined ? { type: 'manual', id: ctx.engine.newId(), step: null } : { type: data.cause.type, id: data.cause.id, step: data.cause.step ?? null },
          notBefore: runAt,
          mode: 'refuse',
        });
      });
    },

    async get(id) {
      const key = parseInput(idSchema, id, 'id');
      return runRead(engine, actor, async (ctx) => {
        const operation = await requireOperation(ctx, key);
        await ctx.authorize('connector.read', { type: 'connector', id: key });
        return operation;
      });
    },

    async list(query = {}) {
      const q = parseInput(listSchema, query);
      const before = q.cursor === undefined ? undefined : decodeMessageCursor(q.cursor);
      const limit = q.limit ?? 50;
      return runRead(engine, actor, async (ctx) => {
        await ctx.authorize('connector.read', { type: 'connector' });
        const rows = await ctx.tx.connectorOperations.list(ctx.tenantId, { customerId: q.customerId, state: q.state, connector: q.connector, before, limit: limit + 1 });
        const items = rows.slice(0, limit);
        const last = items[items.length - 1];
        return { items, nextCursor: rows.length > limit && last !== undefined ? encodeMessageCursor(last) : null };
      });
    },

    async cancel(id) {
      const key = parseInput(idSchema, id, 'id');
      return runCommand(engine, { actor }, async (ctx) => {
        const operation = await requireOperation(ctx, key);
        await ctx.authorize('connector.cancel', { type: 'connector', id: key });
        if (operation.state !== 'queued') throw new ConflictError(`Connector operation ${key} is ${operation.state}; only a queued operation can be cancelled.`, { path: 'id' });
        const detail = `Cancelled by ${ctx.actor.userId}.`;
        const after = markSkipped(operation, 'cancelled', detail, ctx.now);
        if (!(await ctx.tx.connectorOperations.update(after, operation.version))) throw new ConflictError(`Connector operation ${key} changed meanwhile; read it again.`, { path: 'id' });
        await ctx.tx.jobs.cancel(ctx.tenantId, connectorJobId(key));
        await ctx.audit({ action: 'connector.skipped', entityType: 'connector-operation', entityId: key, before: operation, after, reason: `cancelled: ${detail}` });
        ctx.emit('connector.skipped', { operation: after, reason: 'cancelled', detail });
        return after;
      });
    },
  };
}

/** What caused connector work queued through the API: the same cause queues the same operation once. */
export interface ConnectorCauseInput {
  /** The kind of cause, in the host's words (`renewal`, `ticket`, `manual`). */
  type: string;
  /** The cause's id in the host. */
  id: string;
  /** The step of the cause, when one cause makes several pieces of work. */
  step?: string | null | undefined;
}
