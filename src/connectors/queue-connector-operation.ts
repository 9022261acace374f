import { ValidationError, type ValidationIssue } from '../errors';
import type { ConnectorOperation, ConnectorOperationKind, ConnectorWork } from '../model/connector-operation';
import type { Customer } from '../model/customer';
import type { MessageCause } from '../model/message';
import type { CommandContext } from '../runtime/command';
import type { Connector } from './connector';
import { connectorIdempotencyKey } from './connector-idempotency-key';
import { connectorJobId, CONNECTOR_RUN_JOB } from './connector-jobs';
import { connectorsOf } from './connector-runtime';

/** What {@link queueConnectorOperation} takes. */
export interface QueueConnectorRequest {
  /** The connector's name. */
  connector: string;
  /** What to do. */
  operation: ConnectorOperationKind;
  /** The customer it is about, read in this transaction, or null. */
  customer: Customer | null;
  /** The work, resolved (templates rendered, assignee looked up). */
  work: ConnectorWork;
  /** What caused it: part of its idempotency key. */
  cause: MessageCause;
  /** Not before this instant. */
  notBefore: Date;
  /**
   * `refuse` (a host's own call): an unknown connector, an operation it does not do, bad
   * fields or a customer without a link are a ValidationError and nothing is stored.
   * `record` (work the engine causes): checked when it was defined; a customer without a
   * link is recorded as a failed operation, visible on the timeline and in the audit trail.
   */
  mode: 'refuse' | 'record';
  /** Field paths for the ValidationError of `refuse` (where the caller's input has them). */
  paths?: { connector?: string; operation?: string; fields?: string; customer?: string } | undefined;
}

/** Checks the work against a configured connector: the operation it does and its provider fields. */
export function connectorIssues(connector: Connector, operation: ConnectorOperationKind, fields: Readonly<Record<string, unknown>>, paths: { operation: string; fields: string }): ValidationIssue[] {
  if (!connector.operations.includes(operation)) return [{ path: paths.operation, message: `The ${connector.name} connector does ${connector.operations.join(', ')}, not ${operation}.` }];
  return (connector.checkFields?.(operation, fields) ?? []).map((i) => ({ path: i.path === '' ? paths.fields : `${paths.fields}.${i.path}`, message: i.message }));
}

/** Why the customer's link to the connector's objects is not enough for the operation, or null. */
export function missingLink(connector: Connector, operation: ConnectorOperationKind, customer: Customer | null): string | null {
  if (customer === null || connector.checkLink === undefined) return null;
  const link = customer.links[connector.name] ?? {};
  const problem = connector.checkLink(operation, link, { id: customer.id, name: customer.name, email: customer.email, phone: customer.phone, timezone: customer.timezone, link });
  return problem === null ? null : `Customer ${customer.id} has no ${connector.name} link for a ${operation}: ${problem}`;
}

/**
 * Queues work in an external system in the caller's transaction: one stored operation
 * (found again, not duplicated, when the same cause queues it twice), its timer, an audit
 * entry and `connector.queued`. The engine's services and the connectors API call it.
 */
export async function queueConnectorOperation(ctx: CommandContext, request: QueueConnectorRequest): Promise<ConnectorOperation> {
  const runtime = connectorsOf(ctx.engine);
  const paths = { connector: 'connector', operation: 'operation', fields: 'fields', customer: 'customerId', ...request.paths };
  const connector = runtime.connector(request.connector);
  let failure: string | null = null;
  if (connector === undefined) {
    const known = runtime.names();
    if (request.mode === 'refuse') throw ValidationError.field(paths.connector, `No connector named "${request.connector}" is configured; ${known.length === 0 ? 'give one to createTickler({ connectors: [...] })' : `configured: ${known.join(', ')}`}.`);
  } else {
    const issues = connectorIssues(connector, request.operation, request.work.fields, paths);
    if (issues.length > 0) throw new ValidationError(issues);
    failure = missingLink(connector, request.operation, request.customer);
    if (failure !== null && request.mode === 'refuse') throw ValidationError.field(paths.customer, `${failure} Set it with customers.upsert({ id: '${request.customer?.id ?? ''}', links: { ${request.connector}: { … } } }).`);
  }
  const key = connectorIdempotencyKey(ctx.tenantId, request.connector, request.operation, request.cause);
  const existing = await ctx.tx.connectorOperations.getByKey(ctx.tenantId, key);
  if (existing !== null) return existing;
  const operation: ConnectorOperation = {
    tenantId: ctx.tenantId,
    id: ctx.engine.newId(),
    connector: request.connector,
    operation: request.operation,
    customerId: request.customer?.id ?? null,
    idempotencyKey: key,
    cause: request.cause,
    work: request.work,
    state: failure === null ? 'queued' : 'failed',
    attempts: 0,
    maxAttempts: runtime.options.maxAttempts,
    notBefore: new Date(Math.max(request.notBefore.getTime(), ctx.now.getTime())),
    externalId: null,
    url: null,
    reason: failure === null ? (connector === undefined ? 'no-connector' : null) : 'no-mapping',
    detail: failure,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    version: 1,
  };
  if (!(await ctx.tx.connectorOperations.insert(operation))) {
    // Queued concurrently by a transaction that committed first: that one stands.
    const winner = await ctx.tx.connectorOperations.getByKey(ctx.tenantId, key);
    if (winner !== null) return winner;
    throw new Error(`Connector operation ${operation.id} could not be stored and no operation has its key.`);
  }
  const cause = `cause ${request.cause.type} ${request.cause.id}${request.cause.step === null ? '' : ` step ${request.cause.step}`}`;
  if (failure !== null) {
    await ctx.audit({ action: 'connector.failed', entityType: 'connector-operation', entityId: operation.id, before: null, after: operation, reason: `no-mapping: ${failure}; ${cause}` });
    ctx.emit('connector.failed', { operation, reason: 'no-mapping', detail: failure });
    return operation;
  }
  await ctx.tx.jobs.schedule({ tenantId: ctx.tenantId, id: connectorJobId(operation.id), kind: CONNECTOR_RUN_JOB, refId: operation.id, runAt: operation.notBefore });
  await ctx.audit({ action: 'connector.queued', entityType: 'connector-operation', entityId: operation.id, before: null, after: operation, reason: cause });
  ctx.emit('connector.queued', { operation });
  return operation;
}
