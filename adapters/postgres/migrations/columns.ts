import type { CreateTableBuilder } from 'kysely';

type Table = CreateTableBuilder<string, string>;
type DataType = Parameters<Table['addColumn']>[1];

/**
 * Adds a table's columns, written on one line as `name type` pairs separated by commas:
 * `!` after the type for NOT NULL, `pk` for the primary key. The same `addColumn` calls
 * a migration would chain one by one, so the SQL is what the chain compiles to.
 */
export function columns<TB extends string, C extends string>(table: CreateTableBuilder<TB, C>, spec: string): CreateTableBuilder<TB, string> {
  let t = table as unknown as Table;
  for (const part of spec.split(',')) {
    const [name, type, flag] = part.trim().split(/\s+/) as [string, string, string | undefined];
    const required = type.endsWith('!');
    const dataType = (required ? type.slice(0, -1) : type) as DataType;
    if (flag === 'pk') t = t.addColumn(name, dataType, (c) => c.primaryKey());
    else if (required) t = t.addColumn(name, dataType, (c) => c.notNull());
    else t = t.addColumn(name, dataType);
  }
  return t;
}
