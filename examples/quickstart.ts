import { createTickler, FakeClock } from 'tickler';

// A fake clock lets this script move time; a real host keeps the default SystemClock.
const clock = new FakeClock('2026-11-23T08:00:00Z');
const tickler = createTickler({ clock });
tickler.on('reminder.due', ({ reminder }) => console.log(`Due now: ${reminder.note}`));

const acme = tickler.as({ tenantId: 'acme', userId: 'alice', roles: ['manager'] });
await acme.customers.upsert({ id: 'c-42', name: 'Dupont SARL', timezone: 'Europe/Paris' });
const reminder = await acme.reminders.create({
  customerId: 'c-42',
  at: { local: '2026-11-24T10:00' }, // 10:00 in Paris, the customer's zone
  note: 'Call back about the renewal',
  source: 'profile',
});
console.log(`Stored as ${reminder.dueAt.toISOString()} (${reminder.zone})`);
console.log('Clock icon green?', (await acme.reminders.indicators(['c-42']))['c-42']?.upcoming);

clock.advance({ days: 1, hours: 1 }); // now 09:00 UTC, 10:00 in Paris
const summary = await tickler.runDue(); // prints "Due now: Call back about the renewal"
console.log(`${summary.remindersFired} reminder fired; upcoming now:`, await acme.reminders.list({ when: 'upcoming' }));
