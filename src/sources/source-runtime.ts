import { ValidationError, type ValidationIssue } from '../errors';
import type { Engine } from '../runtime/engine';
import { engineKey } from '../runtime/engine-key';
import type { Source } from './source';
import type { SourceOptions } from './source-config';

const CHANGE_TYPES = ['customer', 'invoice', 'payment', 'payment_failed', 'activity'];
// What this process knows of invoices, by tenant and source: bounded, oldest forgotten first.
const MAX_KNOWN = 100_000;

/** The sources configured in this process, their options and what this process last read from each. Internal. */
export class SourceRuntime {
  readonly options: SourceOptions;
  readonly #sources = new Map<string, Source>();
  // tenant \0 source -> when the last pull that reached the end started (every change before it was seen).
  readonly #pulledAt = new Map<string, number>();
  // tenant \0 source \0 provider invoice id -> when it was last read.
  readonly #readAt = new Map<string, number>();

  constructor(sources: readonly Source[], options: SourceOptions) {
    this.options = options;
    const issues: ValidationIssue[] = [];
    sources.forEach((source, i) => {
      if (typeof source !== 'object' || source === null || typeof source.pull !== 'function') issues.push({ path: `sources.${i}`, message: 'A source has a name, what it yields and a pull function.' });
      else if (typeof source.name !== 'string' || !/^[a-z0-9][a-z0-9_-]{0,39}$/.test(source.name)) issues.push({ path: `sources.${i}.name`, message: 'A source name is 1 to 40 lower-case letters, digits, - or _ (it prefixes the ids it yields).' });
      else if (!Array.isArray(source.yields) || source.yields.length === 0 || source.yields.some((t: unknown) => typeof t !== 'string' || !CHANGE_TYPES.includes(t))) {
        issues.push({ path: `sources.${i}.yields`, message: `yields lists what it yields, among ${CHANGE_TYPES.join(', ')}.` });
      } else if (this.#sources.has(source.name)) issues.push({ path: `sources.${i}.name`, message: `Two sources are named "${source.name}"; give each a unique name.` });
      else this.#sources.set(source.name, source);
    });
    if (issues.length > 0) throw new ValidationError(issues);
  }

  /** The source with this name, if configured here. */
  source(name: string): Source | undefined {
    return this.#sources.get(name);
  }

  /** The sources configured here. */
  all(): Source[] {
    return [...this.#sources.values()];
  }

  /** Records that a pull started at `startedAt` reached the end of what the source had. */
  markPulled(tenantId: string, source: string, startedAt: Date): void {
    const key = `${tenantId}\u0000${source}`;
    this.#pulledAt.set(key, Math.max(this.#pulledAt.get(key) ?? 0, startedAt.getTime()));
  }

  /** Records that these invoices were read as they were at `at`. */
  markRead(tenantId: string, source: string, providerIds: readonly string[], at: Date): void {
    for (const id of providerIds) {
      const key = `${tenantId}\u0000${source}\u0000${id}`;
      this.#readAt.delete(key);
      this.#readAt.set(key, at.getTime());
    }
    while (this.#readAt.size > MAX_KNOWN) this.#readAt.delete(this.#readAt.keys().next().value as string);
  }

  /** Since when this process knows the invoice as the source has it (0: never read here). */
  knownSince(tenantId: string, source: string, providerId: string): number {
    return Math.max(this.#pulledAt.get(`${tenantId}\u0000${source}`) ?? 0, this.#readAt.get(`${tenantId}\u0000${source}\u0000${providerId}`) ?? 0);
  }
}

/** Where the composition root puts the {@link SourceRuntime}. */
export const SOURCES = engineKey<SourceRuntime>('sources');

/** The engine's source runtime. */
export function sourcesOf(engine: Engine): SourceRuntime {
  return engine.get(SOURCES);
}
