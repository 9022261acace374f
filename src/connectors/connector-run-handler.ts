import { ConflictError } from '../errors';
import type { ConnectorOperation, ConnectorReason } from '../model/connector-operation';
import type { Customer } from '../model/customer';
import type { CommandContext } from '../runtime/command';
import type { Engine } from '../runtime/engine';
import type { ClaimedJob } from '../scheduler/job-repository';
import type { JobBatch, JobHandler, JobResult, PreparedJob } from '../scheduler/job-handler';
import { retryDelay } from '../scheduler/backoff';
import type { Connector, ConnectorCustomer, ConnectorResult } from './connector';
import { isConnectorError } from './connector-error';
import { connectorsOf, type ConnectorRuntime } from './connector-runtime';
import { markFailed, markRunning, markSkipped, markSucceeded, markWaiting } from './connector-transitions';
import { missingLink } from './queue-connector-operation';

const done: JobResult = { outcome: 'done' };
const stale: JobResult = { outcome: 'stale' };
const superseded: JobResult = { outcome: 'superseded' };

/** What running an operation came to, before it is recorded. */
type Outcome =
  | { type: 'succeeded'; result: ConnectorResult }
  | { type: 'retry'; until: Date; detail: string }
  | { type: 'failed'; reason: ConnectorReason; detail: string };

/** A decision made without calling the provider. */
type Decision = { type: 'wait'; until: Date; reason: ConnectorReason; detail: string } | { type: 'skip'; reason: ConnectorReason; detail: string } | { type: 'fail'; reason: ConnectorReason; detail: string };

function customerOf(customer: Customer, connector: string): ConnectorCustomer {
  return { id: customer.id, name: customer.name, email: customer.email, phone: customer.phone, timezone: customer.timezone, link: customer.links[connector] ?? {} };
}

/** Records an outcome on the operation (which must still be at `before`'s version), its audit entry and its event. */
async function record(ctx: CommandContext, before: ConnectorOperation, outcome: Outcome | Decision, job: ClaimedJob | null): Promise<JobResult> {
  const save = async (after: ConnectorOperation): Promise<void> => {
    if (!(await ctx.tx.connectorOperations.update(after, before.version))) throw new ConflictError(`Connector operation ${before.id} changed while its outcome was recorded.`);
  };
  const entry = { entityType: 'connector-operation', entityId: before.id, before };
  switch (outcome.type) {
    case 'succeeded': {
      const after = markSucceeded(before, outcome.result, ctx.now);
      await save(after);
      if (job !== null) await ctx.tx.jobs.complete(job);
      await ctx.audit({ ...entry, action: 'connector.succeeded', after, reason: `${before.connector} holds it as ${outcome.result.externalId} (attempt ${before.attempts})` });
      ctx.emit('connector.succeeded', { operation: after });
      return done;
    }
    case 'retry':
    case 'wait': {
      const reason = outcome.type === 'wait' ? outcome.reason : null;
      await save(markWaiting(before, outcome.until, reason, outcome.detail, ctx.now));
      if (job !== null) await ctx.tx.jobs.reschedule(job, outcome.until);
      return outcome.type === 'wait' ? stale : done;
    }
    case 'failed':
    case 'fail': {
      const after = markFailed(before, outcome.reason, outcome.detail, ctx.now);
      await save(after);
      if (job !== null) await ctx.tx.jobs.complete(job);
      await ctx.audit({ ...entry, action: 'connector.failed', after, reason: `${outcome.reason}: ${outcome.detail}` });
      ctx.emit('connector.failed', { operation: after, reason: outcome.reason, detail: outcome.detail });
      return done;
    }
    case 'skip': {
      const after = markSkipped(before, outcome.reason, outcome.detail, ctx.now);
      await save(after);
      if (job !== null) await ctx.tx.jobs.complete(job);
      await ctx.audit({ ...entry, action: 'connector.skipped', after, reason: `${outcome.reason}: ${outcome.detail}` });
      ctx.emit('connector.skipped', { operation: after, reason: outcome.reason, detail: outcome.detail });
      return done;
    }
  }
}

/** The checks before the provider is called, in order: a connector, the customer and its link, the cause. */
async function decide(engine: Engine, runtime: ConnectorRuntime, operation: ConnectorOperation, now: Date, batch: JobBatch): Promise<{ connector: Connector; customer: Customer | null } | Decision> {
  const connector = runtime.connector(operation.connector);
  if (connector === undefined) {
    return { type: 'wait', until: new Date(now.getTime() + runtime.options.noConnectorRetryMs), reason: 'no-connector', detail: `No connector named "${operation.connector}" is configured in this process; the operation waits for one.` };
  }
  let customer: Customer | null = null;
  if (operation.customerId !== null) {
    const customers = await batch.once(`connector-customers:${operation.tenantId}`, async () => {
      const ids = new Set<string>();
      for (const job of batch.jobs) if (job.kind === 'connector.run' && job.tenantId === operation.tenantId) ids.add(job.refId);
      const operations = await engine.store.connectorOperations.getMany(operation.tenantId, [...ids]);
      const customerIds = [...new Set(operations.map((o) => o.customerId).filter((c): c is string => c !== null))];
      return new Map((await engine.store.customers.getMany(operation.tenantId, customerIds)).map((c) => [c.id, c]));
    });
    customer = customers.get(operation.customerId) ?? (await engine.store.customers.get(operation.tenantId, operation.customerId));
    if (customer === null) return { type: 'skip', reason: 'customer-removed', detail: `Customer ${operation.customerId} no longer exists.` };
  }
  const check = runtime.cause(operation.cause.type);
  if (check !== undefined) {
    const verdict = await check({ tenantId: operation.tenantId, cause: operation.cause, operation, now });
    if (!verdict.run) return { type: 'skip', reason: 'no-longer-due', detail: verdict.detail };
  }
  const link = missingLink(connector, operation.operation, customer);
  if (link !== null) return { type: 'fail', reason: 'no-mapping', detail: link };
  return { connector, customer };
}

/** Calls the connector, refreshing its credentials once when the provider refuses them. */
async function call(runtime: ConnectorRuntime, connector: Connector, running: ConnectorOperation, customer: Customer | null, now: Date): Promise<Outcome> {
  const request = { tenantId: running.tenantId, operationId: running.id, operation: running.operation, idempotencyKey: running.idempotencyKey, customer: customer === null ? null : customerOf(customer, connector.name), work: running.work, attempt: running.attempts, queuedAt: running.createdAt };
  let refreshed = false;
  for (;;) {
    try {
      const result = await connector.run(request, { signal: AbortSignal.timeout(runtime.options.timeoutMs), now });
      return { type: 'succeeded', result: { externalId: String(result.externalId), url: result.url ?? null } };
    } catch (error) {
      const known = isConnectorError(error);
      const message = error instanceof Error ? error.message : String(error);
      if (known && error.unauthorized) {
        if (!refreshed && connector.refreshCredentials !== undefined) {
          refreshed = true;
          try {
            if ((await connector.refreshCredentials()) !== false) continue;
            return { type: 'failed', reason: 'unauthorized', detail: `${connector.name} refused the credentials: ${message}. Its credentials cannot be refreshed: check the key given to the ${connector.name} connector and its permissions.` };
          } catch (refreshError) {
            const why = refreshError instanceof Error ? refreshError.message : String(refreshError);
            return { type: 'failed', reason: 'unauthorized', detail: `${connector.name} refused the credentials (${message}) and getting new ones failed: ${why}. Check the token provider given to the ${connector.name} connector.` };
          }
        }
        const again = refreshed ? ' again after a token refresh' : '';
        return { type: 'failed', reason: 'unauthorized', detail: `${connector.name} refused the credentials${again}: ${message}. Check the token provider given to the ${connector.name} connector and its permissions.` };
      }
      const retryable = known ? error.retryable : true;
      if (!retryable) return { type: 'failed', reason: 'provider-rejected', detail: message };
      if (running.attempts >= running.maxAttempts) return { type: 'failed', reason: 'attempts-exhausted', detail: `${message} (after ${running.attempts} attempts)` };
      const delay = retryDelay(running.attempts, known ? error.retryAfterMs : null, { baseMs: runtime.options.retryBaseMs, maxMs: runtime.options.retryMaxMs }, Math.random);
      return { type: 'retry', until: new Date(now.getTime() + delay), detail: `Attempt ${running.attempts} failed: ${message}` };
    }
  }
}

/**
 * Runs one due connector operation. Checks first (a connector, the customer and its
 * link, the cause); then records `running` before calling the provider, so a crash
 * mid-call is visible and the next attempt runs with the same idempotency key (which the
 * adapter's provider-side guard uses to find what the first attempt made); then records
 * the outcome: succeeded, a retry (`Retry-After` or backoff), or a final failure.
 */
export function createConnectorRunHandler(engine: Engine): JobHandler {
  const runtime = connectorsOf(engine);
  return async (job, now, batch): Promise<PreparedJob> => {
    const loaded = await batch.once(`connectors:${job.tenantId}`, async () => {
      const ids = batch.jobs.filter((j) => j.kind === job.kind && j.tenantId === job.tenantId).map((j) => j.refId);
      return new Map((await engine.store.connectorOperations.getMany(job.tenantId, ids)).map((o) => [o.id, o]));
    });
    const operation = loaded.get(job.refId) ?? null;
    if (operation === null || (operation.state !== 'queued' && operation.state !== 'running')) {
      await engine.store.jobs.complete(job);
      return { result: stale };
    }
    if (operation.notBefore.getTime() > now.getTime()) {
      await engine.store.jobs.reschedule(job, operation.notBefore);
      return { result: stale };
    }
    const decision = await decide(engine, runtime, operation, now, batch);
    if ('type' in decision) return { commit: (ctx) => record(ctx, operation, decision, job) };

    const running = markRunning(operation, now);
    if (!(await engine.store.connectorOperations.update(running, operation.version))) {
      // Changed since it was read (cancelled, or taken by another worker): look again soon.
      await engine.store.jobs.release(job, now);
      return { result: superseded };
    }
    const outcome = await call(runtime, decision.connector, running, decision.customer, now);
    return {
      settle: {
        runAt: outcome.type === 'retry' ? outcome.until : null,
        then: async (ctx, held) => (held ? record(ctx, running, outcome, null) : superseded),
      },
      commit: async (ctx) => {
        const current = await ctx.tx.connectorOperations.get(job.tenantId, operation.id);
        if (current === null || current.version !== running.version) return superseded;
        return record(ctx, current, outcome, job);
      },
    };
  };
}
