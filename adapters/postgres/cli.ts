#!/usr/bin/env node
// `npx tickler migrate --url postgres://… [--schema tickler]` or `--pglite ./data/tickler`.
import { parseArgs } from 'node:util';
import { postgresStore } from './postgres-store-factory';

const USAGE = `Usage:
  tickler migrate --url <postgres connection string> [--schema tickler]
  tickler migrate --pglite <data directory> [--schema tickler]

Creates the schema if needed and applies every pending migration. Safe to run twice and
from several processes at once. The URL may also come from DATABASE_URL.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { url: { type: 'string' }, pglite: { type: 'string' }, schema: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help === true || positionals[0] !== 'migrate') {
    console.log(USAGE);
    return values.help === true ? 0 : 2;
  }
  const url = values.url ?? (values.pglite === undefined ? process.env.DATABASE_URL : undefined);
  if (url === undefined && values.pglite === undefined) {
    console.error('Give --url (or DATABASE_URL) or --pglite.\n\n' + USAGE);
    return 2;
  }
  const store = await postgresStore(url !== undefined ? { connectionString: url, schema: values.schema } : { pglite: values.pglite, schema: values.schema });
  try {
    const report = await store.migrate();
    console.log(report.applied.length === 0 ? `Schema "${report.schema}" is up to date.` : `Schema "${report.schema}": applied ${report.applied.join(', ')}.`);
    return 0;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
