import type { DunningPolicyInput, DunningStep } from 'tickler';

const message = (template: string, channels: string[] = ['email']) => ({ type: 'message' as const, channels, template });

/** The four levels: a courtesy note 3 days before the due date, then four levels after it. */
const STEPS: DunningStep[] = [
  { id: 'courtesy', name: 'Courtesy reminder', offset: '-P3D', actions: [message('dunning-courtesy')] },
  {
    id: 'first',
    name: 'First reminder',
    offset: 'P7D',
    actions: [message('dunning-reminder')],
    letter: { title: 'Payment reminder', body: 'Dear {{ customer.name }},\n\nOur records show that the invoice below is overdue. Please pay {{ total }} at your earliest convenience.' },
  },
  {
    id: 'second',
    name: 'Second reminder',
    offset: 'P14D',
    from: 'previous',
    actions: [message('dunning-reminder', ['email', 'sms']), { type: 'fee', amountMinor: { EUR: 1500, USD: 1500 }, description: 'Reminder fee' }],
    letter: { title: 'Second reminder', body: 'Dear {{ customer.name }},\n\nDespite our first reminder, the invoice below remains unpaid. A reminder fee was added. Please pay {{ total }}.' },
  },
  {
    id: 'formal',
    name: 'Formal notice',
    offset: 'P10D',
    from: 'previous',
    actions: [message('dunning-formal'), { type: 'interest', annualRatePercent: 11.62 }],
    letter: { title: 'Formal notice', body: 'Dear {{ customer.name }},\n\nDespite our reminders, {{ total }} is still unpaid. Statutory interest now runs from the due date.\n\nThis letter is a formal notice to pay.' },
  },
  {
    id: 'final',
    name: 'Final notice',
    offset: 'P14D',
    from: 'previous',
    actions: [
      message('dunning-final'),
      { type: 'notify', to: [{ customerAssignees: true }], channel: 'email', template: 'dunning-internal' },
      { type: 'task', title: 'Call the customer before handing over to collection' },
    ],
    letter: { title: 'Final notice before collection', body: 'Dear {{ customer.name }},\n\nThis is our final notice. Unless {{ total }} is paid within 8 days, the claim will be handed over to collection.' },
  },
];

const COMMON = {
  stepTime: '09:00',
  minimumOutstanding: { EUR: 1000, USD: 1000 },
  escalation: { after: 'P10D', template: 'dunning-escalation', notify: [{ role: 'manager' }], task: 'No answer to the reminders: call the customer' },
} satisfies Partial<DunningPolicyInput>;

/** The tenant default: steps run at their time. */
export const STANDARD_POLICY: DunningPolicyInput = { id: 'standard', name: 'Standard (automatic)', mode: 'automatic', steps: STEPS, ...COMMON };

/** For key accounts: the same steps, each waiting for a manager's approval. */
export const KEY_ACCOUNTS_POLICY: DunningPolicyInput = { id: 'key-accounts', name: 'Key accounts (review each step)', mode: 'review', steps: STEPS, ...COMMON };
