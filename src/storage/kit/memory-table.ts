import type { Journal } from './journal';
import { filterConditions, meets, type FilterRules } from './list-filter';
import { page, type ListOrder } from './list-order';
import type { RepositoryBasics } from './repository-basics';

/** How a {@link MemoryTable} keys, copies and indexes its rows. */
export interface MemoryTableSpec<E> {
  /** The row's key within its tenant (its id; a composite for rows keyed by customer and channel). */
  key(row: E): string;
  /** A copy that shares nothing mutable with `row`; `structuredClone` by default. */
  copy?: ((row: E) => E) | undefined;
  /** Secondary indexes by name: the value(s) a row is found under, or null for none. */
  indexes?: Readonly<Record<string, (row: E) => string | null>> | undefined;
  /** Indexes whose value no two rows of a tenant may share (an idempotency key). */
  unique?: Readonly<Record<string, (row: E) => string>> | undefined;
  /** Fields fixed at insert: an update keeps the stored values, so the indexes stay right. */
  fixed?: readonly (keyof E)[] | undefined;
}

/** A row that belongs to one tenant. */
export interface TenantRow {
  /** The tenant the row belongs to. */
  readonly tenantId: string;
}

type Index = Map<string, Map<string, Set<string>>>;

/**
 * One table of a memory store, written once for every repository: rows per tenant,
 * secondary and unique indexes, copies on the way in and out (a caller can never edit
 * stored state), optimistic versions, and every write journalled so that a transaction
 * that throws leaves the table as it found it.
 */
export class MemoryTable<E extends TenantRow> {
  readonly #rows = new Map<string, Map<string, E>>();
  readonly #indexes = new Map<string, Index>();
  readonly #unique = new Map<string, Map<string, Map<string, string>>>();
  readonly #spec: MemoryTableSpec<E>;
  readonly #copy: (row: E) => E;

  constructor(spec: MemoryTableSpec<E>) {
    this.#spec = spec;
    this.#copy = spec.copy ?? ((row) => structuredClone(row));
    for (const name of Object.keys(spec.indexes ?? {})) this.#indexes.set(name, new Map());
    for (const name of Object.keys(spec.unique ?? {})) this.#unique.set(name, new Map());
  }

  /** A copy of the row, or null. */
  get(tenantId: string, key: string): E | null {
    const row = this.#rows.get(tenantId)?.get(key);
    return row === undefined ? null : this.#copy(row);
  }

  /** Copies of the rows with these keys that exist, each once. */
  getMany(tenantId: string, keys: readonly string[]): E[] {
    const table = this.#rows.get(tenantId);
    const out: E[] = [];
    for (const key of new Set(keys)) {
      const row = table?.get(key);
      if (row !== undefined) out.push(this.#copy(row));
    }
    return out;
  }

  /** The row under a unique index value, copied, or null. */
  getUnique(tenantId: string, index: string, value: string): E | null {
    const key = this.#unique.get(index)?.get(tenantId)?.get(value);
    return key === undefined ? null : this.get(tenantId, key);
  }

  /** The stored rows (not copies: read them, then {@link out} what leaves) under an index value, or every row of the tenant. */
  rows(tenantId: string, index?: { name: string; value: string }): E[] {
    const table = this.#rows.get(tenantId);
    if (table === undefined) return [];
    if (index === undefined) return [...table.values()];
    const keys = this.#indexes.get(index.name)?.get(tenantId)?.get(index.value);
    return keys === undefined ? [] : [...keys].map((k) => table.get(k) as E);
  }

  /**
   * A page of a list, as every repository's `list` reads: the rows under an index value
   * (or all the tenant's), narrowed by the filter's declared rules and by `also`, in the
   * declared order, after a position, copied out.
   */
  list<F extends object>(tenantId: string, query: { index?: { name: string; value: string } | undefined; rules: FilterRules<E, F>; filter: F; order: ListOrder<E>; limit: number; after?: readonly unknown[] | undefined; also?: ((row: E) => boolean) | undefined }): E[] {
    const conditions = filterConditions(query.rules, query.filter);
    const rows = this.rows(tenantId, query.index).filter((row) => conditions.every((c) => meets(row, c)) && (query.also === undefined || query.also(row)));
    return page(query.order, rows, query.limit, query.after).map((row) => this.out(row));
  }

  /** Reads by key, inserts and versioned updates through `journal`, as repository methods. */
  basics(journal: Journal): RepositoryBasics<E> {
    return {
      get: async (tenantId, id) => this.get(tenantId, id),
      getMany: async (tenantId, ids) => this.getMany(tenantId, ids),
      insert: async (row) => this.insert(journal, row),
      update: async (row, expectedVersion) => this.update(journal, row as E & { version: number }, expectedVersion),
    };
  }

  /** A copy of a stored row, for what a read hands out. */
  out(row: E): E {
    return this.#copy(row);
  }

  /** Adds a row; false (and nothing written) when its key or a unique value is taken in the tenant. */
  insert(journal: Journal, row: E): boolean {
    const key = this.#spec.key(row);
    if (this.#rows.get(row.tenantId)?.has(key) === true) return false;
    for (const [name, valueOf] of Object.entries(this.#spec.unique ?? {})) {
      if (this.#unique.get(name)?.get(row.tenantId)?.has(valueOf(row)) === true) return false;
    }
    this.#write(journal, row.tenantId, key, this.#copy(row));
    return true;
  }

  /** Creates or replaces the row with this key. */
  put(journal: Journal, row: E): void {
    const key = this.#spec.key(row);
    const current = this.#rows.get(row.tenantId)?.get(key);
    this.#write(journal, row.tenantId, key, this.#copy(current === undefined ? row : this.#keepFixed(row, current)));
  }

  /** Replaces the row only if its stored `version` is `expectedVersion`; false otherwise. Fixed fields keep their stored values. */
  update(journal: Journal, row: E & { version: number }, expectedVersion: number): boolean {
    const key = this.#spec.key(row);
    const current = this.#rows.get(row.tenantId)?.get(key) as (E & { version: number }) | undefined;
    if (current === undefined || current.version !== expectedVersion) return false;
    this.#write(journal, row.tenantId, key, this.#copy(this.#keepFixed(row, current)));
    return true;
  }

  /** Deletes the row; returns it (stored, not copied), or null when there was none. */
  remove(journal: Journal, tenantId: string, key: string): E | null {
    const current = this.#rows.get(tenantId)?.get(key);
    if (current === undefined) return null;
    this.#write(journal, tenantId, key, null);
    return current;
  }

  /** Deletes every row under an index value; returns them. */
  removeWhere(journal: Journal, tenantId: string, index: string, value: string): E[] {
    const rows = this.rows(tenantId, { name: index, value });
    for (const row of rows) this.remove(journal, tenantId, this.#spec.key(row));
    return rows;
  }

  #keepFixed(row: E, current: E): E {
    const fixed = this.#spec.fixed;
    if (fixed === undefined || fixed.length === 0) return row;
    const kept = { ...row };
    for (const field of fixed) kept[field] = current[field];
    return kept;
  }

  /** Sets (or deletes, with null) a row and its index entries, journalled. */
  #write(journal: Journal, tenantId: string, key: string, row: E | null): void {
    let table = this.#rows.get(tenantId);
    if (table === undefined) {
      table = new Map();
      this.#rows.set(tenantId, table);
    }
    const rows = table;
    const previous = rows.get(key) ?? null;
    this.#place(tenantId, key, previous, row);
    if (row === null) rows.delete(key);
    else rows.set(key, row);
    journal.record(() => {
      this.#place(tenantId, key, row, previous);
      if (previous === null) rows.delete(key);
      else rows.set(key, previous);
    });
  }

  /** Moves a row's index entries from what `before` was indexed under to what `after` is. */
  #place(tenantId: string, key: string, before: E | null, after: E | null): void {
    for (const [name, valueOf] of Object.entries(this.#spec.indexes ?? {})) {
      const index = this.#indexes.get(name) as Index;
      const from = before === null ? null : valueOf(before);
      const to = after === null ? null : valueOf(after);
      if (from === to) continue;
      if (from !== null) index.get(tenantId)?.get(from)?.delete(key);
      if (to !== null) {
        let byTenant = index.get(tenantId);
        if (byTenant === undefined) index.set(tenantId, (byTenant = new Map<string, Set<string>>()));
        let keys = byTenant.get(to);
        if (keys === undefined) byTenant.set(to, (keys = new Set()));
        keys.add(key);
      }
    }
    for (const [name, valueOf] of Object.entries(this.#spec.unique ?? {})) {
      const index = this.#unique.get(name) as Map<string, Map<string, string>>;
      let byTenant = index.get(tenantId);
      if (byTenant === undefined) index.set(tenantId, (byTenant = new Map<string, string>()));
      if (before !== null) byTenant.delete(valueOf(before));
      if (after !== null) byTenant.set(valueOf(after), key);
    }
  }
}
