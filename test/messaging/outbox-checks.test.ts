import { describe, expect, it } from 'vitest';
import type { CauseCheck } from 'tickler';
import { recordEvents } from '../support/harness';
import { INVOICE, JEANNE, messagingHarness, messagingStores } from './messaging-harness';

const stores = await messagingStores();

describe.each(stores)('checks before sending on $name', ({ make }) => {
  // The host's own invoices: the outbox asks whether a reminder about one is still wanted.
  const paid = new Set<string>();
  const invoiceCheck: CauseCheck = ({ cause }) => (paid.has(cause.id) ? { send: false, reason: 'no-longer-due', detail: `Invoice ${cause.id} was paid.` } : { send: true });
  const setup = async (start?: string) => {
    paid.clear();
    const h = messagingHarness(await make(), { causes: { invoice: invoiceCheck } }, start);
    await h.admin.customers.upsert({ ...JEANNE });
    return h;
  };
  const overdue = (channel = 'sms') => ({ channel, customerId: JEANNE.id, template: 'overdue', variables: INVOICE, cause: { type: 'invoice', id: 'F-17', step: 'level-1' } });

  it('skips a message whose invoice was paid after it was queued', async () => {
    const h = await setup();
    const skipped = recordEvents(h.tickler, 'message.skipped');
    const [m] = await h.agent.messages.send({ ...overdue(), sendAt: '2026-11-24T09:00:00Z' });
    paid.add('F-17');
    h.clock.set('2026-11-24T09:00:00Z');
    await h.tickler.runDue();
    expect(h.channels.sms.calls).toBe(0);
    expect(await h.agent.messages.get(m!.id)).toMatchObject({ state: 'skipped', reason: 'no-longer-due', detail: 'Invoice F-17 was paid.' });
    expect(skipped.map((e) => (e.payload as { reason: string }).reason)).toEqual(['no-longer-due']);
    const audit = await h.admin.audit.list({ entityId: m!.id });
    expect(audit.map((a) => [a.action, a.reason])).toEqual([
      ['message.queued', 'cause invoice F-17 step level-1'],
      ['message.skipped', 'no-longer-due: Invoice F-17 was paid.'],
    ]);
  });

  it('skips a message caused by a reminder that was cancelled or removed', async () => {
    const h = await setup();
    const reminder = await h.agent.reminders.create({ customerId: JEANNE.id, at: '2026-11-30T10:00:00+01:00', note: 'Call' });
    const [m] = await h.agent.messages.send({ channel: 'sms', customerId: JEANNE.id, content: { text: 'See you Monday' }, cause: { type: 'reminder', id: reminder.id }, sendAt: '2026-11-24T09:00:00Z' });
    await h.agent.reminders.cancel(reminder.id);
    h.clock.set('2026-11-24T09:00:00Z');
    await h.tickler.runDue();
    expect(await h.agent.messages.get(m!.id)).toMatchObject({ state: 'skipped', reason: 'no-longer-due', detail: `Reminder ${reminder.id} was cancelled.` });
  });

  it('defers a message due outside the tenant send window to the next opening, in the customer zone', async () => {
    // Saturday 28 November 2026, 10:00 in Paris.
    const h = await setup('2026-11-28T09:00:00Z');
    await h.admin.tenant.configure({ sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '18:00' } });
    const [m] = await h.agent.messages.send(overdue());
    await h.tickler.runDue();
    const waiting = await h.agent.messages.get(m!.id);
    expect(waiting).toMatchObject({ state: 'queued', reason: 'outside-send-window' });
    expect(waiting.notBefore.toISOString()).toBe('2026-11-30T08:00:00.000Z'); // Monday 09:00 in Paris
    h.clock.set('2026-11-30T07:59:59Z');
    await h.tickler.runDue();
    expect(h.channels.sms.calls).toBe(0);
    h.clock.set('2026-11-30T08:00:00Z');
    await h.tickler.runDue();
    expect(await h.agent.messages.get(m!.id)).toMatchObject({ state: 'sent', reason: null });
  });

  it('reads the window in each customer zone: New York opens five hours after Paris', async () => {
    const h = await setup('2026-11-30T08:30:00Z'); // Monday 09:30 in Paris, 03:30 in New York
    await h.admin.tenant.configure({ sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '18:00' } });
    await h.admin.customers.upsert({ id: 'c-ny', name: 'NY Corp', timezone: 'America/New_York', phone: '+12125550123' });
    const [paris] = await h.agent.messages.send(overdue());
    const [ny] = await h.agent.messages.send({ ...overdue(), customerId: 'c-ny' });
    await h.tickler.runDue();
    expect((await h.agent.messages.get(paris!.id)).state).toBe('sent');
    expect((await h.agent.messages.get(ny!.id)).notBefore.toISOString()).toBe('2026-11-30T14:00:00.000Z');
  });

  it('a message window narrows the tenant window; the template window applies too', async () => {
    const h = await setup('2026-11-30T08:30:00Z'); // Monday 09:30 Paris
    await h.admin.tenant.configure({ sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '18:00' } });
    const [m] = await h.agent.messages.send({ ...overdue(), sendWindow: { days: ['tue'], from: '14:00', to: '16:00' } });
    await h.tickler.runDue();
    expect((await h.agent.messages.get(m!.id)).notBefore.toISOString()).toBe('2026-12-01T13:00:00.000Z');
    await h.admin.templates.define({ id: 'weekend-only', sendWindow: { days: ['sat', 'sun'], from: '10:00', to: '12:00' }, locales: { en: { sms: { text: 'Hi' } } } });
    const [never] = await h.agent.messages.send({ channel: 'sms', customerId: JEANNE.id, template: 'weekend-only' });
    await h.tickler.runDue();
    expect(await h.agent.messages.get(never!.id)).toMatchObject({ state: 'failed', reason: 'send-window-never-open' });
  });

  it('internal messages ignore the tenant customer window', async () => {
    const h = await setup('2026-11-28T09:00:00Z'); // Saturday
    await h.admin.tenant.configure({ sendWindow: { days: ['mon'], from: '09:00', to: '10:00' } });
    await h.agent.messages.send({ channel: 'slack', customerId: JEANNE.id, template: 'overdue', variables: INVOICE, to: [{ user: 'u-alice' }] });
    await h.tickler.runDue();
    expect(h.channels.slack.deliveries.map((d) => [d.message.to[0]?.address, d.message.text])).toEqual([['UALICE', 'Jeanne Dupont: invoice F-17 is overdue.']]);
  });

  it('honours an opt-out from the API for that channel kind only, and an opt-in again', async () => {
    const h = await setup();
    const changes = recordEvents(h.tickler, 'consent.changed');
    await h.agent.consent.optOut(JEANNE.id, 'sms', { reason: 'Asked on the phone' });
    const [sms] = await h.agent.messages.send(overdue());
    const [email] = await h.agent.messages.send(overdue('email'));
    await h.tickler.runDue();
    expect(h.channels.sms.calls).toBe(0);
    expect(await h.agent.messages.get(sms!.id)).toMatchObject({ state: 'skipped', reason: 'opted-out' });
    expect((await h.agent.messages.get(sms!.id)).detail).toMatch(/^The customer opted out of sms on 2026-11-23T09:00:00.000Z \(api: Asked on the phone\)\.$/);
    expect((await h.agent.messages.get(email!.id)).state).toBe('sent');
    // The opt-out also holds against internal copies? No: internal recipients are not the customer.
    await h.agent.messages.send({ channel: 'sms', customerId: JEANNE.id, content: { text: 'FYI' }, to: [{ user: 'u-alice' }] });
    await h.tickler.runDue();
    expect(h.channels.sms.deliveries.map((d) => d.message.to[0]?.address)).toEqual(['+33600000001']);
    await h.agent.consent.optIn(JEANNE.id, 'sms');
    await h.agent.messages.send({ ...overdue(), cause: { type: 'invoice', id: 'F-18', step: null } });
    await h.tickler.runDue();
    expect(h.channels.sms.deliveries.length).toBe(2);
    expect((await h.viewer.consent.get(JEANNE.id)).map((c) => [c.channel, c.status, c.source])).toEqual([['sms', 'opted_in', 'api']]);
    expect(changes.length).toBe(2);
    expect((await h.admin.audit.list({ entityId: JEANNE.id, entityType: 'customer' })).map((a) => a.action)).toEqual(['customer.created', 'consent.opted_out', 'consent.opted_in']);
    await expect(h.viewer.consent.optOut(JEANNE.id, 'sms')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(h.agent.consent.optOut(JEANNE.id, 'fax' as 'sms')).rejects.toMatchObject({ path: 'channel' });
  });

  it('an inbound STOP opts the customer out of that channel; START opts back in', async () => {
    const h = await setup();
    const result = await h.agent.messages.receive({ channel: 'whatsapp', from: 'whatsapp:+33698765432', text: 'STOP', providerMessageId: 'SM-in-1' });
    expect(result.kind).toBe('opted-out');
    const [m] = await h.agent.messages.send(overdue('whatsapp'));
    await h.tickler.runDue();
    expect(await h.agent.messages.get(m!.id)).toMatchObject({ state: 'skipped', reason: 'opted-out' });
    expect((await h.agent.messages.receive({ channel: 'whatsapp', from: '+33698765432', text: ' start ', providerMessageId: 'SM-in-2' })).kind).toBe('opted-in');
    expect((await h.agent.consent.get(JEANNE.id)).map((c) => [c.channel, c.status, c.source, c.detail])).toEqual([['whatsapp', 'opted_in', 'keyword', 'start']]);
  });

  it('WhatsApp: a content template outside the customer session, free text inside it', async () => {
    const h = await setup();
    const [first] = await h.agent.messages.send(overdue('whatsapp'));
    await h.tickler.runDue();
    expect(h.channels.whatsapp.deliveries[0]?.message).toMatchObject({ text: null, providerTemplate: { id: `HX${'ab'.repeat(16)}`, variables: { '1': 'F-17' } } });
    await h.agent.messages.receive({ channel: 'whatsapp', from: JEANNE.whatsapp, text: 'Which invoice?', providerMessageId: 'SM-in-3' });
    await h.agent.messages.send({ ...overdue('whatsapp'), cause: { type: 'invoice', id: 'F-17', step: 'reply' } });
    await h.tickler.runDue();
    expect(h.channels.whatsapp.deliveries[1]?.message).toMatchObject({ text: 'Invoice F-17 is overdue.', providerTemplate: null });
    // 24 hours after the customer's message, the session is closed again.
    h.clock.advance({ hours: 24 });
    await h.agent.messages.send({ ...overdue('whatsapp'), cause: { type: 'invoice', id: 'F-17', step: 'later' } });
    await h.tickler.runDue();
    expect(h.channels.whatsapp.deliveries[2]?.message.providerTemplate).not.toBeNull();
    expect(first).toBeDefined();
  });

  it('WhatsApp free text outside a session fails and falls back to SMS', async () => {
    const h = await setup();
    const failed = recordEvents(h.tickler, 'message.failed');
    const [m] = await h.agent.messages.send({ channel: 'whatsapp', customerId: JEANNE.id, template: 'text-only', fallback: ['sms'] });
    await h.tickler.runDue();
    expect(await h.agent.messages.get(m!.id)).toMatchObject({ state: 'failed', reason: 'whatsapp-template-required' });
    await h.tickler.runDue();
    expect(h.channels.whatsapp.calls).toBe(0);
    expect(h.channels.sms.deliveries.map((d) => [d.message.to[0]?.address, d.message.text])).toEqual([[JEANNE.phone, 'Hello Jeanne Dupont']]);
    const fallback = (failed[0]?.payload as { fallback: { id: string; fallbackOf: string } }).fallback;
    expect(fallback.fallbackOf).toBe(m!.id);
  });
});
