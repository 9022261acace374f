// The physical limit for bench:pg: a raw SQL loop that claims due rows of tickler's jobs table under a
// lease (the statement tickler's store runs) and deletes them, with no handler and nothing recorded.
// Usage: node --import tsx bench/peers/raw-claim-worker.ts <url> <schema> <limit> <index>
import pg from 'pg';
import { waitForGo } from '../bench-processes';

const [url, schema, limit] = process.argv.slice(2) as [string, string, string];
const client = new pg.Client({ connectionString: url, application_name: 'raw-claim' });
await client.connect();
await client.query('set synchronous_commit = off');
let stopping = false;
process.on('SIGTERM', () => (stopping = true));
process.stdout.write('ready\n');
await waitForGo();
const jobs = `"${schema}".jobs`;
while (!stopping) {
  const { rows } = await client.query<{ tenant_id: string; id: string; lease_token: string }>(
    `with due as (select tenant_id, id from ${jobs} where ready_at <= now() order by ready_at limit $1 for update skip locked)
     update ${jobs} j set attempt = j.attempt + 1, lease_token = gen_random_uuid()::text, lease_owner = 'raw', lease_until = now() + interval '30 s', ready_at = now() + interval '30 s'
     from due where j.tenant_id = due.tenant_id and j.id = due.id returning j.tenant_id, j.id, j.lease_token`,
    [Number(limit)],
  );
  if (rows.length === 0) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    continue;
  }
  await client.query(`delete from ${jobs} j using unnest($1::text[], $2::text[], $3::text[]) as x(tenant_id, id, token) where j.tenant_id = x.tenant_id and j.id = x.id and j.lease_token = x.token`, [
    rows.map((r) => r.tenant_id),
    rows.map((r) => r.id),
    rows.map((r) => r.lease_token),
  ]);
}
await client.end();
process.exit(0);
