import type { Action, Resource } from '../access/access-policy';
import { actorRef, type Actor, type ActorRef } from '../access/actor';
import type { NewAuditEntry } from '../audit/audit-entry';
import { AUDIT_SEALER } from '../audit/audit-sealer';
import { auditSnapshot } from '../audit/audit-snapshot';
import { ForbiddenError } from '../errors';
import type { TicklerEventMap, TicklerEventName, TenantEvent } from '../events/event-map';
import type { StoreSession, TransactionOptions } from '../storage/store';
import type { BatchWriter } from './batch-writer';
import type { Engine } from './engine';
import { engineKey } from './engine-key';

/** What a command appends to the audit trail. */
export interface AuditInput {
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  reason?: string | null | undefined;
}

/** An event queued by a command: emitted after commit, and shown to the engine's event tap before it. */
export type PendingEvent = { [K in Exclude<TicklerEventName, 'error'>]: { name: K; payload: TicklerEventMap[K]; depth: number } }[Exclude<TicklerEventName, 'error'>];

/** Makes a context for engine work in the same transaction: its tenant, and how deep in an automation chain it is. */
export type TapContextFor = (tenantId: string, depth: number) => CommandContext;

/**
 * Sees a transaction's events before it commits (automations match here, so a change and
 * the runs it starts commit together). Events it queues in turn are shown to it again.
 */
export type EventTap = (events: readonly PendingEvent[], contextFor: TapContextFor) => Promise<void>;

/** Where the composition root puts the engine's {@link EventTap}, if any. */
export const EVENT_TAP = engineKey<EventTap>('event tap');

/** The actor recorded for what automations do. */
export const AUTOMATION_ACTOR: ActorRef = Object.freeze({ userId: 'tickler:automation', roles: Object.freeze([]) });

/** Payload of a tenant event without the fields the context fills in. */
export type EventBody<K extends TicklerEventName> = Omit<TicklerEventMap[K], keyof TenantEvent>;

/** What a {@link CommandContext} is made of. */
export interface CommandContextParts {
  engine: Engine;
  tenantId: string;
  actor: ActorRef;
  tx: StoreSession;
  /** Events to emit after commit (shared by the contexts of one transaction). */
  events: PendingEvent[];
  /** The full actor the policy is asked about, or null for the engine's own work. */
  fullActor: Actor | null;
  /** Audit entries to write before commit (shared likewise). */
  audits: NewAuditEntry[];
  /** Coalesces writes of the tasks sharing a transaction, if any. */
  writer?: BatchWriter | null | undefined;
  /** Reads memoised for the transaction (shared likewise). */
  memo?: Map<string, Promise<unknown>> | undefined;
  /** How many automations led to this work (0 for a person's or the host's command). */
  depth?: number | undefined;
  /** The command's `now`, when this context is made for work inside a command already running; else the clock is read. */
  now?: Date | undefined;
}

/**
 * One command in flight: its transaction, its actor, one `now` for the whole command,
 * and the events to emit once the transaction has committed.
 */
export class CommandContext {
  readonly now: Date;
  readonly actor: ActorRef;
  readonly engine: Engine;
  readonly tenantId: string;
  readonly tx: StoreSession;
  readonly #events: PendingEvent[];
  readonly #audits: NewAuditEntry[];
  readonly #fullActor: Actor | null;
  readonly #writer: BatchWriter | null;
  readonly #memo: Map<string, Promise<unknown>>;
  readonly #parts: CommandContextParts;
  /** How many automations led to this work; events it emits carry it to the automation matcher. */
  readonly depth: number;

  constructor(parts: CommandContextParts) {
    this.#parts = parts;
    this.depth = parts.depth ?? 0;
    this.engine = parts.engine;
    this.tenantId = parts.tenantId;
    this.tx = parts.tx;
    this.now = parts.now ?? parts.engine.clock.now();
    this.actor = parts.actor;
    this.#events = parts.events;
    this.#audits = parts.audits;
    this.#fullActor = parts.fullActor;
    this.#writer = parts.writer ?? null;
    this.#memo = parts.memo ?? new Map<string, Promise<unknown>>();
  }

  /** A context in the same transaction, at the same `now`, for engine work done as `actor` at automation depth `depth`. */
  derive(actor: ActorRef, depth: number): CommandContext {
    return new CommandContext({ ...this.#parts, memo: this.#memo, actor, fullActor: null, depth, now: this.now });
  }

  /**
   * Reads `key` once per transaction: settings, policies and templates that many items of
   * a batch need are loaded once. Only for what the transaction itself does not change.
   */
  memo<T>(key: string, load: () => Promise<T>): Promise<T> {
    let p = this.#memo.get(key) as Promise<T> | undefined;
    if (p === undefined) {
      p = load();
      this.#memo.set(key, p);
    }
    return p;
  }

  /** Forgets a memoised read (after the transaction changed what it read). */
  forget(key: string): void {
    this.#memo.delete(key);
  }

  /** Throws ForbiddenError unless the policy allows the action. Engine-internal commands skip the policy. */
  async authorize(action: Action, resource: Omit<Resource, 'tenantId'>): Promise<void> {
    if (this.#fullActor === null) return;
    const allowed = await this.engine.policy(this.#fullActor, action, { ...resource, tenantId: this.tenantId });
    if (allowed !== true) throw new ForbiddenError(action, `User "${this.#fullActor.userId}" (roles: ${this.#fullActor.roles.join(', ') || 'none'}) may not perform "${action}".`);
  }

  /**
   * Adds an audit entry to the command's transaction. Entries are written together just
   * before the commit, so the tenant's trail (whose head row orders appends) stays locked
   * for as short a time as possible.
   */
  audit(input: AuditInput): Promise<void> {
    this.#audits.push({
      tenantId: this.tenantId,
      id: this.engine.newId(),
      at: this.now,
      actor: this.actor,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      before: auditSnapshot(input.before),
      after: auditSnapshot(input.after),
      reason: input.reason ?? null,
    });
    return Promise.resolve();
  }

  /**
   * Writes `item` together with the same writes of the other tasks sharing this
   * transaction (one statement for all of them); alone, it is written at once.
   */
  defer<I, R>(key: string, item: I, flush: (items: I[]) => Promise<R[]>): Promise<R> {
    if (this.#writer !== null) return this.#writer.defer(key, item, flush);
    return flush([item]).then((results) => results[0] as R);
  }

  /** Queues a tenant event, emitted after commit. */
  emit<K extends Exclude<TicklerEventName, 'error'>>(name: K, body: EventBody<K>): void {
    const payload = { ...body, tenantId: this.tenantId, actor: this.actor, at: this.now } as unknown as TicklerEventMap[K];
    this.#events.push({ name, payload, depth: this.depth } as PendingEvent);
  }
}

/** Shows the transaction's events to the engine's tap until it queues no more. */
async function runTap(engine: Engine, events: PendingEvent[], contextFor: TapContextFor): Promise<void> {
  const tap = engine.find(EVENT_TAP);
  if (tap === undefined) return;
  for (let seen = 0; seen < events.length; ) {
    const next = events.slice(seen);
    seen = events.length;
    await tap(next, contextFor);
  }
}

/** Options of {@link runCommand} and {@link runShared}. */
export interface CommandOptions extends TransactionOptions {
  /**
   * Append the audit entries unsealed where the store can (`appendPending`), and have
   * them sealed right after the commit: no lock on the tenant's chain while the
   * transaction runs. The scheduler's batches use it.
   */
  sealLater?: boolean | undefined;
}

/**
 * Writes a transaction's audit entries and the record of its events, just before it
 * commits. Returns the tenants whose entries were left to seal after the commit.
 */
async function recordInTransaction(engine: Engine, tx: StoreSession, audits: NewAuditEntry[], events: PendingEvent[], sealLater: boolean): Promise<string[]> {
  let unsealed: string[] = [];
  if (audits.length > 0) {
    const appendPending = sealLater ? tx.audit.appendPending?.bind(tx.audit) : undefined;
    if (appendPending !== undefined && engine.find(AUDIT_SEALER)?.enabled === true) {
      await appendPending(audits);
      unsealed = [...new Set(audits.map((a) => a.tenantId))];
    } else await tx.audit.appendMany(audits);
  }
  if (events.length > 0) {
    await tx.events.appendMany(
      events.map((e) => {
        const payload = e.payload as unknown as { tenantId: string; at: Date };
        return { tenantId: payload.tenantId, id: engine.newId(), name: e.name, at: payload.at, payload: auditSnapshot(e.payload) };
      }),
    );
  }
  return unsealed;
}

/** Hands the tenants a commit left unsealed to the sealer. */
function sealAfterCommit(engine: Engine, tenants: readonly string[]): void {
  if (tenants.length > 0) engine.find(AUDIT_SEALER)?.request(tenants);
}

/**
 * Runs a read: the policy check and the reads go straight to the store, without a
 * transaction (one round trip instead of three on PostgreSQL). Writes are refused by
 * construction: nothing is audited, no event is queued.
 */
export async function runRead<T>(engine: Engine, actor: Actor, fn: (ctx: CommandContext) => Promise<T>): Promise<T> {
  return fn(new CommandContext({ engine, tenantId: actor.tenantId, actor: actorRef(actor), tx: engine.store, events: [], fullActor: actor, audits: [] }));
}

/**
 * Runs a command: one transaction for the state change and its audit entries, then the
 * events, only after a successful commit. A throw anywhere rolls everything back and
 * emits nothing.
 */
export async function runCommand<T>(
  engine: Engine,
  who: { actor: Actor } | { tenantId: string; ref: ActorRef },
  fn: (ctx: CommandContext) => Promise<T>,
  options?: CommandOptions,
): Promise<T> {
  const events: PendingEvent[] = [];
  const tenantId = 'actor' in who ? who.actor.tenantId : who.tenantId;
  const ref = 'actor' in who ? actorRef(who.actor) : who.ref;
  const full = 'actor' in who ? who.actor : null;
  let unsealed: string[] = [];
  const result = await engine.store.transaction(async (tx) => {
    const audits: NewAuditEntry[] = [];
    const memo = new Map<string, Promise<unknown>>();
    const ctx = new CommandContext({ engine, tenantId, actor: ref, tx, events, fullActor: full, audits, memo });
    const value = await fn(ctx);
    await runTap(engine, events, (t, depth) => new CommandContext({ engine, tenantId: t, actor: AUTOMATION_ACTOR, tx, events, fullActor: null, audits, memo, depth, now: ctx.now }));
    unsealed = await recordInTransaction(engine, tx, audits, events, options?.sealLater === true);
    return value;
  }, transactionOptions(options));
  sealAfterCommit(engine, unsealed);
  for (const event of events) await engine.bus.emit(event.name, event.payload);
  return result;
}

function transactionOptions(options: CommandOptions | undefined): TransactionOptions | undefined {
  return options?.relaxedDurability === undefined ? undefined : { relaxedDurability: options.relaxedDurability };
}

/** Gives each item of a shared transaction its own context: its tenant and who acts. */
export type ContextFor = (tenantId: string, ref: ActorRef, writer?: BatchWriter) => CommandContext;

/**
 * Runs engine-internal work for several tenants in one transaction: all of it commits or
 * none does. `contextFor` makes a context per item; audit entries are written together
 * before the commit, and events are emitted after it.
 */
export async function runShared<T>(engine: Engine, fn: (contextFor: ContextFor, tx: StoreSession) => Promise<T>, options?: CommandOptions): Promise<T> {
  const events: PendingEvent[] = [];
  let unsealed: string[] = [];
  const result = await engine.store.transaction(async (tx) => {
    const audits: NewAuditEntry[] = [];
    const memo = new Map<string, Promise<unknown>>();
    const now = engine.clock.now();
    const value = await fn((tenantId, ref, writer) => new CommandContext({ engine, tenantId, actor: ref, tx, events, fullActor: null, audits, writer: writer ?? null, memo, now }), tx);
    await runTap(engine, events, (t, depth) => new CommandContext({ engine, tenantId: t, actor: AUTOMATION_ACTOR, tx, events, fullActor: null, audits, memo, depth, now }));
    unsealed = await recordInTransaction(engine, tx, audits, events, options?.sealLater === true);
    return value;
  }, transactionOptions(options));
  sealAfterCommit(engine, unsealed);
  for (const event of events) await engine.bus.emit(event.name, event.payload);
  return result;
}
