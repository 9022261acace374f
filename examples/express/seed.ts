import { formatLocalDateTime, instantToWallTime, type Tickler } from 'tickler';
import { INTERESTED_FOLLOW_UP, OVERDUE_NOTICE, WELCOME } from './demo/automations';
import { DEMO_CUSTOMERS, DEMO_INVOICES, DEMO_REMINDERS, KEY_ACCOUNTS, type DemoReminder } from './demo/customers';
import { KEY_ACCOUNTS_POLICY, STANDARD_POLICY } from './demo/policies';
import { DEMO_TEMPLATES } from './demo/templates';
import { SEED_ACTOR, TENANT_ID } from './users';

const DAY_MS = 86_400_000;

/** The calendar date (`YYYY-MM-DD`) `days` after `now`'s date in `zone`. */
export function dateInZone(now: Date, zone: string, days = 0): string {
  const today = formatLocalDateTime(instantToWallTime(now, zone)).slice(0, 10);
  return new Date(Date.parse(`${today}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** True when the demo tenant has no customer yet: the first run. */
export async function needsSeed(tickler: Tickler): Promise<boolean> {
  const page = await tickler.as(SEED_ACTOR).customers.list({ limit: 1 });
  return page.items.length === 0;
}

function reminderAt(r: DemoReminder, now: Date, zone: string): string | { local: string } {
  if ('hoursFromNow' in r.at) return new Date(now.getTime() + r.at.hoursFromNow * 3_600_000).toISOString();
  return { local: `${dateInZone(now, zone, r.at.daysFromNow)}T${r.at.time}` };
}

/**
 * Seeds the demo tenant through the public API, as an admin, relative to the clock's now:
 * settings, templates, two dunning policies, automations, customers, invoices, reminders.
 * Then runs what is already due (late invoices reach level 1, or wait for approval).
 */
export async function seedDemo(tickler: Tickler): Promise<string> {
  const admin = tickler.as(SEED_ACTOR);
  const now = tickler.clock.now();

  await admin.tenant.configure({ timezone: 'Europe/Paris', locale: 'en', defaultCountry: 'FR' });
  for (const template of DEMO_TEMPLATES) await admin.templates.define(template);
  await admin.dunning.definePolicy(STANDARD_POLICY);
  await admin.dunning.definePolicy(KEY_ACCOUNTS_POLICY);
  await admin.dunning.setDefault(STANDARD_POLICY.id); // every customer created from now on
  await admin.automations.define(INTERESTED_FOLLOW_UP);
  await admin.automations.define(OVERDUE_NOTICE);

  for (const customer of DEMO_CUSTOMERS) await admin.customers.upsert(customer);
  await admin.dunning.assign(KEY_ACCOUNTS, KEY_ACCOUNTS_POLICY.id);
  // A lead who just became Interested: the automation waits three days, then a follow-up appears.
  await admin.customers.upsert({ id: 'c-pacific', status: 'Interested' });

  const zoneOf = new Map(DEMO_CUSTOMERS.map((c) => [c.id, c.timezone ?? 'Europe/Paris']));
  for (const inv of DEMO_INVOICES) {
    const zone = zoneOf.get(inv.customerId) ?? 'Europe/Paris';
    await admin.invoices.upsert({
      id: inv.id,
      customerId: inv.customerId,
      number: inv.number,
      currency: inv.currency,
      amountMinor: inv.amountMinor,
      issuedAt: dateInZone(now, zone, -inv.issuedDaysAgo),
      dueAt: dateInZone(now, zone, inv.dueInDays),
    });
    if (inv.paidMinor !== undefined) {
      await admin.invoices.recordPayment(inv.id, { amountMinor: inv.paidMinor, at: new Date(now.getTime() - 2 * DAY_MS), reference: `${inv.number}-partial` });
    }
  }

  for (const r of DEMO_REMINDERS) {
    const zone = zoneOf.get(r.customerId) ?? 'Europe/Paris';
    const reminder = await admin.reminders.create({ customerId: r.customerId, at: reminderAt(r, now, zone), note: r.note, assignee: r.assignee, source: r.source });
    if (r.done === true) await admin.reminders.complete(reminder.id);
  }

  // After the demo customers, so only customers created from now on are welcomed.
  await admin.automations.define(WELCOME);
  return `seeded tenant "${TENANT_ID}": ${DEMO_CUSTOMERS.length} customers, ${DEMO_INVOICES.length} invoices, ${DEMO_REMINDERS.length} reminders`;
}
