import { describe, expect, it } from 'vitest';
import type { AuditEntry, Store } from 'tickler';
import { simulateYear, type SimulationResult } from './simulation-runner';
import { BEHAVIOURS, type Expected } from './simulation-plan';

const COUNT = 1_000;

/** Every audit entry of the tenant, oldest first. */
async function allAudit(result: SimulationResult): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for (;;) {
    const page = await result.admin.audit.list({ afterSeq: out.at(-1)?.seq ?? 0, limit: 1000 });
    out.push(...page);
    if (page.length < 1000) return out;
  }
}

function checkYear(result: SimulationResult): void {
  const { invoices, observed } = result;
  const mismatches: string[] = [];
  for (const plan of invoices) {
    const o = observed.get(plan.id) ?? { steps: [], levels: [], escalations: [], sent: [] };
    const steps = plan.expected.filter((e): e is Extract<Expected, { type: 'step' }> => e.type === 'step');
    const same = (a: unknown, b: unknown, what: string) => {
      if (JSON.stringify(a) !== JSON.stringify(b)) mismatches.push(`${plan.id} (${plan.behaviour}, ${plan.zone}, due ${plan.dueDate}) ${what}:\n  expected ${JSON.stringify(b)}\n  observed ${JSON.stringify(a)}`);
    };
    same(o.steps, steps.map((s) => ({ at: s.at, step: s.step, level: s.level })), 'steps');
    same(o.sent.map((m) => ({ at: m.at, step: m.step })), steps.map((s) => ({ at: s.at, step: s.step })), 'messages');
    same(o.levels.map((l) => ({ at: l.at, to: l.to })), steps.filter((s) => s.level > 0).map((s) => ({ at: s.at, to: s.level })), 'level changes');
    same(o.escalations, plan.expected.filter((e) => e.type === 'escalated').map((e) => e.at), 'escalations');
    same(result.escalationMails.get(plan.id) ?? 0, plan.expected.some((e) => e.type === 'escalated') ? 1 : 0, 'escalation notifications');
    // Invariants over the whole run.
    for (const l of o.levels) if (l.to !== l.from + 1) mismatches.push(`${plan.id}: level jumped from ${l.from} to ${l.to}`);
    if (new Set(o.steps.map((s) => s.step)).size !== o.steps.length) mismatches.push(`${plan.id}: a step ran twice: ${o.steps.map((s) => s.step).join(', ')}`);
    for (const m of o.sent) {
      const t = Date.parse(m.at);
      const quiet = plan.quiet.find((q) => t >= q.from.getTime() && (q.to === null || t < q.to.getTime()));
      if (quiet !== undefined) mismatches.push(`${plan.id}: message ${m.step ?? ''} sent at ${m.at} while ${quiet.why}`);
    }
  }
  expect(mismatches.slice(0, 10).join('\n\n')).toBe('');
}

async function checkCharges(result: SimulationResult): Promise<void> {
  const mismatches: string[] = [];
  for (const plan of result.invoices) {
    const invoice = await result.admin.invoices.get(plan.id);
    const charges = invoice.charges.map((c) => ({ at: c.at.toISOString(), type: c.kind, step: c.stepId, amountMinor: c.amountMinor }));
    const expected = plan.expected.filter((e) => e.type === 'fee' || e.type === 'interest').map((e) => ({ at: e.at, type: e.type, step: (e as { step: string }).step, amountMinor: (e as { amountMinor: number }).amountMinor }));
    if (JSON.stringify(charges) !== JSON.stringify(expected)) mismatches.push(`${plan.id} (${plan.behaviour}) charges:\n  expected ${JSON.stringify(expected)}\n  observed ${JSON.stringify(charges)}`);
    if (invoice.amountMinor !== plan.amountMinor) mismatches.push(`${plan.id}: the invoice amount changed`);
  }
  expect(mismatches.slice(0, 10).join('\n\n')).toBe('');
}

async function checkAudit(result: SimulationResult): Promise<AuditEntry[]> {
  const audit = await allAudit(result);
  const byEntity = new Map<string, AuditEntry[]>();
  for (const e of audit) byEntity.set(e.entityId, [...(byEntity.get(e.entityId) ?? []), e]);
  const missing: string[] = [];
  for (const id of result.sentMessageIds) {
    const actions = (byEntity.get(id) ?? []).map((e) => e.action);
    if (!actions.includes('message.queued') || !actions.includes('message.sent')) missing.push(`message ${id}: ${actions.join(', ')}`);
  }
  for (const [invoiceId, o] of result.observed) {
    const reasons = (byEntity.get(invoiceId) ?? []).filter((e) => e.action === 'dunning.step_run').map((e) => e.reason ?? '');
    for (const s of o.steps) if (!reasons.some((r) => r.startsWith(`policy four-levels step ${s.step} `))) missing.push(`${invoiceId}: no audit entry for step ${s.step}`);
    const escalations = (byEntity.get(invoiceId) ?? []).filter((e) => e.action === 'dunning.escalated');
    if (escalations.length !== o.escalations.length) missing.push(`${invoiceId}: ${escalations.length} escalation entries for ${o.escalations.length} escalations`);
  }
  expect(missing.slice(0, 10)).toEqual([]);
  return audit;
}

/** Registers the one-year simulation on a store, with its checks and a tamper test. */
export function runOn(name: string, makeStore: () => Promise<Store>, tamper: (store: Store, entry: AuditEntry) => Promise<void>): void {
  describe(`a year of dunning on ${name}`, () => {
    let result: SimulationResult;
    let store: Store;

    it(`runs ${COUNT} invoices under a four-level policy through a year`, async () => {
      store = await makeStore();
      result = await simulateYear(store, COUNT);
      console.log(`${name}: ${COUNT} invoices, ${result.passes} runDue passes, ${result.sentMessageIds.length} messages, ${Math.round(result.wallMs)} ms`);
      expect(new Set(result.invoices.map((i) => i.behaviour))).toEqual(new Set(BEHAVIOURS));
    }, 600_000);

    it('each invoice got exactly the expected messages, level changes and escalations, and the invariants hold', () => {
      checkYear(result);
    });

    it('each invoice has exactly the expected fees and interest, and its amount never changed', async () => {
      await checkCharges(result);
    }, 120_000);

    it('every message and every dunning decision has its audit entry naming the step; the chain verifies, and fails once tampered with', async () => {
      const audit = await checkAudit(result);
      const verified = await result.admin.audit.verify();
      expect(verified).toMatchObject({ ok: true, problem: null });
      expect(verified.checked).toBe(audit.length);
      const victim = audit.find((e) => e.action === 'dunning.step_run') as AuditEntry;
      await tamper(store, victim);
      const broken = await result.admin.audit.verify();
      expect(broken.ok).toBe(false);
      expect(broken.problem?.seq).toBe(victim.seq);
      await store.close();
    }, 120_000);
  });
}

