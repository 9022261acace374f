import { formatLocalDateTime, instantToWallTime } from 'tickler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from './example-app-harness';
import { startExampleApp } from './example-app-harness';

type Started = Awaited<ReturnType<typeof startExampleApp>>;

interface Indicator {
  upcoming: boolean;
  nextDueAt: string | null;
}
interface CustomerRow {
  id: string;
  name: string;
  timezone: string | null;
  indicator: Indicator;
  dunningLevel: number;
}
interface ReminderRow {
  id: string;
  note: string;
  dueAt: string;
  status: string;
}
interface InvoiceRow {
  id: string;
  number: string;
  customerId: string;
  remainingMinor: number;
  dunning: { level: number; phase: string; next: { stepId: string; at: string } | null };
}
interface MessageRow {
  channel: string;
  state: string;
  direction: string;
  content: { subject?: string; text?: string };
}
interface Approval {
  id: string;
  invoiceId: string;
  level: number;
}

let app: Started;
let alice: Client;
let bob: Client;

beforeAll(async () => {
  app = await startExampleApp();
}, 60_000);

afterAll(async () => {
  await app?.close();
});

const HOUR = 3_600_000;

async function now(client: Client): Promise<number> {
  const res = await client.call<{ now: string; demo: boolean }>('GET', '/api/clock');
  expect(res.body.demo).toBe(true);
  return Date.parse(res.body.now);
}

describe('a day in the example app, through its REST API', () => {
  it('signs in and out', async () => {
    const users = await app.anonymous.call<{ users: { id: string; role: string; timezone: string }[] }>('GET', '/api/users');
    expect(users.body.users.map((u) => [u.id, u.role])).toEqual([
      ['u-alice', 'agent'],
      ['u-bob', 'manager'],
      ['u-carol', 'admin'],
    ]);
    alice = await app.signIn('u-alice');
    bob = await app.signIn('u-bob');
    expect(alice.cookie).toMatch(/^tickler_user=u-alice$/);
    const session = await alice.call<{ user: { id: string; name: string; can: Record<string, boolean> } }>('GET', '/api/session');
    expect(session.body.user).toMatchObject({ id: 'u-alice', name: 'Alice Martin' });
    // What the page may offer, from the same policy tickler enforces.
    expect(session.body.user.can).toEqual({ editCustomers: false, approveDunning: false, recordPayments: false, defineAutomations: false });
    const bobSession = await bob.call<{ user: { can: Record<string, boolean> } }>('GET', '/api/session');
    expect(bobSession.body.user.can).toEqual({ editCustomers: true, approveDunning: true, recordPayments: true, defineAutomations: true });
    const out = await app.withCookie('tickler_user=u-carol').call('DELETE', '/api/session');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/tickler_user=;/);
  });

  it('creates a reminder: the clock icon turns on, and off once its time has passed', async () => {
    const list = await alice.call<{ items: CustomerRow[]; nextCursor: string | null }>('GET', '/api/customers?limit=100');
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBe(11);
    const oconnor = list.body.items.find((c) => c.id === 'c-oconnor')!;
    expect(oconnor.indicator).toEqual({ upcoming: false, nextDueAt: null });
    expect(list.body.items.find((c) => c.id === 'c-dupont')!.indicator.upcoming).toBe(true);

    // Tomorrow 10:00 on Alice's wall clock (Paris), as the page sends it.
    const start = await now(alice);
    const local = formatLocalDateTime(instantToWallTime(new Date(start + 24 * HOUR), 'Europe/Paris')).slice(0, 10) + 'T10:00';
    const created = await alice.call<ReminderRow>('POST', '/api/reminders', { customerId: 'c-oconnor', at: { local, zone: 'Europe/Paris' }, note: 'Send the proposal', source: 'list' });
    expect(created.status).toBe(201);
    expect(formatLocalDateTime(instantToWallTime(new Date(created.body.dueAt), 'Europe/Paris'))).toBe(local);

    const on = await alice.call<CustomerRow>('GET', '/api/customers/c-oconnor');
    expect(on.body.indicator).toEqual({ upcoming: true, nextDueAt: created.body.dueAt });
    const upcoming = await alice.call<{ items: ReminderRow[] }>('GET', '/api/customers/c-oconnor/reminders?when=upcoming');
    expect(upcoming.body.items.map((r) => r.id)).toEqual([created.body.id]);

    const hours = Math.ceil((Date.parse(created.body.dueAt) - start) / HOUR) + 1;
    const advanced = await alice.call<{ now: string; ran: { claimed: number; remindersFired: number } }>('POST', '/api/clock/advance', { hours });
    expect(advanced.status).toBe(200);
    expect(Date.parse(advanced.body.now)).toBe(start + hours * HOUR);
    expect(advanced.body.ran.remindersFired).toBeGreaterThanOrEqual(1);

    const past = await alice.call<{ items: ReminderRow[] }>('GET', '/api/customers/c-oconnor/reminders?when=past');
    expect(past.body.items.map((r) => r.id)).toEqual([created.body.id]);
    const off = await alice.call<CustomerRow>('GET', '/api/customers/c-oconnor');
    expect(off.body.indicator).toEqual({ upcoming: false, nextDueAt: null });
  });

  it("moves an invoice past its first dunning step: level 1, and the reminder in the customer's timeline", async () => {
    const invoices = await alice.call<{ items: InvoiceRow[] }>('GET', '/api/customers/c-sakura/invoices');
    const invoice = invoices.body.items.find((i) => i.number === 'INV-7002')!;
    expect(invoice.dunning).toMatchObject({ level: 0, phase: 'active', next: { stepId: 'first' } });
    const hours = Math.ceil((Date.parse(invoice.dunning.next!.at) - (await now(alice))) / HOUR) + 1;
    const advanced = await alice.call<{ ran: { messagesSent: number } }>('POST', '/api/clock/advance', { hours });
    expect(advanced.status).toBe(200);
    expect(advanced.body.ran.messagesSent).toBeGreaterThanOrEqual(1);

    const after = await alice.call<{ items: InvoiceRow[] }>('GET', '/api/customers/c-sakura/invoices');
    expect(after.body.items.find((i) => i.id === invoice.id)!.dunning.level).toBe(1);
    const row = await alice.call<CustomerRow>('GET', '/api/customers/c-sakura');
    expect(row.body.dunningLevel).toBe(1);
    const timeline = await alice.call<{ items: MessageRow[] }>('GET', '/api/customers/c-sakura/communications');
    expect(timeline.body.items.find((m) => m.content.subject === 'Reminder 1: invoice INV-7002 is overdue')).toMatchObject({ channel: 'email', state: 'sent', direction: 'outbound' });
    // The overdue-notice automation left a call-back task in the CRM (connector crm, in memory here), on the same timeline.
    const merged = await alice.call<{ items: { kind: string; message?: MessageRow; operation?: { connector: string; state: string; work: { subject: string }; externalId: string | null } }[] }>('GET', '/api/customers/c-sakura/timeline');
    expect(merged.body.items.some((e) => e.kind === 'message' && e.message?.content.subject === 'Reminder 1: invoice INV-7002 is overdue')).toBe(true);
    expect(merged.body.items.find((e) => e.kind === 'connector')?.operation).toMatchObject({ connector: 'crm', state: 'succeeded', work: { subject: 'Call Sakura Trading KK about invoice INV-7002' } });
    const outbox = await alice.call<{ items: MessageRow[] }>('GET', '/api/outbox?limit=200');
    expect(outbox.body.items.some((m) => m.content.subject === 'Reminder 1: invoice INV-7002 is overdue')).toBe(true);
    const report = await alice.call<{ levels: { level: number; customers: { customerId: string }[] }[] }>('GET', '/api/dunning/report');
    expect(report.body.levels.find((l) => l.level === 1)?.customers.map((c) => c.customerId)).toContain('c-sakura');
  });

  it('lets a manager approve a step waiting for review, then prints the letter', async () => {
    const pending = await bob.call<{ items: Approval[] }>('GET', '/api/dunning/approvals');
    expect(pending.body.items.length).toBeGreaterThanOrEqual(3);
    const first = pending.body.items[0]!;
    expect(first.level).toBe(1);

    const approved = await bob.call<{ items: InvoiceRow[] }>('POST', '/api/dunning/approvals', { ids: [first.id] });
    expect(approved.status).toBe(200);
    expect(approved.body.items.map((i) => [i.id, i.dunning.level])).toEqual([[first.invoiceId, 1]]);
    const left = await bob.call<{ items: Approval[] }>('GET', '/api/dunning/approvals');
    expect(left.body.items.map((a) => a.id)).not.toContain(first.id);

    const letter = await bob.call<string>('GET', `/api/dunning/letter/${first.invoiceId}`);
    expect(letter.status).toBe(200);
    expect(letter.headers.get('content-type')).toMatch(/^application\/pdf/);
    expect(letter.headers.get('content-disposition')).toMatch(/^attachment; filename="letter-.+\.pdf"$/);
    expect(new TextDecoder().decode(letter.bytes.slice(0, 4))).toBe('%PDF');
  });

  it('runs an automation by hand, lists runs, and keeps an audit trail that verifies', async () => {
    const automations = await alice.call<{ items: { id: string }[] }>('GET', '/api/automations');
    expect(automations.body.items.map((a) => a.id).sort()).toEqual(['interested-follow-up', 'overdue-notice', 'welcome-email']);
    const run = await alice.call<{ status: string; trigger: string; startedBy: string }>('POST', '/api/automations/welcome-email/run', { customerId: 'c-lopez' });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ trigger: 'manual', startedBy: 'u-alice' });
    const runs = await alice.call<{ items: { automationId: string }[] }>('GET', '/api/customers/c-lopez/runs');
    expect(runs.body.items.map((r) => r.automationId)).toContain('welcome-email');

    const audit = await alice.call<{ items: { seq: number; action: string }[] }>('GET', '/api/audit?limit=20');
    expect(audit.body.items).toHaveLength(20);
    expect(audit.body.items[0]!.seq).toBeGreaterThan(audit.body.items[19]!.seq); // newest first
    const verify = await alice.call<{ ok: boolean }>('GET', '/api/audit/verify');
    expect(verify.body.ok).toBe(true);
  });

  it('a host’s own records: a customer and an invoice by PUT, an automation defined, indicators and the upcoming list', async () => {
    const customer = await bob.call<CustomerRow>('PUT', '/api/customers/c-host', { name: 'Host Import GmbH', timezone: 'Europe/Berlin', status: 'Lead', assignees: ['u-alice'] });
    expect(customer.status).toBe(200);
    expect(customer.body).toMatchObject({ id: 'c-host', timezone: 'Europe/Berlin', indicator: { upcoming: false } });
    const invoice = await bob.call<InvoiceRow>('PUT', '/api/invoices/inv-host', { customerId: 'c-host', number: 'H-1', currency: 'EUR', amountMinor: 99_00, issuedAt: '2026-11-01', dueAt: '2027-01-31' });
    expect(invoice.status).toBe(200);
    expect(invoice.body).toMatchObject({ id: 'inv-host', remainingMinor: 99_00 });
    const open = await bob.call<{ items: InvoiceRow[] }>('GET', '/api/invoices?status=open');
    expect(open.body.items.map((i) => i.id)).toContain('inv-host');

    const rule = await bob.call<{ id: string; trigger: { type: string; event: string } }>('PUT', '/api/automations/host-lead', {
      on: 'customer.status_changed',
      if: { field: 'customer.status', equals: 'Qualified' },
      then: [{ type: 'createReminder', in: 'P1D', note: 'Send {{ customer.name }} a proposal', assignee: { customerAssignee: true } }],
    });
    expect(rule.status).toBe(200);
    expect(rule.body.trigger).toEqual({ type: 'event', event: 'customer.status_changed' });
    expect((await bob.call('PATCH', '/api/customers/c-host', { status: 'Qualified' })).status).toBe(200);
    await bob.call('POST', '/api/clock/advance', { minutes: 1 });

    const indicators = await alice.call<{ indicators: Record<string, Indicator> }>('GET', '/api/reminders/indicators?customerIds=c-host,c-oconnor');
    expect(indicators.body.indicators['c-host']?.upcoming).toBe(true);
    const mine = await alice.call<{ items: (ReminderRow & { assignee: string; customerId: string })[] }>('GET', '/api/reminders?when=upcoming&assignee=u-alice');
    expect(mine.body.items.find((r) => r.customerId === 'c-host')?.note).toBe('Send Host Import GmbH a proposal');
  });
});
