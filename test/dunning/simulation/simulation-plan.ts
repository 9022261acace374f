import { addDays, stepInstant } from '../../../src/dunning/policy/step-plan';
import type { DunningPolicyInput, TemplateDefinition } from 'tickler';

/** The four-level policy of the simulation: a courtesy note, four levels, a fee, interest, escalation. */
export const POLICY: DunningPolicyInput = {
  id: 'four-levels',
  name: 'Four levels',
  mode: 'automatic',
  steps: [
    { id: 'pre', name: 'Courtesy note', offset: '-P3D', actions: [{ type: 'message', channels: ['email'], template: 'dunning' }] },
    { id: 'l1', name: 'First reminder', offset: 'P7D', actions: [{ type: 'message', channels: ['email'], template: 'dunning' }] },
    { id: 'l2', name: 'Second reminder', offset: 'P21D', actions: [{ type: 'message', channels: ['email'], template: 'dunning' }, { type: 'fee', amountMinor: { EUR: 500 } }] },
    { id: 'l3', name: 'Formal notice', offset: 'P35D', actions: [{ type: 'message', channels: ['email'], template: 'dunning' }, { type: 'interest', annualRatePercent: 8 }] },
    { id: 'l4', name: 'Final notice', offset: 'P49D', actions: [{ type: 'message', channels: ['email'], template: 'dunning' }] },
  ],
  escalation: { after: 'P10D', template: 'escalation', channel: 'email' },
};

/** The templates the policy names. */
export const TEMPLATES: TemplateDefinition[] = [
  { id: 'dunning', variables: ['invoice', 'level', 'step'], locales: { en: { email: { subject: '{{ step.name }}: invoice {{ invoice.number }}', text: '{{ invoice.remainingMinor | money: invoice.currency }} is due since {{ invoice.dueDate | date }}.' } } } },
  { id: 'escalation', variables: ['invoice'], locales: { en: { email: { subject: 'No answer: {{ customer.name }}, invoice {{ invoice.number }}', text: 'Level {{ invoice.level }}' } } } },
];

/** How an invoice's customer behaves. */
export type Behaviour = 'paid-on-time' | 'paid-partially' | 'paid-late' | 'disputed-then-resolved' | 'paused' | 'never-paid' | 'voided';

/** Every behaviour, in the order invoices take them. */
export const BEHAVIOURS: readonly Behaviour[] = ['paid-on-time', 'paid-partially', 'paid-late', 'disputed-then-resolved', 'paused', 'never-paid', 'voided'];

/** Something the host does to an invoice at an instant. */
export type HostAction =
  | { at: Date; type: 'pay'; amountMinor: number }
  | { at: Date; type: 'dispute' }
  | { at: Date; type: 'resolve' }
  | { at: Date; type: 'void' }
  | { at: Date; type: 'pause'; until: Date };

/** What the simulation expects of an invoice, in order. */
export type Expected =
  | { at: string; type: 'step'; step: string; level: number }
  | { at: string; type: 'fee'; step: string; amountMinor: number }
  | { at: string; type: 'interest'; step: string; amountMinor: number }
  | { at: string; type: 'escalated' };

/** One simulated invoice. */
export interface SimInvoice {
  id: string;
  customerId: string;
  zone: string;
  dueDate: string;
  amountMinor: number;
  behaviour: Behaviour;
  actions: HostAction[];
  expected: Expected[];
  /** Intervals in which no message about the invoice may go out: [from, to) (to null: forever). */
  quiet: { from: Date; to: Date | null; why: string }[];
}

const at9 = (due: string, days: number, zone: string) => stepInstant(addDays(due, days), '09:00', zone);
const at12 = (due: string, days: number, zone: string) => stepInstant(addDays(due, days), '12:00', zone);
const interest = (remaining: number, days: number) => Math.floor((remaining * 8 * days) / 36_500 + 0.5);

/** The plan of invoice `n`: its customer, zone, due date, amount, behaviour, host actions and expected history. */
export function simInvoice(n: number, zones: readonly string[]): SimInvoice {
  const customerIndex = Math.floor(n / 5);
  const zone = zones[customerIndex % zones.length] as string;
  const dueDate = addDays('2026-01-20', n % 270);
  const amountMinor = 10_000 + ((n * 7919) % 90_000);
  const behaviour = BEHAVIOURS[n % BEHAVIOURS.length] as Behaviour;
  const d9 = (k: number) => at9(dueDate, k, zone);
  const d12 = (k: number) => at12(dueDate, k, zone);
  const iso = (d: Date) => d.toISOString();
  const step = (id: string, k: number, level: number, shift = 0): Expected => ({ at: iso(d9(k + shift)), type: 'step', step: id, level });
  const fee = (k: number, shift = 0): Expected => ({ at: iso(d9(k + shift)), type: 'fee', step: 'l2', amountMinor: 500 });
  const interestAt = (k: number, days: number, remaining: number, shift = 0): Expected => ({ at: iso(d9(k + shift)), type: 'interest', step: 'l3', amountMinor: interest(remaining, days) });
  const escalated = (instant: Date): Expected => ({ at: iso(instant), type: 'escalated' });
  let actions: HostAction[] = [];
  let expected: Expected[] = [];
  let quiet: SimInvoice['quiet'] = [];
  switch (behaviour) {
    case 'paid-on-time':
      actions = [{ at: d12(-1), type: 'pay', amountMinor }];
      expected = [step('pre', -3, 0)];
      quiet = [{ from: d12(-1), to: null, why: 'paid' }];
      break;
    case 'paid-partially': {
      const first = Math.floor(amountMinor * 0.4);
      actions = [{ at: d12(10), type: 'pay', amountMinor: first }, { at: d12(40), type: 'pay', amountMinor: amountMinor - first }];
      // The partial payment answers l1; l2 then goes unanswered for ten days.
      expected = [step('pre', -3, 0), step('l1', 7, 1), step('l2', 21, 2), fee(21), escalated(d9(31)), step('l3', 35, 3), interestAt(35, 35, amountMinor - first)];
      quiet = [{ from: d12(40), to: null, why: 'paid' }];
      break;
    }
    case 'paid-late':
      actions = [{ at: d12(25), type: 'pay', amountMinor }];
      expected = [step('pre', -3, 0), step('l1', 7, 1), escalated(d9(17)), step('l2', 21, 2), fee(21)];
      quiet = [{ from: d12(25), to: null, why: 'paid' }];
      break;
    case 'disputed-then-resolved':
      // Ten days of dispute move later steps ten days; the dispute answers l1.
      actions = [{ at: d12(10), type: 'dispute' }, { at: d12(20), type: 'resolve' }, { at: d12(50), type: 'pay', amountMinor }];
      expected = [step('pre', -3, 0), step('l1', 7, 1), step('l2', 21, 2, 10), fee(21, 10), escalated(d9(41)), step('l3', 35, 3, 10), interestAt(35, 45, amountMinor, 10)];
      quiet = [{ from: d12(10), to: d12(20), why: 'disputed' }, { from: d12(50), to: null, why: 'paid' }];
      break;
    case 'paused':
      // Paused for ten days (it resumes by itself); the escalation clock stops too, by the same ten days.
      actions = [{ at: d12(8), type: 'pause', until: d12(18) }];
      expected = [
        step('pre', -3, 0),
        step('l1', 7, 1),
        escalated(d9(27)),
        step('l2', 21, 2, 10),
        fee(21, 10),
        step('l3', 35, 3, 10),
        interestAt(35, 45, amountMinor, 10),
        step('l4', 49, 4, 10),
      ];
      quiet = [{ from: d12(8), to: d12(18), why: 'paused' }];
      break;
    case 'never-paid':
      expected = [step('pre', -3, 0), step('l1', 7, 1), escalated(d9(17)), step('l2', 21, 2), fee(21), step('l3', 35, 3), interestAt(35, 35, amountMinor), step('l4', 49, 4)];
      break;
    case 'voided':
      actions = [{ at: d12(15), type: 'void' }];
      expected = [step('pre', -3, 0), step('l1', 7, 1)];
      quiet = [{ from: d12(15), to: null, why: 'voided' }];
      break;
  }
  return { id: `inv-${String(n).padStart(4, '0')}`, customerId: `c-${String(customerIndex).padStart(3, '0')}`, zone, dueDate, amountMinor, behaviour, actions, expected: sortExpected(expected), quiet };
}

function sortExpected(list: Expected[]): Expected[] {
  return list.map((e, i) => ({ e, i })).sort((a, b) => a.e.at.localeCompare(b.e.at) || a.i - b.i).map(({ e }) => e);
}
