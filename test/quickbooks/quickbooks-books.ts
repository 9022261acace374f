import type { DoubleCustomer, DoubleInvoice } from 'tickler/testing';
import type { ParsedQuery } from './quickbooks-query';

/** A JSON number kept as the text QuickBooks would write, so the double serves amounts exactly. */
export class Amount {
  constructor(readonly raw: string) {}
}

type Json = string | boolean | null | Amount | Json[] | { [key: string]: Json | undefined };

/** An entity as the double holds it: the Accounting API's JSON, with amounts as {@link Amount}. */
export interface Entity {
  Id: string;
  MetaData: { CreateTime: string; LastUpdatedTime: string };
  [field: string]: Json | undefined;
}

/** A deleted entity: what CDC reports for it. */
interface Tombstone {
  Id: string;
  at: number;
}

export type EntityName = 'Customer' | 'Invoice' | 'Payment';

/** The double's clock starts here and moves one second per write. */
const EPOCH = Date.parse('2026-11-01T00:00:00Z');
const PACIFIC = -8 * 3_600_000;

/** An instant as QuickBooks writes it: the company's local time with its offset (Pacific, standard time). */
export const qboTime = (ms: number): string => `${new Date(ms + PACIFIC).toISOString().slice(0, 19)}-08:00`;
const ISO_NUMBER = /^-?\d+(\.\d+)?$/;

/** Exact decimal subtraction on the amounts' text (the double must not round either). */
export function subtract(a: string, b: string): string {
  const scale = Math.max((a.split('.')[1] ?? '').length, (b.split('.')[1] ?? '').length);
  const units = (s: string): bigint => {
    const negative = s.startsWith('-');
    const [whole = '0', fraction = ''] = s.replace(/^-/, '').split('.');
    const v = BigInt(whole + fraction.padEnd(scale, '0'));
    return negative ? -v : v;
  };
  const result = units(a) - units(b);
  const negative = result < 0n;
  const digits = (negative ? -result : result).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** JSON with amounts written as the numbers they are (a bad amount that is not a number stays a string, as given). */
export function render(value: unknown): string {
  const marks: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (!(v instanceof Amount)) return v;
    if (!ISO_NUMBER.test(v.raw)) return v.raw;
    marks.push(v.raw);
    return `\u0000${marks.length - 1}\u0000`;
  });
  return text.replace(/"\\u0000(\d+)\\u0000"/g, (_m, i: string) => marks[Number(i)] ?? '0');
}

/** What one company holds: customers, invoices, payments and what was deleted, with a clock of its own. */
export class Books {
  readonly entities: Record<EntityName, Map<string, Entity>> = { Customer: new Map(), Invoice: new Map(), Payment: new Map() };
  readonly deleted: Record<EntityName, Tombstone[]> = { Customer: [], Invoice: [], Payment: [] };
  #clock = EPOCH;
  #ids = 0;

  /** QuickBooks' now. */
  now(): number {
    return this.#clock;
  }

  /** One write: the clock moves a second. */
  tick(): string {
    this.#clock += 1000;
    return qboTime(this.#clock);
  }

  /** Moves the clock (a test of the 30-day window). */
  advance(ms: number): void {
    this.#clock += ms;
  }

  clear(): void {
    for (const name of ['Customer', 'Invoice', 'Payment'] as const) {
      this.entities[name].clear();
      this.deleted[name] = [];
    }
  }

  addCustomer(customer: DoubleCustomer): string {
    const at = this.tick();
    const Id = String(++this.#ids);
    this.entities.Customer.set(Id, { Id, SyncToken: '0', DisplayName: customer.name, PrimaryEmailAddr: { Address: customer.email }, Active: true, Balance: new Amount('0'), MetaData: { CreateTime: at, LastUpdatedTime: at } });
    return Id;
  }

  addInvoice(invoice: DoubleInvoice, withCurrencyRef: boolean): string {
    const at = this.tick();
    const Id = String(++this.#ids);
    this.entities.Invoice.set(Id, {
      Id,
      SyncToken: '0',
      domain: 'QBO',
      DocNumber: invoice.number,
      TxnDate: invoice.issueDate,
      DueDate: invoice.dueDate,
      CustomerRef: { value: invoice.customerId },
      ...(withCurrencyRef ? { CurrencyRef: { value: invoice.currency } } : {}),
      Line: [{ Id: '1', LineNum: '1', Amount: new Amount(invoice.amount), DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: '1', name: 'Services' } } }],
      TotalAmt: new Amount(invoice.amount),
      Balance: new Amount(invoice.amount),
      LinkedTxn: [],
      MetaData: { CreateTime: at, LastUpdatedTime: at },
    });
    return Id;
  }

  /** A Payment applied to the invoice; QuickBooks also updates the invoice (its Balance and LinkedTxn) unless `touchInvoice` is false. */
  pay(invoiceId: string, amount: string, at: Date, touchInvoice: boolean): string {
    const invoice = this.get('Invoice', invoiceId);
    const stamp = this.tick();
    const Id = String(++this.#ids);
    invoice.Balance = new Amount(subtract((invoice.Balance as Amount).raw, amount));
    (invoice.LinkedTxn as Json[]).push({ TxnId: Id, TxnType: 'Payment' });
    invoice.SyncToken = String(Number(invoice.SyncToken) + 1);
    if (touchInvoice) invoice.MetaData.LastUpdatedTime = stamp;
    this.entities.Payment.set(Id, {
      Id,
      SyncToken: '0',
      TxnDate: at.toISOString().slice(0, 10),
      CustomerRef: invoice.CustomerRef,
      CurrencyRef: invoice.CurrencyRef,
      TotalAmt: new Amount(amount),
      UnappliedAmt: new Amount('0'),
      Line: [{ Amount: new Amount(amount), LinkedTxn: [{ TxnId: invoiceId, TxnType: 'Invoice' }] }],
      MetaData: { CreateTime: stamp, LastUpdatedTime: stamp },
    });
    return Id;
  }

  /** `POST /invoice?operation=void`: the invoice stays, with its amounts at 0 and `Voided` in its private note. */
  voidInvoice(id: string): void {
    const invoice = this.get('Invoice', id);
    invoice.TotalAmt = new Amount('0');
    invoice.Balance = new Amount('0');
    invoice.PrivateNote = 'Voided';
    invoice.Line = (invoice.Line as { [k: string]: Json }[]).map((l) => ({ ...l, Amount: new Amount('0') }));
    invoice.SyncToken = String(Number(invoice.SyncToken) + 1);
    invoice.MetaData.LastUpdatedTime = this.tick();
  }

  /** `POST /invoice?operation=delete`: gone from queries; CDC reports it as `status: Deleted`. */
  remove(name: EntityName, id: string): void {
    this.get(name, id);
    this.entities[name].delete(id);
    this.tick();
    this.deleted[name].push({ Id: id, at: this.now() });
  }

  get(name: EntityName, id: string): Entity {
    const entity = this.entities[name].get(id);
    if (entity === undefined) throw new Error(`The double has no ${name} ${id}.`);
    return entity;
  }

  /** The entities a query selects, in its order, and the page it asks for. */
  select(query: ParsedQuery): Entity[] {
    const name = query.entity as EntityName;
    let rows = [...this.entities[name].values()];
    if (name === 'Customer' && !query.where.some((c) => c.field === 'Active')) rows = rows.filter((r) => r.Active === true);
    for (const c of query.where) {
      if (c.field === 'Id') rows = rows.filter((r) => c.in.includes(r.Id));
      else if (c.field === 'Active') rows = rows.filter((r) => c.in.includes(r.Active === true));
      else {
        const bound = Date.parse(c.value);
        const ok = { '>=': (t: number) => t >= bound, '>': (t: number) => t > bound, '<=': (t: number) => t <= bound, '<': (t: number) => t < bound, '=': (t: number) => t === bound }[c.op];
        rows = rows.filter((r) => ok(Date.parse(r.MetaData.LastUpdatedTime)));
      }
    }
    const key = query.orderBy?.toLowerCase();
    const at = (e: Entity): number => (key === 'metadata.lastupdatedtime' ? Date.parse(e.MetaData.LastUpdatedTime) : key === 'metadata.createtime' ? Date.parse(e.MetaData.CreateTime) : 0);
    rows.sort((a, b) => at(a) - at(b) || Number(a.Id) - Number(b.Id));
    return rows.slice(query.startPosition - 1, query.startPosition - 1 + query.maxResults);
  }

  /** What CDC returns for one entity: changed at or after `since` (and within 30 days), deleted ones as tombstones, at most `cap`. */
  changes(name: EntityName, since: number, cap: number): Json[] {
    const from = Math.max(since, this.#clock - 30 * 86_400_000);
    const live = [...this.entities[name].values()].filter((e) => Date.parse(e.MetaData.LastUpdatedTime) >= from);
    const gone = this.deleted[name].filter((t) => t.at >= from).map((t) => ({ domain: 'QBO', status: 'Deleted', Id: t.Id, MetaData: { LastUpdatedTime: qboTime(t.at) } }));
    const all = [...live.map((e) => ({ at: Date.parse(e.MetaData.LastUpdatedTime), json: e })), ...gone.map((g) => ({ at: Date.parse(g.MetaData.LastUpdatedTime), json: g }))];
    return all.sort((a, b) => a.at - b.at).slice(0, cap).map((x) => x.json);
  }
}
