import type { CustomerInput } from 'tickler';

/**
 * The demo tenant's customers and leads, in zones on both sides of UTC. Emails are at
 * reserved example domains and phone numbers are made up: with real channels configured,
 * change them to your own before moving the clock.
 */
export const DEMO_CUSTOMERS: CustomerInput[] = [
  { id: 'c-dupont', name: 'Dupont SARL', timezone: 'Europe/Paris', locale: 'fr-FR', email: 'compta@dupont.example.fr', phone: '+33639980012', status: 'Customer', folder: 'Key accounts', tags: ['b2b', 'vip'], assignees: ['u-alice'] },
  { id: 'c-globex', name: 'Globex Corporation', timezone: 'America/New_York', locale: 'en-US', email: 'ap@globex.example.com', phone: '+12125550199', status: 'Customer', folder: 'Key accounts', tags: ['enterprise'], assignees: ['u-bob'] },
  { id: 'c-nordlys', name: 'Nordlys AS', timezone: 'Europe/Oslo', locale: 'en', email: 'faktura@nordlys.example.no', phone: '+4791234567', status: 'Customer', folder: 'Key accounts', tags: ['b2b'], assignees: ['u-bob'] },
  { id: 'c-sakura', name: 'Sakura Trading KK', timezone: 'Asia/Tokyo', locale: 'en', email: 'finance@sakura.example.jp', phone: '+819012345678', status: 'Customer', folder: 'Renewals', tags: ['apac'], assignees: ['u-alice'] },
  { id: 'c-koala', name: 'Koala Outdoor Pty Ltd', timezone: 'Australia/Sydney', locale: 'en-AU', email: 'accounts@koala.example.com.au', phone: '+61491570156', status: 'Customer', folder: 'Renewals', tags: ['apac', 'retail'], assignees: ['u-bob'] },
  { id: 'c-muller', name: 'Müller Maschinenbau GmbH', timezone: 'Europe/Berlin', locale: 'de-DE', email: 'buchhaltung@mueller.example.de', phone: '+4915123456789', status: 'Customer', folder: 'Renewals', tags: ['b2b'], assignees: ['u-alice', 'u-bob'] },
  { id: 'c-pacific', name: 'Pacific Surf Co', timezone: 'America/Los_Angeles', locale: 'en-US', email: 'hello@pacificsurf.example.com', phone: '+13105550187', status: 'Lead', folder: 'Prospects', tags: ['inbound'], assignees: ['u-alice'] },
  { id: 'c-lopez', name: 'López y Asociados', timezone: 'America/Mexico_City', locale: 'es-MX', email: 'contacto@lopez.example.mx', phone: '+525512345678', status: 'Lead', folder: 'Prospects', tags: ['referral'], assignees: ['u-alice'] },
  { id: 'c-oconnor', name: "O'Connor Consulting", timezone: 'Europe/Dublin', locale: 'en-IE', email: 'mary@oconnor.example.ie', phone: '+353851234567', status: 'Lead', folder: 'Prospects', tags: ['referral'], assignees: ['u-bob'] },
  { id: 'c-kiwi', name: 'Kiwi Analytics Ltd', timezone: 'Pacific/Auckland', locale: 'en-NZ', email: 'billing@kiwi.example.nz', phone: '+64211234567', status: 'Customer', folder: 'Renewals', tags: ['saas'], assignees: ['u-alice'] },
  { id: 'c-tanaka', name: 'Tanaka Design Studio', timezone: 'Asia/Tokyo', locale: 'en', email: 'studio@tanaka.example.jp', status: 'Interested', folder: 'Prospects', tags: ['design'], assignees: ['u-bob'] },
];

/** Customers on the review-mode policy: their steps wait for a manager. */
export const KEY_ACCOUNTS = ['c-dupont', 'c-globex', 'c-nordlys'];

/** An invoice of the demo, with its dates as days from the day the demo starts. */
export interface DemoInvoice {
  id: string;
  customerId: string;
  number: string;
  currency: 'EUR' | 'USD';
  amountMinor: number;
  issuedDaysAgo: number;
  /** Negative: already overdue. */
  dueInDays: number;
  paidMinor?: number;
}

/** Invoices at various ages: not yet due, a few days overdue, weeks overdue. */
export const DEMO_INVOICES: DemoInvoice[] = [
  { id: 'inv-101', customerId: 'c-dupont', number: 'F-2026-101', currency: 'EUR', amountMinor: 1_250_00, issuedDaysAgo: 50, dueInDays: -20 },
  { id: 'inv-102', customerId: 'c-dupont', number: 'F-2026-102', currency: 'EUR', amountMinor: 480_00, issuedDaysAgo: 25, dueInDays: 5 },
  { id: 'inv-201', customerId: 'c-globex', number: 'INV-7001', currency: 'USD', amountMinor: 4_800_00, issuedDaysAgo: 40, dueInDays: -10 },
  { id: 'inv-301', customerId: 'c-nordlys', number: 'NO-2026-17', currency: 'EUR', amountMinor: 3_200_00, issuedDaysAgo: 42, dueInDays: -12 },
  { id: 'inv-401', customerId: 'c-sakura', number: 'INV-7002', currency: 'USD', amountMinor: 980_00, issuedDaysAgo: 34, dueInDays: -4 },
  { id: 'inv-501', customerId: 'c-koala', number: 'INV-7003', currency: 'USD', amountMinor: 2_150_00, issuedDaysAgo: 65, dueInDays: -35 },
  { id: 'inv-601', customerId: 'c-muller', number: 'F-2026-103', currency: 'EUR', amountMinor: 640_00, issuedDaysAgo: 24, dueInDays: 6 },
  { id: 'inv-701', customerId: 'c-kiwi', number: 'INV-7004', currency: 'USD', amountMinor: 1_500_00, issuedDaysAgo: 39, dueInDays: -9, paidMinor: 500_00 },
];

/** A reminder of the demo: `daysFromNow` at `time` in the customer's zone, or `hoursFromNow` as an instant. */
export interface DemoReminder {
  customerId: string;
  note: string;
  assignee: string;
  source: 'profile' | 'list';
  at: { daysFromNow: number; time: string } | { hoursFromNow: number };
  /** Completed right away (a done one, in the history). */
  done?: boolean;
}

/** Some upcoming, some past. */
export const DEMO_REMINDERS: DemoReminder[] = [
  { customerId: 'c-dupont', note: 'Call Mme Dupont about the contract renewal', assignee: 'u-alice', source: 'profile', at: { daysFromNow: 2, time: '10:00' } },
  { customerId: 'c-pacific', note: 'Send the wholesale price list', assignee: 'u-alice', source: 'list', at: { daysFromNow: 1, time: '09:30' } },
  { customerId: 'c-sakura', note: 'Check the renewal quote was received', assignee: 'u-alice', source: 'profile', at: { daysFromNow: 5, time: '15:00' } },
  { customerId: 'c-koala', note: 'Ask about the overdue invoice INV-7003', assignee: 'u-bob', source: 'profile', at: { hoursFromNow: 2 } },
  { customerId: 'c-globex', note: 'Send the Q3 usage report', assignee: 'u-bob', source: 'profile', at: { daysFromNow: -3, time: '11:00' }, done: true },
  { customerId: 'c-lopez', note: 'Follow up on the demo request', assignee: 'u-alice', source: 'list', at: { daysFromNow: -1, time: '16:00' } },
  { customerId: 'c-kiwi', note: 'Confirm the payment plan for the rest of INV-7004', assignee: 'u-alice', source: 'profile', at: { daysFromNow: 3, time: '10:00' } },
];
