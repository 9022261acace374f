import type { EventRecord, EventRecordQuery } from '../../events/event-record';
import type { EventRecordRepository } from '../../events/event-record-repository';
import type { Journal } from '../kit/journal';
import type { MemoryState } from './memory-state';

/** The memory store's record of events: an array per tenant, in insertion order. */
export class MemoryEvents implements EventRecordRepository {
  constructor(
    private readonly state: MemoryState,
    private readonly journal: Journal,
  ) {}

  appendMany(records: readonly EventRecord[]): Promise<void> {
    for (const record of records) {
      let list = this.state.events.get(record.tenantId);
      if (list === undefined) {
        list = [];
        this.state.events.set(record.tenantId, list);
      }
      const target = list;
      target.push({ ...record, at: new Date(record.at.getTime()), payload: structuredClone(record.payload) });
      this.journal.record(() => target.pop());
    }
    return Promise.resolve();
  }

  list(tenantId: string, query: EventRecordQuery): Promise<EventRecord[]> {
    const rows = (this.state.events.get(tenantId) ?? [])
      .filter((r) => (query.name === undefined || r.name === query.name) && (query.from === undefined || r.at.getTime() >= query.from.getTime()))
      .map((r, i) => ({ r, i }))
      .sort((a, b) => a.r.at.getTime() - b.r.at.getTime() || a.i - b.i)
      .slice(0, query.limit)
      .map(({ r }) => ({ ...r, at: new Date(r.at.getTime()), payload: structuredClone(r.payload) }));
    return Promise.resolve(rows);
  }
}
