// The example host app: `npm start` (or `tsx --tsconfig examples/express/tsconfig.host.json examples/express/server.ts`).
import type { AddressInfo } from 'node:net';
import { createApp } from './app';

const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`PORT must be a port number (0 picks a free one), not "${process.env.PORT}".`);
  process.exit(1);
}

const built = await createApp({ demo: process.env.DEMO !== '0' });
for (const line of built.described) console.log(`[example] ${line}`);

const server = built.app.listen(port, () => {
  const { port: actual } = server.address() as AddressInfo;
  console.log(`tickler example app: http://localhost:${actual}`);
});
server.on('error', (error) => {
  console.error('[example] could not listen:', error);
  void built.close().finally(() => process.exit(1));
});

let stopping = false;
function shutdown(signal: string): void {
  if (stopping) return;
  stopping = true;
  console.log(`[example] ${signal}: stopping the worker and closing the store…`);
  server.close();
  server.closeAllConnections();
  built
    .close()
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      console.error('[example] could not close cleanly:', error);
      process.exit(1);
    });
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
