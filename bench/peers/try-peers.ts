// Smoke run of bench/peers with small numbers: bash bench/peers/install.sh && node --import tsx bench/peers/try-peers.ts
import { peerLateness, peersAvailable, peerThroughput } from './peer-queues';

const url = process.env.PEERS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const JOBS = 2_000;
const LATE_JOBS = 200;

// Spread over 5 s, starting 5 s out so the worker process starts before the first job is due.
const runAts = (): Date[] => Array.from({ length: LATE_JOBS }, (_, i) => new Date(Date.now() + 5_000 + (i * 5_000) / LATE_JOBS));

peersAvailable();
console.log('graphile-worker', await peerThroughput('graphile', url, JOBS, 2, { concurrency: 10, batchSize: 50, pollMs: 500 }));
console.log('pg-boss', await peerThroughput('pgboss', url, JOBS, 2, { concurrency: 2, batchSize: 100, pollMs: 500 }));
console.log(await peerLateness('graphile', url, runAts(), { concurrency: 10, batchSize: 0, pollMs: 500 }));
console.log(await peerLateness('pgboss', url, runAts(), { concurrency: 10, batchSize: 100, pollMs: 500 }));
