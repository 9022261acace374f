import type { Logger } from '../logging/logger';
import { engineKey } from '../runtime/engine-key';
import type { AuditRepository } from './audit-repository';

/** Entries one seal call numbers at most; the sealer calls again while it finds that many. */
const SEAL_LIMIT = 5_000;

/**
 * Seals the audit entries the scheduler's batches append unsealed (see
 * `AuditRepository.appendPending`), off their path: a batch asks for its tenants to be
 * sealed once it has committed and goes on; one seal at a time runs per process, and it
 * takes every tenant asked for meanwhile, so under load one seal covers many batches.
 */
export class AuditSealer {
  readonly #audit: AuditRepository;
  readonly #logger: Logger;
  #wanted = new Set<string>();
  #all = false;
  #running: Promise<void> | null = null;

  constructor(audit: AuditRepository, logger: Logger) {
    this.#audit = audit;
    this.#logger = logger;
  }

  /** Whether the store seals at all (it has the `appendPending` capability). */
  get enabled(): boolean {
    return typeof this.#audit.seal === 'function';
  }

  /** Asks for these tenants' pending entries (every tenant's with `'all'`) to be sealed soon. */
  request(tenantIds: Iterable<string> | 'all'): void {
    if (!this.enabled) return;
    if (tenantIds === 'all') this.#all = true;
    else for (const t of tenantIds) this.#wanted.add(t);
    this.#running ??= this.#drain().finally(() => {
      this.#running = null;
    });
  }

  /** Resolves once everything asked for so far is sealed (or failed and logged). */
  async flush(): Promise<void> {
    while (this.#running !== null) await this.#running;
  }

  /** Seals the tenant's pending entries now (reads of the trail call it first); resolves with how many. */
  async sealNow(tenantId: string): Promise<number> {
    const seal = this.enabled ? this.#audit.seal?.bind(this.#audit) : undefined;
    if (seal === undefined) return 0;
    let total = 0;
    for (;;) {
      const sealed = await seal([tenantId], SEAL_LIMIT);
      total += sealed;
      if (sealed < SEAL_LIMIT) return total;
    }
  }

  async #drain(): Promise<void> {
    const seal = this.#audit.seal?.bind(this.#audit);
    if (seal === undefined) return;
    while (this.#all || this.#wanted.size > 0) {
      const tenants = this.#all ? undefined : [...this.#wanted];
      this.#all = false;
      this.#wanted = new Set();
      try {
        // A full seal means more may be waiting: ask again.
        if ((await seal(tenants, SEAL_LIMIT)) === SEAL_LIMIT) {
          if (tenants === undefined) this.#all = true;
          else for (const t of tenants) this.#wanted.add(t);
        }
      } catch (error) {
        // Nothing is lost: the entries stay pending and the next request (or the worker's sweep) seals them.
        this.#logger.warn({ err: error }, 'Could not seal audit entries; they stay pending until the next seal');
        return;
      }
    }
  }
}

/** Where the composition root puts the engine's {@link AuditSealer}. */
export const AUDIT_SEALER = engineKey<AuditSealer>('audit sealer');
