import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateCondition, matchAutomations, waitEnd, type Automation, type AutomationTrigger, type Condition, type EarlierFacts, type Facts, type JsonValue } from 'tickler';

const facts = (customer: Record<string, JsonValue> | null, event: Record<string, JsonValue> = {}, invoice: Record<string, JsonValue> | null = null): Facts => ({ event, customer, invoice });

const CUSTOMER: Facts = facts(
  {
    id: 'c-1',
    name: 'Ada Lovelace',
    status: 'Interested',
    folder: null,
    tags: ['vip', 'b2b'],
    assignees: ['u-am'],
    fields: { plan: 'gold', seats: 12, renewalAt: '2027-05-01T10:00:00Z', since: '2026-01-15', address: { city: 'Paris', zip: '75001' }, scores: [1, 2, 3] },
  },
  { to: 'Interested', from: 'Lead', amount: 250 },
  { id: 'inv-1', number: 'F-001', amountMinor: 120_000, dueDate: '2026-11-20', status: 'open' },
);

/** `{ field, gt: bound }` and its siblings. */
const ordered = (field: string, op: 'gt' | 'gte' | 'lt' | 'lte', bound: number | string): Condition => ({ field, [op]: bound }) as unknown as Condition;

const holds = (condition: Condition, on: Facts = CUSTOMER, earlier: EarlierFacts | null = null): boolean => evaluateCondition(condition, on, earlier);

describe('evaluateCondition: equals and notEquals', () => {
  it('compares scalars by value', () => {
    expect(holds({ field: 'customer.status', equals: 'Interested' })).toBe(true);
    expect(holds({ field: 'customer.status', equals: 'interested' })).toBe(false);
    expect(holds({ field: 'customer.fields.seats', equals: 12 })).toBe(true);
    expect(holds({ field: 'customer.fields.seats', equals: '12' })).toBe(false);
    expect(holds({ field: 'event.amount', equals: 250 })).toBe(true);
    expect(holds({ field: 'invoice.number', equals: 'F-001' })).toBe(true);
    expect(holds({ field: 'customer.folder', equals: null })).toBe(true);
    expect(holds({ field: 'customer.folder', equals: false })).toBe(false);
  });

  it('compares arrays element by element, in order', () => {
    expect(holds({ field: 'customer.tags', equals: ['vip', 'b2b'] })).toBe(true);
    expect(holds({ field: 'customer.tags', equals: ['b2b', 'vip'] })).toBe(false);
    expect(holds({ field: 'customer.tags', equals: ['vip'] })).toBe(false);
    expect(holds({ field: 'customer.tags', equals: ['vip', 'b2b', 'x'] })).toBe(false);
    expect(holds({ field: 'customer.fields.scores', equals: [1, 2, 3] })).toBe(true);
    expect(holds({ field: 'customer.fields.scores', equals: { 0: 1, 1: 2, 2: 3 } })).toBe(false);
  });

  it('compares objects by content, keys in any order', () => {
    expect(holds({ field: 'customer.fields.address', equals: { zip: '75001', city: 'Paris' } })).toBe(true);
    expect(holds({ field: 'customer.fields.address', equals: { city: 'Paris' } })).toBe(false);
    expect(holds({ field: 'customer.fields.address', equals: { city: 'Paris', zip: '75001', country: 'FR' } })).toBe(false);
    expect(holds({ field: 'customer.fields.address', equals: { city: 'Paris', zip: 75001 } })).toBe(false);
    expect(holds({ field: 'customer.fields.address', equals: ['Paris', '75001'] })).toBe(false);
  });

  it('reads into arrays by index', () => {
    expect(holds({ field: 'customer.tags.0', equals: 'vip' })).toBe(true);
    expect(holds({ field: 'customer.fields.scores.2', equals: 3 })).toBe(true);
    expect(holds({ field: 'customer.tags.5', exists: true })).toBe(false);
    expect(holds({ field: 'customer.tags.first', exists: true })).toBe(false);
  });

  it('notEquals is the negation of equals', () => {
    expect(holds({ field: 'customer.status', notEquals: 'Lead' })).toBe(true);
    expect(holds({ field: 'customer.status', notEquals: 'Interested' })).toBe(false);
    expect(holds({ field: 'customer.tags', notEquals: ['b2b', 'vip'] })).toBe(true);
    expect(holds({ field: 'customer.fields.address', notEquals: { zip: '75001', city: 'Paris' } })).toBe(false);
  });
});

describe('evaluateCondition: in and contains', () => {
  it('in: the value equals one of the list (deeply)', () => {
    expect(holds({ field: 'customer.status', in: ['Lead', 'Interested'] })).toBe(true);
    expect(holds({ field: 'customer.status', in: ['Lead', 'Qualified'] })).toBe(false);
    expect(holds({ field: 'customer.fields.seats', in: [10, 12] })).toBe(true);
    expect(holds({ field: 'customer.fields.seats', in: ['12'] })).toBe(false);
    expect(holds({ field: 'customer.tags', in: [['vip', 'b2b'], ['x']] })).toBe(true);
    expect(holds({ field: 'customer.fields.address', in: [{ zip: '75001', city: 'Paris' }] })).toBe(true);
    expect(holds({ field: 'customer.status', in: [] })).toBe(false);
  });

  it('contains: an array holds the value (deeply)', () => {
    expect(holds({ field: 'customer.tags', contains: 'vip' })).toBe(true);
    expect(holds({ field: 'customer.tags', contains: 'VIP' })).toBe(false);
    expect(holds({ field: 'customer.tags', contains: 'vi' })).toBe(false);
    expect(holds({ field: 'customer.fields.scores', contains: 2 })).toBe(true);
    expect(holds({ field: 'customer.fields.scores', contains: '2' })).toBe(false);
    const items = facts({ items: [{ sku: 'a', qty: 1 }] });
    expect(holds({ field: 'customer.items', contains: { qty: 1, sku: 'a' } }, items)).toBe(true);
    expect(holds({ field: 'customer.items', contains: { sku: 'a' } }, items)).toBe(false);
  });

  it('contains: a string contains the text (case-sensitive)', () => {
    expect(holds({ field: 'customer.name', contains: 'Love' })).toBe(true);
    expect(holds({ field: 'customer.name', contains: 'love' })).toBe(false);
    expect(holds({ field: 'customer.name', contains: '' })).toBe(true);
  });

  it('contains: anything else is false (numbers, objects, a non-text needle in a string)', () => {
    expect(holds({ field: 'customer.fields.seats', contains: 1 })).toBe(false);
    expect(holds({ field: 'customer.fields.address', contains: 'Paris' })).toBe(false);
    expect(holds({ field: 'customer.name', contains: 1 })).toBe(false);
    expect(holds({ field: 'customer.folder', contains: 'x' })).toBe(false);
  });
});

describe('evaluateCondition: gt, gte, lt, lte', () => {
  it('orders numbers', () => {
    expect(holds({ field: 'customer.fields.seats', gt: 11 })).toBe(true);
    expect(holds({ field: 'customer.fields.seats', gt: 12 })).toBe(false);
    expect(holds({ field: 'customer.fields.seats', gte: 12 })).toBe(true);
    expect(holds({ field: 'customer.fields.seats', gte: 12.5 })).toBe(false);
    expect(holds({ field: 'customer.fields.seats', lt: 13 })).toBe(true);
    expect(holds({ field: 'customer.fields.seats', lt: 12 })).toBe(false);
    expect(holds({ field: 'customer.fields.seats', lte: 12 })).toBe(true);
    expect(holds({ field: 'customer.fields.seats', lte: 11 })).toBe(false);
    expect(holds({ field: 'invoice.amountMinor', gte: 100_000 })).toBe(true);
    expect(holds({ field: 'invoice.amountMinor', lt: -1 })).toBe(false);
    expect(holds({ field: 'customer.x', lt: -3 }, facts({ x: -3.5 }))).toBe(true);
    expect(holds({ field: 'customer.x', gt: -3 }, facts({ x: -3.5 }))).toBe(false);
  });

  it('orders ISO instants in time, whatever their offsets', () => {
    const on = facts({ at: '2026-03-01T10:00:00+02:00' }); // 08:00Z
    expect(holds({ field: 'customer.at', lt: '2026-03-01T09:00:00Z' }, on)).toBe(true);
    expect(holds({ field: 'customer.at', gt: '2026-03-01T07:59:59Z' }, on)).toBe(true);
    expect(holds({ field: 'customer.at', gte: '2026-03-01T08:00:00.000Z' }, on)).toBe(true);
    expect(holds({ field: 'customer.at', lte: '2026-03-01T09:00:00+01:00' }, on)).toBe(true);
    expect(holds({ field: 'customer.at', gt: '2026-03-01T09:00:00+01:00' }, on)).toBe(false);
    expect(holds({ field: 'customer.fields.renewalAt', gt: '2027-01-01T00:00:00Z' })).toBe(true);
  });

  it('orders calendar dates', () => {
    expect(holds({ field: 'customer.fields.since', lt: '2026-02-01' })).toBe(true);
    expect(holds({ field: 'customer.fields.since', gte: '2026-01-15' })).toBe(true);
    expect(holds({ field: 'customer.fields.since', gt: '2026-01-15' })).toBe(false);
    expect(holds({ field: 'invoice.dueDate', lte: '2026-11-20' })).toBe(true);
    expect(holds({ field: 'invoice.dueDate', lt: '2026-11-20' })).toBe(false);
  });

  it('mismatched types never order: false for every operator', () => {
    const cases: [string, number | string][] = [
      ['customer.name', 3], // text vs number
      ['customer.fields.seats', '2026-01-01'], // number vs date
      ['customer.fields.seats', '12'], // number vs numeric text
      ['customer.tags', 1], // array vs number
      ['customer.fields.address', 1], // object vs number
      ['customer.folder', 0], // null vs number
      ['customer.status', 'Another'], // text that is no instant
      ['customer.fields.since', 'tomorrow'], // date vs text
      ['customer.fields.renewalAt', '2027-05-01T10:00:00'], // an instant vs a local time without offset
    ];
    for (const [field, bound] of cases) {
      for (const op of ['gt', 'gte', 'lt', 'lte'] as const) {
        expect(holds(ordered(field, op, bound)), `${field} ${op} ${String(bound)}`).toBe(false);
      }
    }
    // A malformed date never orders either.
    expect(holds({ field: 'customer.d', lt: '2027-01-01' }, facts({ d: '2026-13-45' }))).toBe(false);
    expect(holds({ field: 'customer.d', gt: '2025-01-01' }, facts({ d: '2026-13-45' }))).toBe(false);
  });
});

describe('evaluateCondition: exists', () => {
  it('true for a present, non-null value (also falsy ones)', () => {
    const on = facts({ zero: 0, empty: '', no: false, list: [], obj: {}, gone: null });
    for (const field of ['zero', 'empty', 'no', 'list', 'obj']) {
      expect(holds({ field: `customer.${field}`, exists: true }, on), field).toBe(true);
      expect(holds({ field: `customer.${field}`, exists: false }, on), field).toBe(false);
    }
  });

  it('false for null and for a missing path at any depth', () => {
    const on = facts({ gone: null, fields: {} });
    for (const field of ['customer.gone', 'customer.missing', 'customer.fields.plan', 'customer.gone.deeper', 'customer.missing.a.b', 'invoice.number', 'event.nothing']) {
      expect(holds({ field, exists: true }, on), field).toBe(false);
      expect(holds({ field, exists: false }, on), field).toBe(true);
    }
  });

  it('a null customer or invoice has no fields', () => {
    const on = facts(null);
    expect(holds({ field: 'customer.status', exists: false }, on)).toBe(true);
    expect(holds({ field: 'invoice.number', exists: true }, on)).toBe(false);
  });
});

describe('evaluateCondition: missing paths', () => {
  it('a missing field equals nothing, is in nothing, contains nothing and orders against nothing', () => {
    const field = 'customer.fields.missing';
    expect(holds({ field, equals: 'x' })).toBe(false);
    expect(holds({ field, equals: 0 })).toBe(false);
    expect(holds({ field, equals: [] })).toBe(false);
    expect(holds({ field, notEquals: 'x' })).toBe(true);
    expect(holds({ field, in: ['x', 0, false] })).toBe(false);
    expect(holds({ field, contains: 'x' })).toBe(false);
    for (const op of ['gt', 'gte', 'lt', 'lte'] as const) expect(holds(ordered(field, op, 0))).toBe(false);
    // Through a scalar: customer.name is text, so customer.name.first is missing.
    expect(holds({ field: 'customer.name.first', equals: 'Ada' })).toBe(false);
    expect(holds({ field: 'customer.status.length', equals: 10 })).toBe(false);
  });
});

describe('evaluateCondition: changed', () => {
  const now = facts({ status: 'Interested', folder: 'Hot' });
  const before: EarlierFacts = { customer: { status: 'Lead', folder: 'Hot' }, invoice: null };

  it('true when the value differs from the earlier facts', () => {
    expect(holds({ field: 'customer.status', changed: true }, now, before)).toBe(true);
    expect(holds({ field: 'customer.folder', changed: true }, now, before)).toBe(false);
  });

  it('from narrows to the earlier value', () => {
    expect(holds({ field: 'customer.status', changed: { from: 'Lead' } }, now, before)).toBe(true);
    expect(holds({ field: 'customer.status', changed: { from: 'Qualified' } }, now, before)).toBe(false);
  });

  it('to narrows to the current value', () => {
    expect(holds({ field: 'customer.status', changed: { to: 'Interested' } }, now, before)).toBe(true);
    expect(holds({ field: 'customer.status', changed: { to: 'Lead' } }, now, before)).toBe(false);
  });

  it('from and to together must both hold', () => {
    expect(holds({ field: 'customer.status', changed: { from: 'Lead', to: 'Interested' } }, now, before)).toBe(true);
    expect(holds({ field: 'customer.status', changed: { from: 'Lead', to: 'Qualified' } }, now, before)).toBe(false);
    expect(holds({ field: 'customer.status', changed: { from: 'Qualified', to: 'Interested' } }, now, before)).toBe(false);
  });

  it('an unchanged value is never "changed", even with from/to naming it', () => {
    expect(holds({ field: 'customer.folder', changed: { from: 'Hot', to: 'Hot' } }, now, before)).toBe(false);
    expect(holds({ field: 'customer.folder', changed: { to: 'Hot' } }, now, before)).toBe(false);
  });

  it('appearing and disappearing are changes (from or to null)', () => {
    const earlier: EarlierFacts = { customer: { status: null }, invoice: null };
    expect(holds({ field: 'customer.status', changed: true }, now, earlier)).toBe(true);
    expect(holds({ field: 'customer.status', changed: { from: null, to: 'Interested' } }, now, earlier)).toBe(true);
    expect(holds({ field: 'customer.status', changed: { from: 'Interested', to: null } }, facts({ status: null }), { customer: { status: 'Interested' }, invoice: null })).toBe(true);
  });

  it('compares arrays and objects deeply', () => {
    const earlier: EarlierFacts = { customer: { tags: ['vip'] }, invoice: null };
    expect(holds({ field: 'customer.tags', changed: true }, facts({ tags: ['vip'] }), earlier)).toBe(false);
    expect(holds({ field: 'customer.tags', changed: { to: ['vip', 'b2b'] } }, facts({ tags: ['vip', 'b2b'] }), earlier)).toBe(true);
  });

  it('reads invoice fields from the earlier invoice', () => {
    const earlier: EarlierFacts = { customer: null, invoice: { status: 'open' } };
    const on = facts(null, {}, { status: 'paid' });
    expect(holds({ field: 'invoice.status', changed: { from: 'open', to: 'paid' } }, on, earlier)).toBe(true);
  });

  it('without earlier facts nothing has changed', () => {
    expect(holds({ field: 'customer.status', changed: true }, now, null)).toBe(false);
    expect(holds({ field: 'customer.status', changed: { from: 'Lead' } }, now, null)).toBe(false);
    expect(holds({ field: 'customer.status', changed: { to: 'Interested' } }, now, null)).toBe(false);
    expect(holds({ field: 'customer.status', changed: { from: 'Lead', to: 'Interested' } }, now, null)).toBe(false);
    expect(holds({ not: { field: 'customer.status', changed: true } }, now, null)).toBe(true);
  });
});

describe('evaluateCondition: all, any, not', () => {
  const yes: Condition = { field: 'customer.status', equals: 'Interested' };
  const no: Condition = { field: 'customer.status', equals: 'Lead' };

  it('an empty all holds; an empty any does not', () => {
    expect(holds({ all: [] })).toBe(true);
    expect(holds({ any: [] })).toBe(false);
    expect(holds({ not: { all: [] } })).toBe(false);
    expect(holds({ not: { any: [] } })).toBe(true);
  });

  it('all needs every one, any needs one', () => {
    expect(holds({ all: [yes, yes] })).toBe(true);
    expect(holds({ all: [yes, no] })).toBe(false);
    expect(holds({ any: [no, yes] })).toBe(true);
    expect(holds({ any: [no, no] })).toBe(false);
  });

  it('not negates; double not is the identity', () => {
    expect(holds({ not: yes })).toBe(false);
    expect(holds({ not: no })).toBe(true);
    expect(holds({ not: { not: yes } })).toBe(true);
  });

  it('nests', () => {
    const rule: Condition = {
      all: [
        { any: [{ field: 'customer.tags', contains: 'vip' }, { field: 'customer.fields.seats', gt: 100 }] },
        { not: { field: 'customer.status', in: ['Lost', 'Churned'] } },
        { any: [{ all: [] }, no] },
        { field: 'invoice.amountMinor', gte: 100_000 },
      ],
    };
    expect(holds(rule)).toBe(true);
    expect(holds(rule, { ...CUSTOMER, invoice: { amountMinor: 5 } })).toBe(false);
    expect(holds(rule, { ...CUSTOMER, customer: { ...CUSTOMER.customer, tags: [] } })).toBe(false);
  });

  it('passes the earlier facts down to nested changed conditions', () => {
    const earlier: EarlierFacts = { customer: { status: 'Lead' }, invoice: null };
    expect(holds({ all: [{ any: [{ not: { not: { field: 'customer.status', changed: { to: 'Interested' } } } }] }] }, CUSTOMER, earlier)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------
// Properties over wide inputs.

const scalar = fc.oneof(fc.string({ maxLength: 4 }), fc.integer({ min: -5, max: 5 }), fc.boolean(), fc.constant(null), fc.constantFrom('2026-01-01', '2026-06-01T12:00:00Z', '2026-06-01T12:00:00+02:00'));
const value: fc.Arbitrary<JsonValue> = fc.oneof({ weight: 4, arbitrary: scalar }, { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) }, { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('a', 'b'), scalar, { maxKeys: 2 }) });
const factsArb: fc.Arbitrary<Facts> = fc.record({
  event: fc.dictionary(fc.constantFrom('x', 'y'), value, { maxKeys: 2 }),
  customer: fc.option(fc.dictionary(fc.constantFrom('x', 'y', 'status'), value, { maxKeys: 3 }), { nil: null }),
  invoice: fc.option(fc.dictionary(fc.constantFrom('x', 'amountMinor'), value, { maxKeys: 2 }), { nil: null }),
});
const earlierArb: fc.Arbitrary<EarlierFacts | null> = fc.option(fc.record({ customer: fc.option(fc.dictionary(fc.constantFrom('x', 'y', 'status'), value, { maxKeys: 3 }), { nil: null }), invoice: fc.constant(null) }), { nil: null });
const field = fc.constantFrom('event.x', 'event.y', 'customer.x', 'customer.y', 'customer.status', 'customer.x.a', 'invoice.x', 'invoice.amountMinor', 'customer.x.0');
const bound = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom('2026-01-01', '2026-03-01T00:00:00Z', 'abc'));
const leaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ field, equals: value }),
  fc.record({ field, notEquals: value }),
  fc.record({ field, in: fc.array(value, { minLength: 1, maxLength: 3 }) }),
  fc.record({ field, contains: value }),
  fc.record({ field, gt: bound }),
  fc.record({ field, gte: bound }),
  fc.record({ field, lt: bound }),
  fc.record({ field, lte: bound }),
  fc.record({ field, exists: fc.boolean() }),
  fc.record({ field, changed: fc.oneof(fc.constant(true as const), fc.record({ from: value, to: value }, { requiredKeys: [] })) }),
);
const condition: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ all: fc.array(tie('c'), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('c'), { maxLength: 3 }) }),
    fc.record({ not: tie('c') }),
  ),
})).c;

describe('evaluateCondition: properties', () => {
  it('not(c) is always the negation of c', () => {
    fc.assert(fc.property(condition, factsArb, earlierArb, (c, f, e) => evaluateCondition({ not: c }, f, e) === !evaluateCondition(c, f, e)));
  });

  it('all([c]) and any([c]) are c', () => {
    fc.assert(
      fc.property(condition, factsArb, earlierArb, (c, f, e) => {
        const alone = evaluateCondition(c, f, e);
        return evaluateCondition({ all: [c] }, f, e) === alone && evaluateCondition({ any: [c] }, f, e) === alone;
      }),
    );
  });

  it('all and any are conjunction and disjunction, and De Morgan holds', () => {
    fc.assert(
      fc.property(fc.array(condition, { maxLength: 4 }), factsArb, earlierArb, (cs, f, e) => {
        const each = cs.map((c) => evaluateCondition(c, f, e));
        const all = evaluateCondition({ all: cs }, f, e);
        const any = evaluateCondition({ any: cs }, f, e);
        return all === each.every(Boolean) && any === each.some(Boolean) && evaluateCondition({ not: { all: cs } }, f, e) === evaluateCondition({ any: cs.map((c) => ({ not: c })) }, f, e);
      }),
    );
  });

  it('is pure: the same inputs give the same answer and are not changed', () => {
    fc.assert(
      fc.property(condition, factsArb, earlierArb, (c, f, e) => {
        const copies = JSON.stringify([c, f, e]);
        const first = evaluateCondition(c, f, e);
        return evaluateCondition(c, f, e) === first && JSON.stringify([c, f, e]) === copies;
      }),
    );
  });

  it('equals is reflexive on arbitrary JSON, and notEquals its negation', () => {
    fc.assert(
      fc.property(fc.jsonValue() as fc.Arbitrary<JsonValue>, (v) => {
        const on = facts({ v });
        return evaluateCondition({ field: 'customer.v', equals: v }, on, null) && !evaluateCondition({ field: 'customer.v', notEquals: v }, on, null) && evaluateCondition({ field: 'customer.v', in: [v] }, on, null);
      }),
    );
  });

  it('equals ignores the order of object keys', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue() as fc.Arbitrary<JsonValue>, { maxKeys: 6 }), (o) => {
        const reversed = Object.fromEntries(Object.entries(o).reverse());
        return evaluateCondition({ field: 'customer.o', equals: reversed }, facts({ o }), null);
      }),
    );
  });

  it('a number orders like the number line: gt/lte and lt/gte are complements', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ noNaN: true, noDefaultInfinity: true }), (x, b) => {
        const on = facts({ x });
        const at = (c: Condition) => evaluateCondition(c, on, null);
        return at({ field: 'customer.x', gt: b }) === x > b && at({ field: 'customer.x', gte: b }) === x >= b && at({ field: 'customer.x', lt: b }) === x < b && at({ field: 'customer.x', lte: b }) === x <= b;
      }),
    );
  });

  it('instants order as the times they name', () => {
    const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(instant, instant, fc.integer({ min: -12, max: 14 }), (a, b, offsetHours) => {
        // `a` written with an offset, `b` in UTC.
        const shifted = new Date(a.getTime() + offsetHours * 3_600_000).toISOString().slice(0, 19);
        const sign = offsetHours < 0 ? '-' : '+';
        const written = `${shifted}${sign}${String(Math.abs(offsetHours)).padStart(2, '0')}:00`;
        const on = facts({ at: written });
        return evaluateCondition({ field: 'customer.at', lt: b.toISOString() }, on, null) === Math.floor(a.getTime() / 1000) * 1000 < b.getTime();
      }),
    );
  });

  it('without earlier facts, changed never holds', () => {
    fc.assert(fc.property(field, fc.oneof(fc.constant(true as const), fc.record({ from: value, to: value }, { requiredKeys: [] })), factsArb, (f, changed, on) => !evaluateCondition({ field: f, changed }, on, null)));
  });
});

// ---------------------------------------------------------------------------------------
// matchAutomations

function automation(id: string, trigger: AutomationTrigger, overrides: Partial<Automation> = {}): Automation {
  const at = new Date('2026-11-01T00:00:00Z');
  return { tenantId: 'acme', id, name: null, enabled: true, trigger, if: null, wait: null, unless: null, then: [{ type: 'setStatus', status: 'x' }], rotation: {}, createdAt: at, updatedAt: at, version: 1, ...overrides };
}

describe('matchAutomations', () => {
  const onStatus = (id: string, overrides: Partial<Automation> = {}) => automation(id, { type: 'event', event: 'customer.status_changed' }, overrides);
  const occurrence = (name: string, on: Facts = CUSTOMER, earlier: EarlierFacts | null = null) => ({ name, facts: on, earlier });

  it('matches only automations triggered by this event name', () => {
    const list = [onStatus('a'), automation('b', { type: 'event', event: 'customer.folder_changed' }), automation('c', { type: 'event', event: 'deal.stage_reached' })];
    expect(matchAutomations(list, occurrence('customer.status_changed')).map((a) => a.id)).toEqual(['a']);
    expect(matchAutomations(list, occurrence('deal.stage_reached')).map((a) => a.id)).toEqual(['c']);
    expect(matchAutomations(list, occurrence('customer.created'))).toEqual([]);
  });

  it('never matches a disabled automation, even with no conditions', () => {
    expect(matchAutomations([onStatus('a', { enabled: false })], occurrence('customer.status_changed'))).toEqual([]);
  });

  it('schedule and inactivity automations never match events (not even by their own names)', () => {
    const list = [
      automation('s', { type: 'schedule', rrule: 'FREQ=DAILY', start: '2026-11-01T09:00', zone: 'UTC' }),
      automation('i', { type: 'inactivity', days: 60, activity: 'purchase' }),
    ];
    for (const name of ['schedule', 'inactivity', 'customer.inactive', 'customer.status_changed', 'manual']) expect(matchAutomations(list, occurrence(name))).toEqual([]);
  });

  it('checks if, with the earlier facts for changed', () => {
    const list = [
      onStatus('interested', { if: { field: 'customer.status', equals: 'Interested' } }),
      onStatus('lead', { if: { field: 'customer.status', equals: 'Lead' } }),
      onStatus('from-lead', { if: { field: 'customer.status', changed: { from: 'Lead', to: 'Interested' } } }),
    ];
    expect(matchAutomations(list, occurrence('customer.status_changed')).map((a) => a.id)).toEqual(['interested']);
    const earlier: EarlierFacts = { customer: { ...CUSTOMER.customer, status: 'Lead' }, invoice: null };
    expect(matchAutomations(list, occurrence('customer.status_changed', CUSTOMER, earlier)).map((a) => a.id)).toEqual(['interested', 'from-lead']);
  });

  it('keeps the automations’ order and is pure', () => {
    const list = ['z', 'a', 'm', 'b'].map((id) => onStatus(id));
    const copy = structuredClone(list);
    const once = matchAutomations(list, occurrence('customer.status_changed'));
    expect(once.map((a) => a.id)).toEqual(['z', 'a', 'm', 'b']);
    expect(matchAutomations(list, occurrence('customer.status_changed'))).toEqual(once);
    expect(list).toEqual(copy);
  });

  it('is a filter: a property over random lists', () => {
    const arb = fc.array(
      fc.record({ enabled: fc.boolean(), event: fc.constantFrom('customer.status_changed', 'customer.created', 'payment.failed'), wants: fc.constantFrom('Interested', 'Lead', null) }),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(arb, fc.constantFrom('customer.status_changed', 'customer.created', 'payment.failed'), (specs, name) => {
        const list = specs.map((s, i) => automation(`a${i}`, { type: 'event', event: s.event }, { enabled: s.enabled, if: s.wants === null ? null : { field: 'customer.status', equals: s.wants } }));
        const expected = list.filter((_a, i) => specs[i]!.enabled && specs[i]!.event === name && (specs[i]!.wants === null || specs[i]!.wants === 'Interested')).map((a) => a.id);
        return JSON.stringify(matchAutomations(list, occurrence(name)).map((a) => a.id)) === JSON.stringify(expected);
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------
// waitEnd

describe('waitEnd', () => {
  const PARIS = 'Europe/Paris';
  const at = (iso: string) => new Date(iso);
  const withFields = (fields: Record<string, JsonValue>) => facts({ fields }, { dueAt: '2027-04-10T12:00:00Z' });

  it('no wait ends at once', () => {
    expect(waitEnd(null, CUSTOMER, at('2027-03-26T08:00:00Z'), PARIS)).toEqual({ at: at('2027-03-26T08:00:00Z') });
  });

  it('P3D across the Paris spring DST change (28 March 2027) keeps the wall time', () => {
    // Friday 26 March 09:00 CET (UTC+1) → Monday 29 March 09:00 CEST (UTC+2): 71 real hours.
    expect(waitEnd({ type: 'duration', duration: 'P3D' }, CUSTOMER, at('2027-03-26T08:00:00Z'), PARIS)).toEqual({ at: at('2027-03-29T07:00:00Z') });
    // And back across the autumn change (31 October 2027): 73 real hours.
    expect(waitEnd({ type: 'duration', duration: 'P3D' }, CUSTOMER, at('2027-10-29T07:00:00Z'), PARIS)).toEqual({ at: at('2027-11-01T08:00:00Z') });
  });

  it('PT12H across the DST change is twelve real hours', () => {
    // Saturday 27 March 20:00 CET → 12 h later is Sunday 28 March 09:00 CEST (08:00 wall time + 1 h skipped).
    expect(waitEnd({ type: 'duration', duration: 'PT12H' }, CUSTOMER, at('2027-03-27T19:00:00Z'), PARIS)).toEqual({ at: at('2027-03-28T07:00:00Z') });
  });

  it('P1M adds a calendar month in the zone', () => {
    expect(waitEnd({ type: 'duration', duration: 'P1M' }, CUSTOMER, at('2027-03-15T08:00:00Z'), PARIS)).toEqual({ at: at('2027-04-15T07:00:00Z') });
  });

  it('until a field holding an ISO instant', () => {
    const on = withFields({ renewalAt: '2027-05-01T10:00:00+02:00' });
    expect(waitEnd({ type: 'until', field: 'customer.fields.renewalAt', offset: null }, on, at('2027-03-01T00:00:00Z'), PARIS)).toEqual({ at: at('2027-05-01T08:00:00Z') });
    expect(waitEnd({ type: 'until', field: 'event.dueAt', offset: null }, on, at('2027-03-01T00:00:00Z'), PARIS)).toEqual({ at: at('2027-04-10T12:00:00Z') });
  });

  it('until a date-only field: midnight in the zone', () => {
    const on = withFields({ renewalAt: '2027-05-01' });
    expect(waitEnd({ type: 'until', field: 'customer.fields.renewalAt', offset: null }, on, at('2027-03-01T00:00:00Z'), PARIS)).toEqual({ at: at('2027-04-30T22:00:00Z') });
    expect(waitEnd({ type: 'until', field: 'customer.fields.renewalAt', offset: null }, on, at('2027-03-01T00:00:00Z'), 'America/New_York')).toEqual({ at: at('2027-05-01T04:00:00Z') });
  });

  it('a negative offset moves it earlier, on the zone’s calendar', () => {
    // Midnight 29 March (CEST) minus one day is midnight 28 March (CET), across the change.
    const on = withFields({ renewalAt: '2027-03-29' });
    expect(waitEnd({ type: 'until', field: 'customer.fields.renewalAt', offset: '-P1D' }, on, at('2027-03-01T00:00:00Z'), PARIS)).toEqual({ at: at('2027-03-27T23:00:00Z') });
    const instant = withFields({ renewalAt: '2027-05-01T10:00:00Z' });
    expect(waitEnd({ type: 'until', field: 'customer.fields.renewalAt', offset: '-P7D' }, instant, at('2027-03-01T00:00:00Z'), PARIS)).toEqual({ at: at('2027-04-24T10:00:00Z') });
    expect(waitEnd({ type: 'until', field: 'customer.fields.renewalAt', offset: 'PT2H' }, instant, at('2027-03-01T00:00:00Z'), PARIS)).toEqual({ at: at('2027-05-01T12:00:00Z') });
  });

  it('a missing field, or one that holds no instant, is an error', () => {
    const wait = (field: string) => ({ type: 'until' as const, field, offset: null });
    const on = withFields({ text: 'next spring', local: '2027-05-01T10:00:00', number: 20270501, empty: '', bad: '2027-02-30' });
    for (const f of ['customer.fields.missing', 'customer.fields.text', 'customer.fields.local', 'customer.fields.number', 'customer.fields.empty', 'customer.fields.bad', 'invoice.dueAt']) {
      const result = waitEnd(wait(f), on, at('2027-03-01T00:00:00Z'), PARIS);
      expect(result, f).toHaveProperty('error');
      expect('error' in result && result.error, f).toContain(f);
    }
  });
});
