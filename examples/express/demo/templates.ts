import type { TemplateDefinition } from 'tickler';

// Every dunning template is given `invoice`, `level` and `step`: it declares them, and
// tickler checks each variable it prints when the template is defined.
const DUNNING_VARIABLES = ['invoice', 'level', 'step'];
const remaining = '{{ invoice.remainingMinor | money: invoice.currency }}';
const total = '{{ invoice.totalDueMinor | money: invoice.currency }}';
const due = '{{ invoice.dueDate | date: "long" }}';

/** The templates of the demo tenant: one per dunning level (English and French), internal notes, and a welcome email. */
export const DEMO_TEMPLATES: TemplateDefinition[] = [
  {
    id: 'dunning-courtesy',
    variables: DUNNING_VARIABLES,
    locales: {
      en: {
        email: {
          subject: 'Invoice {{ invoice.number }} is due on {{ invoice.dueDate | date: "medium" }}',
          text: `Dear {{ customer.name }},\n\nA friendly note: invoice {{ invoice.number }} (${remaining}) is due on ${due}. If you have already paid, thank you and please ignore this message.`,
        },
      },
      fr: {
        email: {
          subject: 'La facture {{ invoice.number }} arrive à échéance le {{ invoice.dueDate | date: "medium" }}',
          text: `Bonjour {{ customer.name }},\n\nPetit rappel : la facture {{ invoice.number }} (${remaining}) arrive à échéance le ${due}. Si vous l’avez déjà réglée, merci et ne tenez pas compte de ce message.`,
        },
      },
    },
  },
  {
    id: 'dunning-reminder',
    variables: DUNNING_VARIABLES,
    locales: {
      en: {
        email: {
          subject: 'Reminder {{ level }}: invoice {{ invoice.number }} is overdue',
          text: `Dear {{ customer.name }},\n\nInvoice {{ invoice.number }} was due on ${due} and ${remaining} remains unpaid ({{ invoice.daysOverdue }} days overdue). Amount due with fees: ${total}.`,
        },
        sms: { text: 'Invoice {{ invoice.number }}: ' + total + ' is overdue since {{ invoice.dueDate | date: "short" }}. Please pay at your earliest convenience.' },
      },
      fr: {
        email: {
          subject: 'Relance {{ level }} : facture {{ invoice.number }} impayée',
          text: `Bonjour {{ customer.name }},\n\nLa facture {{ invoice.number }} était due le ${due} ; il reste ${remaining} à régler ({{ invoice.daysOverdue }} jours de retard). Montant dû avec frais : ${total}.`,
        },
        sms: { text: 'Facture {{ invoice.number }} : ' + total + ' impayés depuis le {{ invoice.dueDate | date: "short" }}. Merci de régulariser.' },
      },
    },
  },
  {
    id: 'dunning-formal',
    variables: DUNNING_VARIABLES,
    locales: {
      en: {
        email: {
          subject: 'Formal notice: invoice {{ invoice.number }}',
          text: `Dear {{ customer.name }},\n\nDespite our reminders, invoice {{ invoice.number }} is still unpaid. Statutory interest now runs. Amount due: ${total}.`,
        },
      },
      fr: {
        email: {
          subject: 'Mise en demeure : facture {{ invoice.number }}',
          text: `Bonjour {{ customer.name }},\n\nMalgré nos relances, la facture {{ invoice.number }} reste impayée. Les intérêts de retard courent désormais. Montant dû : ${total}.`,
        },
      },
    },
  },
  {
    id: 'dunning-final',
    variables: DUNNING_VARIABLES,
    locales: {
      en: {
        email: {
          subject: 'Final notice before collection: invoice {{ invoice.number }}',
          text: `Dear {{ customer.name }},\n\nThis is our final notice for invoice {{ invoice.number }}. Without payment of ${total}, the claim goes to collection.`,
        },
      },
      fr: {
        email: {
          subject: 'Dernier avis avant recouvrement : facture {{ invoice.number }}',
          text: `Bonjour {{ customer.name }},\n\nCeci est notre dernier avis pour la facture {{ invoice.number }}. Sans règlement de ${total}, la créance sera confiée au recouvrement.`,
        },
      },
    },
  },
  {
    id: 'dunning-escalation',
    variables: DUNNING_VARIABLES,
    locales: {
      en: {
        email: {
          subject: 'No answer from {{ customer.name }} on invoice {{ invoice.number }}',
          text: `{{ customer.name }} has not answered since reminder level {{ level }}. ${remaining} of invoice {{ invoice.number }} is open. Please call them.`,
        },
      },
    },
  },
  {
    id: 'dunning-internal',
    variables: DUNNING_VARIABLES,
    locales: {
      en: {
        email: {
          subject: '{{ customer.name }}: invoice {{ invoice.number }} reached level {{ level }}',
          text: `Invoice {{ invoice.number }} of {{ customer.name }} reached level {{ level }}; ${total} is due. A call is needed before collection.`,
        },
      },
    },
  },
  {
    id: 'welcome',
    variables: [],
    locales: {
      en: { email: { subject: 'Welcome, {{ customer.name }}', text: 'Dear {{ customer.name }},\n\nThank you for your interest. Your account manager will be in touch shortly.' } },
      fr: { email: { subject: 'Bienvenue, {{ customer.name }}', text: 'Bonjour {{ customer.name }},\n\nMerci de votre intérêt. Votre interlocuteur vous contactera très bientôt.' } },
    },
  },
];
