// Smoke run of bench/peers with small numbers: bash bench/peers/install.sh && node --import tsx bench/peers/try-peers.ts
import { graphileLateness, graphileThroughput, peersAvailable, pgBossLateness, pgBossThroughput } from './peer-queues';

const url = process.env.PEERS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const JOBS = 2_000;
const CONCURRENCY = 10;
const LATE_JOBS = 200;

// Spread over 5 s, starting 3 s out so schema setup finishes before the first job is due.
const runAts = (): Date[] => Array.from({ length: LATE_JOBS }, (_, i) => new Date(Date.now() + 3_000 + (i * 5_000) / LATE_JOBS));

peersAvailable();
console.log(await graphileThroughput(url, JOBS, CONCURRENCY));
console.log(await pgBossThroughput(url, JOBS, CONCURRENCY));
console.log(await graphileLateness(url, runAts()));
console.log(await pgBossLateness(url, runAts()));
