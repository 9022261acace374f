import { expect } from 'vitest';
import type { SourceState } from '../../model/source-state';
import type { ContractCase } from '../../storage/contract/contract-case';
import { uniqueId } from '../../storage/contract/fixtures';

function stateRow(tenantId: string, id: string, overrides: Partial<SourceState> = {}): SourceState {
  const at = new Date('2026-11-23T08:00:00.000Z');
  return { tenantId, id, cursor: null, everyMs: null, pending: [], lastPull: null, createdAt: at, updatedAt: at, version: 1, ...overrides };
}

/** Contract cases for source states. */
export const sourceStateCases: ContractCase[] = [
  {
    name: 'source states: insert once, read back whole, update at the expected version only',
    async run(store) {
      const t = uniqueId('t');
      const first = stateRow(t, 'quickbooks', { everyMs: 900_000 });
      expect(await store.sourceStates.insert(first)).toBe(true);
      expect(await store.sourceStates.insert(first)).toBe(false);
      expect(await store.sourceStates.get(t, 'quickbooks')).toEqual(first);
      const lastPull = {
        startedAt: new Date('2026-11-23T08:00:00.000Z'),
        finishedAt: new Date('2026-11-23T08:00:02.500Z'),
        pages: 2,
        applied: 10,
        unchanged: 3,
        rejected: 1,
        rejections: [{ type: 'invoice', id: '130', code: 'VALIDATION_FAILED', path: 'amount', message: 'The amount is negative.' }],
        error: null,
      };
      const next: SourceState = { ...first, cursor: '{"changedSince":"2026-11-23T07:59:00Z"}', pending: ['130', '131'], lastPull, version: 2 };
      expect(await store.sourceStates.update(next, 1)).toBe(true);
      expect(await store.sourceStates.update({ ...next, version: 3 }, 1)).toBe(false);
      expect(await store.sourceStates.get(t, 'quickbooks')).toEqual(next);
      expect(await store.sourceStates.get(uniqueId('t'), 'quickbooks')).toBeNull();
    },
  },
  {
    name: 'source states: listed by source name in code-unit order, per tenant',
    async run(store) {
      const t = uniqueId('t');
      for (const id of ['stripe', 'Zoho', 'quickbooks', 'sap']) await store.sourceStates.insert(stateRow(t, id));
      await store.sourceStates.insert(stateRow(uniqueId('t'), 'other'));
      expect((await store.sourceStates.list(t)).map((s) => s.id)).toEqual(['Zoho', 'quickbooks', 'sap', 'stripe']);
      expect((await store.sourceStates.getMany(t, ['sap', 'missing', 'stripe'])).map((s) => s.id).sort()).toEqual(['sap', 'stripe']);
    },
  },
];
