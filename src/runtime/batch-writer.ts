interface Group {
  flush: (items: unknown[]) => Promise<unknown[]>;
  items: unknown[];
  settle: { resolve: (value: unknown) => void; reject: (error: unknown) => void }[];
}

/**
 * Coalesces writes of many concurrent tasks sharing one transaction: each task `defer`s
 * its write under a key and waits; when every task still running is waiting, each key's
 * writes go to the store as one statement, and each task gets its own result back.
 */
export class BatchWriter {
  #running: number;
  #waiting = 0;
  #groups = new Map<string, Group>();

  constructor(tasks: number) {
    this.#running = tasks;
  }

  /** Queues `item` under `key`; resolves with its result once the group is flushed. */
  defer<I, R>(key: string, item: I, flush: (items: I[]) => Promise<R[]>): Promise<R> {
    let group = this.#groups.get(key);
    if (group === undefined) {
      group = { flush: flush as (items: unknown[]) => Promise<unknown[]>, items: [], settle: [] };
      this.#groups.set(key, group);
    }
    const g = group;
    const result = new Promise<R>((resolve, reject) => {
      g.items.push(item);
      g.settle.push({ resolve: resolve as (value: unknown) => void, reject });
    });
    this.#waiting++;
    this.#maybeFlush();
    return result;
  }

  /** Tells the writer a task has finished, so it stops waiting for it. */
  done(): void {
    this.#running--;
    this.#maybeFlush();
  }

  #maybeFlush(): void {
    if (this.#waiting === 0 || this.#waiting < this.#running) return;
    const groups = [...this.#groups.values()];
    this.#groups.clear();
    this.#waiting = 0;
    void (async () => {
      for (const g of groups) {
        try {
          const results = await g.flush(g.items);
          g.settle.forEach((s, i) => s.resolve(results[i]));
        } catch (error) {
          for (const s of g.settle) s.reject(error);
        }
      }
    })();
  }
}
