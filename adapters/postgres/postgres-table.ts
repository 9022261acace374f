import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { filterConditions, type FilterRules, type ListOrder, type RepositoryBasics } from 'tickler/adapter';
import type { TicklerDatabase } from './postgres-schema';
import type { PgContext } from './postgres-session';

type Row = Record<string, unknown>;
type TableName = Extract<keyof TicklerDatabase, string>;
type Db = Kysely<Record<string, Row>>;

/** A select on one of the store's tables, as {@link PgTable.select} starts it. */
export type PgQuery = SelectQueryBuilder<Record<string, Row>, string, Row>;

/**
 * How an entity maps onto its table. Columns are the snake_case of the fields unless
 * renamed; what is not a plain rename is declared here once: JSON columns, numbers
 * (`bigint`), columns computed for queries, and fields fixed at insert.
 */
export interface PgTableSpec<E> {
  /** The table. */
  table: TableName;
  /** The columns of the primary key (after `tenant_id`); `['id']` by default. */
  key?: readonly string[] | undefined;
  /** Fields stored as `jsonb`, written as JSON; SQL NULL for null where listed in `sqlNull`. */
  json?: readonly (keyof E & string)[] | undefined;
  /** JSON fields whose null is SQL NULL rather than the JSON value `null`. */
  sqlNull?: readonly (keyof E & string)[] | undefined;
  /** `bigint` fields, read back as numbers. */
  numbers?: readonly (keyof E & string)[] | undefined;
  /** Columns named otherwise than their field. */
  rename?: Partial<Record<keyof E & string, string>> | undefined;
  /** Columns derived from the entity for queries and indexes; written, never read back. */
  computed?: Readonly<Record<string, (entity: E) => unknown>> | undefined;
  /** Columns a read leaves out: kept by the SQL of the repository itself, not part of the entity. */
  ignore?: readonly string[] | undefined;
  /** Fields fixed at insert: an update never changes their columns. */
  fixed?: readonly (keyof E & string)[] | undefined;
  /** JSON fields whose values hold Dates (written as ISO text): how to read them back. */
  revive?: Partial<Record<keyof E & string, (value: never) => unknown>> | undefined;
  /** Fields that are not columns of their own: written to `columns` by `write`, rebuilt from them by `read`. */
  custom?: { fields: readonly (keyof E & string)[] | { except: readonly (keyof E & string)[] }; columns: readonly string[]; write: (entity: E) => Row; read: (row: Row) => Partial<E> } | undefined;
}

const snake = (field: string): string => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camel = (column: string): string => column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/**
 * One table of the PostgreSQL store, written once for every repository: the mapping
 * between entity and row, reads by key, inserts that report a taken key, upserts,
 * versioned updates (one or many in a statement), deletes, and the list order declared
 * beside each port. Each repository keeps only its own queries.
 */
export class PgTable<E extends { tenantId: string }> {
  readonly name: TableName;
  readonly #spec: PgTableSpec<E>;
  readonly #key: readonly string[];
  readonly #columnOf: (field: string) => string;
  readonly #fieldOf = new Map<string, string>();
  readonly #skipOnRead: ReadonlySet<string>;
  readonly #json: ReadonlySet<string>;
  readonly #fixedColumns: ReadonlySet<string>;
  readonly #sqlNull: ReadonlySet<string>;
  readonly #numbers: ReadonlySet<string>;
  readonly #revive: Readonly<Record<string, (value: unknown) => unknown>>;
  // Column names are mapped once each, not per row.
  readonly #columns = new Map<string, string>();

  constructor(spec: PgTableSpec<E>) {
    this.#spec = spec;
    this.name = spec.table;
    this.#key = ['tenant_id', ...(spec.key ?? ['id'])];
    const rename = (spec.rename ?? {}) as Record<string, string>;
    this.#columnOf = (field) => {
      let column = this.#columns.get(field);
      if (column === undefined) {
        column = rename[field] ?? snake(field);
        this.#columns.set(field, column);
      }
      return column;
    };
    for (const [field, column] of Object.entries(rename)) this.#fieldOf.set(column, field);
    this.#skipOnRead = new Set([...Object.keys(spec.computed ?? {}), ...(spec.custom?.columns ?? []), ...(spec.ignore ?? [])]);
    this.#json = new Set(spec.json ?? []);
    this.#sqlNull = new Set(spec.sqlNull ?? []);
    this.#numbers = new Set(spec.numbers ?? []);
    this.#revive = (spec.revive ?? {}) as Record<string, (value: unknown) => unknown>;
    this.#fixedColumns = new Set([...this.#key, ...(spec.fixed ?? []).map((f) => this.#columnOf(f))]);
  }

  /** Ordered by id, by code unit: how definitions are listed. */
  readonly byId: ListOrder<E> = [{ field: 'id' as keyof E & string, type: 'text' }];

  /** The column a field is stored in. */
  column(field: keyof E & string): string {
    return this.#columnOf(field);
  }

  /**
   * The row of an entity. JSON columns are text for a parameter, or left as values for
   * a JSON document (`asJson`, which {@link updateMany} sends).
   */
  toRow(entity: E, asJson = false): Row {
    const row: Row = {};
    const sqlNull = this.#sqlNull;
    for (const [field, value] of Object.entries(entity)) {
      if (this.#isCustom(field)) continue;
      const column = this.#columnOf(field);
      if (this.#json.has(field)) row[column] = value === null && sqlNull.has(field) ? null : asJson ? value : JSON.stringify(value);
      else row[column] = value;
    }
    for (const [column, derive] of Object.entries(this.#spec.computed ?? {})) row[column] = derive(entity);
    if (this.#spec.custom !== undefined) Object.assign(row, this.#spec.custom.write(entity));
    return row;
  }

  /** The entity a row holds. */
  fromRow(row: Row): E {
    const entity: Row = {};
    const numbers = this.#numbers;
    const revive = this.#revive;
    for (const [column, value] of Object.entries(row)) {
      if (this.#skipOnRead.has(column)) continue;
      let field = this.#fieldOf.get(column);
      if (field === undefined) {
        field = camel(column);
        this.#fieldOf.set(column, field);
      }
      const reader = revive[field];
      entity[field] = numbers.has(field) && value !== null ? Number(value) : reader !== undefined && value !== null ? reader(value) : value;
    }
    if (this.#spec.custom !== undefined) Object.assign(entity, this.#spec.custom.read(row));
    return entity as E;
  }

  /** `select *` from the table, scoped to the tenant. */
  select(ctx: PgContext, tenantId: string): PgQuery {
    return (ctx.db as unknown as Db).selectFrom(this.name).selectAll().where('tenant_id', '=', tenantId);
  }

  /** Narrows a query by the rules declared for a list filter. */
  filtered<F extends object>(query: PgQuery, rules: FilterRules<E, F>, filter: F): PgQuery {
    let q = query;
    for (const c of filterConditions(rules, filter)) {
      q = c.op === 'contains' ? q.where(sql<boolean>`${sql.ref(c.column)} @> ${JSON.stringify([c.operand])}::jsonb`) : q.where(c.column, c.op, c.operand);
    }
    return q;
  }

  /** Orders a query by a declared list order (text by code unit: `collate "C"`). */
  ordered(query: PgQuery, order: ListOrder<E>): PgQuery {
    let q = query;
    for (const key of order) q = q.orderBy(this.#orderRef(key), key.desc === true ? 'desc' : 'asc');
    return q;
  }

  /** Rows strictly after the position `values` (the sort values of the last row seen), in the declared order. */
  after(query: PgQuery, order: ListOrder<E>, values: readonly unknown[]): PgQuery {
    const desc = order[0]?.desc === true;
    if (order.some((k) => (k.desc === true) !== desc)) throw new Error('Keyset paging needs every key of the order in the same direction.');
    const columns = sql.join(order.map((k) => this.#orderRef(k)));
    const params = sql.join(order.map((k, i) => (k.type === 'text' ? sql`${values[i]} collate "C"` : sql`${values[i]}`)));
    return query.where(desc ? sql<boolean>`(${columns}) < (${params})` : sql<boolean>`(${columns}) > (${params})`);
  }

  /** The entities a query's rows hold. */
  async all(query: PgQuery): Promise<E[]> {
    const rows = await query.execute();
    return rows.map((r) => this.fromRow(r));
  }

  /** The entity of a query's first row, or null. */
  async first(query: PgQuery): Promise<E | null> {
    const row = await query.executeTakeFirst();
    return row === undefined ? null : this.fromRow(row);
  }

  /** Reads by id, inserts and versioned updates through `ctx`: what most repositories start from. */
  basics(ctx: PgContext): RepositoryBasics<E> {
    return {
      get: (tenantId, id) => this.get(ctx, tenantId, id),
      getMany: (tenantId, ids) => this.getMany(ctx, tenantId, ids),
      insert: (entity) => this.insert(ctx, entity),
      update: (entity, expectedVersion) => this.update(ctx, entity, expectedVersion),
    };
  }

  /** Adds a row; throws when its key is taken (for tables whose port says so). */
  async add(ctx: PgContext, entity: E): Promise<void> {
    await (ctx.db as unknown as Db).insertInto(this.name).values(this.toRow(entity)).execute();
  }

  /** One row by key, or null. */
  async get(ctx: PgContext, tenantId: string, ...key: string[]): Promise<E | null> {
    let q = this.select(ctx, tenantId);
    this.#key.slice(1).forEach((column, i) => (q = q.where(column, '=', key[i])));
    return this.first(q);
  }

  /** The rows with these ids that exist, each once. */
  async getMany(ctx: PgContext, tenantId: string, ids: readonly string[], column = 'id'): Promise<E[]> {
    if (ids.length === 0) return [];
    return this.all(this.select(ctx, tenantId).where(column, '=', sql<string>`any(${sql.val([...new Set(ids)])}::text[])`));
  }

  /** Adds a row; false (and nothing written) when its key, or another unique value, is taken. */
  async insert(ctx: PgContext, entity: E): Promise<boolean> {
    const result = await (ctx.db as unknown as Db)
      .insertInto(this.name)
      .values(this.toRow(entity))
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** Creates or replaces the row with this key. */
  async put(ctx: PgContext, entity: E): Promise<void> {
    const row = this.toRow(entity);
    const changes = Object.fromEntries(Object.entries(row).filter(([column]) => !this.#fixedColumns.has(column)));
    await (ctx.db as unknown as Db)
      .insertInto(this.name)
      .values(row)
      .onConflict((oc) => oc.columns(this.#key).doUpdateSet(changes))
      .execute();
  }

  /** Replaces the row only if its stored `version` is `expectedVersion`; false otherwise. Fixed fields keep their stored values. */
  async update(ctx: PgContext, entity: E, expectedVersion: number): Promise<boolean> {
    const row = this.toRow(entity);
    let q = (ctx.db as unknown as Db).updateTable(this.name).set(Object.fromEntries(Object.entries(row).filter(([column]) => !this.#fixedColumns.has(column))));
    for (const column of this.#key) q = q.where(column, '=', row[column]);
    const result = await q.where('version', '=', expectedVersion).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Like {@link update} on each in turn, in one statement: the rows travel as one JSON
   * array that `json_populate_recordset` types by the table itself (as `json`, which
   * PostgreSQL reads without building a binary copy), their expected versions as an
   * array beside it. Returns, in input order, which were replaced. (In that document a
   * JSON null reads as SQL NULL: tables whose JSON columns hold the JSON value `null` use
   * {@link update}.)
   */
  async updateMany(ctx: PgContext, updates: readonly { entity: E; expectedVersion: number }[]): Promise<boolean[]> {
    if (updates.length === 0) return [];
    if (updates.length === 1) {
      const only = updates[0] as { entity: E; expectedVersion: number };
      return [await this.update(ctx, only.entity, only.expectedVersion)];
    }
    const rows = updates.map((u) => this.toRow(u.entity, true));
    const columns = Object.keys(rows[0] ?? {}).filter((c) => !this.#fixedColumns.has(c));
    const table = sql.id(ctx.schema, this.name);
    const set = sql.join(columns.map((c) => sql`${sql.id(c)} = v.${sql.id(c)}`));
    const match = sql.join(
      this.#key.map((c) => sql`t.${sql.id(c)} = v.${sql.id(c)}`),
      sql` and `,
    );
    const result = await sql<{ i: string }>`
      update ${table} t set ${set}
      from json_populate_recordset(null::${table}, ${JSON.stringify(rows)}::json) with ordinality as v
      join unnest(${updates.map((u) => u.expectedVersion)}::int[]) with ordinality as e(expected, i) on e.i = v.ordinality
      where ${match} and t.version = e.expected
      returning e.i`.execute(ctx.db);
    const done = new Set(result.rows.map((r) => Number(r.i) - 1));
    return updates.map((_, i) => done.has(i));
  }

  /** Deletes the row; false when there was none. */
  async remove(ctx: PgContext, tenantId: string, ...key: string[]): Promise<boolean> {
    let q = (ctx.db as unknown as Db).deleteFrom(this.name).where('tenant_id', '=', tenantId);
    this.#key.slice(1).forEach((column, i) => (q = q.where(column, '=', key[i])));
    const result = await q.executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  #isCustom(field: string): boolean {
    const fields = this.#spec.custom?.fields;
    if (fields === undefined) return false;
    return Array.isArray(fields) ? (fields as readonly string[]).includes(field) : !(fields as { except: readonly string[] }).except.includes(field);
  }

  #orderRef(key: ListOrder<E>[number]): RawBuilder<unknown> {
    const column = sql.id(key.column ?? this.#columnOf(key.field));
    return key.type === 'text' ? sql`${column} collate "C"` : sql`${column}`;
  }
}
