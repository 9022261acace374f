import { describe, expect, it } from 'vitest';
import { BatchWriter } from '../../src/runtime/batch-writer';

describe('BatchWriter', () => {
  it('flushes each key once every running task is waiting, and hands each task its own result', async () => {
    const writer = new BatchWriter(3);
    const flushed: number[][] = [];
    const flush = (items: number[]) => {
      flushed.push([...items]);
      return Promise.resolve(items.map((n) => n * 10));
    };
    const results = await Promise.all(
      [1, 2, 3].map(async (n) => {
        await new Promise((resolve) => setTimeout(resolve, n * 3)); // arrive at different times
        const r = await writer.defer('k', n, flush);
        writer.done();
        return r;
      }),
    );
    expect(results).toEqual([10, 20, 30]);
    expect(flushed).toEqual([[1, 2, 3]]);
  });

  it('does not wait for tasks that finished without deferring', async () => {
    const writer = new BatchWriter(2);
    const other = (async () => {
      await Promise.resolve();
      writer.done();
    })();
    const r = await writer.defer('k', 'x', (items) => Promise.resolve(items.map((s) => s.toUpperCase())));
    writer.done();
    await other;
    expect(r).toBe('X');
  });

  it('rejects every waiting task when a flush fails', async () => {
    const writer = new BatchWriter(2);
    const boom = new Error('store down');
    const fail = () => Promise.reject(boom);
    const settled = await Promise.allSettled([writer.defer('k', 1, fail), writer.defer('k', 2, fail)]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
  });
});
