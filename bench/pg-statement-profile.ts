// The statements a bench run sent to PostgreSQL, per 1,000 rows, from pg_stat_statements when the
// server has it loaded (shared_preload_libraries = 'pg_stat_statements'); otherwise nothing.
import type pg from 'pg';
import { fmt } from './bench-report';

/** A started profile: `report(rows)` prints the statements on `schema` since it started. */
export interface StatementProfile {
  report(rows: number): Promise<string>;
}

/** Resets pg_stat_statements and returns the profile, or null when the server does not have it. */
export async function statementProfile(pool: pg.Pool, schema: string): Promise<StatementProfile | null> {
  try {
    await pool.query('create extension if not exists pg_stat_statements');
    await pool.query('select pg_stat_statements_reset()');
  } catch {
    return null;
  }
  return {
    async report(rows) {
      const { rows: stats } = await pool.query<{ calls: string; total: number; rows: string; query: string }>(
        `select calls, total_exec_time as total, rows, query from pg_stat_statements
         where dbid = (select oid from pg_database where datname = current_database()) and query like $1
           and query not like '%select exists%' order by total_exec_time desc limit 12`,
        [`%${schema}%`],
      );
      const total = stats.reduce((sum, s) => sum + s.total, 0);
      const lines = stats.map((s) => {
        const text = s.query.replace(/\s+/g, ' ').replace(new RegExp(`"?${schema}"?\\.`, 'g'), '').slice(0, 90);
        return `| ${fmt((Number(s.calls) * 1000) / rows, 1)} | ${fmt((s.total * 1000) / rows, 1)} | ${fmt((s.total / total) * 100, 0)}% | \`${text.replace(/\|/g, '\\|')}…\` |`;
      });
      return ['| calls | ms (server) | share | statement |', '| --- | --- | --- | --- |', ...lines].join('\n');
    },
  };
}
