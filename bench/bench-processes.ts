// Worker processes for bench:pg: tickler's, the peers' and the raw SQL loop's. Each child connects,
// prints "ready", waits for a "go" line on stdin (so every peer is timed from the same moment, none
// from its process start-up) and then works; in lateness mode it prints one line per delivery.
import { spawn, type ChildProcess } from 'node:child_process';

/** Children running one worker each, the lines they printed, and a promise for all of them being ready. */
export interface Workers {
  children: ChildProcess[];
  lines: string[];
  ready: Promise<void>;
  /** Tells every child to start working. */
  go(): void;
}

/** Starts `n` children of `script` (run with tsx) with `args`, the child's index appended. */
export function spawnWorkers(script: string, args: readonly string[], n: number): Workers {
  const lines: string[] = [];
  let readyCount = 0;
  let onReady: () => void = () => undefined;
  let onFail: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    onReady = resolve;
    onFail = reject;
  });
  const children = Array.from({ length: n }, (_, w) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args, String(w)], { stdio: ['pipe', 'pipe', 'inherit'] });
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const line of parts) {
        if (line === 'ready') {
          if (++readyCount === n) onReady();
        } else lines.push(line);
      }
    });
    child.once('exit', (code) => {
      if (readyCount < n) onFail(new Error(`${script} exited with ${String(code)} before it was ready`));
    });
    return child;
  });
  return { children, lines, ready, go: () => children.forEach((c) => c.stdin?.write('go\n')) };
}

/** In a worker process: resolves when the parent says "go". */
export function waitForGo(): Promise<void> {
  return new Promise((resolve) => {
    let buffer = '';
    process.stdin.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      if (buffer.includes('go\n')) resolve();
    });
  });
}

/** Stops the children with SIGTERM and waits for them to exit. */
export async function stopAll(children: readonly ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (c) =>
        new Promise((resolve) => {
          if (c.exitCode !== null) return resolve(undefined);
          c.once('exit', resolve);
          c.kill('SIGTERM');
        }),
    ),
  );
}

/** Resolves once `done()` holds, checking every `everyMs`; rejects after `timeoutMs`. */
export async function until(done: () => Promise<boolean>, timeoutMs: number, what: string, everyMs = 25): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await done())) {
    if (performance.now() > deadline) throw new Error(`bench: gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
