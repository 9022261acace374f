import { describe, expect, it } from 'vitest';
import { MemoryChannel, type IntentParser, type Store } from 'tickler';
import { harness, recordEvents, snapshotTenant } from '../support/harness';
import { testStores } from '../support/test-stores';

const stores = await testStores('intake', (store: Store) => store);

describe.each(stores)('intake.message: reminders from WhatsApp and SMS ($name)', ({ make }) => {
  async function setUp(options: { intentParser?: IntentParser; start?: string } = {}) {
    const whatsapp = new MemoryChannel({ name: 'whatsapp', kind: 'whatsapp' });
    const sms = new MemoryChannel({ name: 'sms', kind: 'sms' });
    const email = new MemoryChannel({ name: 'email', kind: 'email' });
    // Friday 20 November 2026, 15:00 in Paris.
    const h = harness({ store: await make(), start: options.start ?? '2026-11-20T14:00:00Z', channels: [whatsapp, sms, email], intentParser: options.intentParser });
    await h.admin.customers.upsert({ id: 'c-fr', name: 'Jeanne Dupont', timezone: 'Europe/Paris', locale: 'fr-FR', whatsapp: '+33612345678', phone: '+33612345678', email: 'jeanne@dupont.example', assignees: ['u-am'] });
    await h.admin.customers.upsert({ id: 'c-us', name: 'Ada Smith', timezone: 'America/New_York', locale: 'en-US', phone: '+12125550123' });
    return { h, whatsapp, sms, email };
  }

  it('creates the reminder at the wall time asked for, in the customer’s zone, and confirms in French on the same channel', async () => {
    const { h, whatsapp } = await setUp();
    const events = recordEvents(h.tickler, 'message.received', 'reminder.created', 'message.queued');
    const result = await h.agent.intake.message({ channel: 'whatsapp', from: 'whatsapp:+33 6 12 34 56 78', text: 'Bonjour, rappelez-moi lundi à 10h svp', providerMessageId: 'SM1' });
    expect(result.kind).toBe('reminder');
    if (result.kind !== 'reminder') return;
    expect(result.reminder).toMatchObject({ customerId: 'c-fr', dueAt: new Date('2026-11-23T09:00:00Z'), zone: 'Europe/Paris', source: 'whatsapp', assignee: 'u-am' });
    expect(result.reminder.note).toContain('rappelez-moi lundi à 10h');
    expect(result.reply?.content.text).toBe('C’est noté : nous vous rappellerons le lundi 23 novembre à 10:00.'.replace('’', "'"));
    expect(events.map((e) => e.name)).toEqual(['message.received', 'reminder.created', 'message.queued']);
    const timeline = await h.agent.communications.list('c-fr');
    // Both at the same instant: the timeline orders ties by id, so compare as a set.
    expect(timeline.items.map((m) => `${m.direction}/${m.channel}`).sort()).toEqual(['inbound/whatsapp', 'outbound/whatsapp']);
    await h.tickler.runDue();
    expect(whatsapp.deliveries.map((d) => d.message.text)).toEqual([result.reply?.content.text]);

    // The provider redelivers the webhook: nothing happens twice.
    const again = await h.agent.intake.message({ channel: 'whatsapp', from: '+33612345678', text: 'Bonjour, rappelez-moi lundi à 10h svp', providerMessageId: 'SM1' });
    expect(again.kind).toBe('duplicate');
    expect(await h.agent.reminders.list({ customerId: 'c-fr' })).toHaveLength(1);
  });

  it('reads English in New York, across the customer’s own calendar', async () => {
    const { h } = await setUp();
    // 09:00 in New York on Friday.
    const result = await h.agent.intake.message({ channel: 'sms', from: '+1 (212) 555-0123', text: 'Can you call me back tomorrow at 3pm?' });
    expect(result.kind).toBe('reminder');
    if (result.kind !== 'reminder') return;
    expect(result.reminder.dueAt).toEqual(new Date('2026-11-21T20:00:00Z'));
    expect(result.reminder.source).toBe('sms');
    expect(result.reply?.content.text).toBe('Done: we will call you on Saturday 21 November at 15:00.');
  });

  it('keeps an explicit date: March 14 said in November is next year’s, and 02:30 in the DST gap becomes 03:30 by the engine’s rule', async () => {
    // Wednesday 18 November 2026, 10:00 in New York. The customer's locale is plain English.
    const { h } = await setUp({ start: '2026-11-18T15:00:00Z' });
    await h.admin.customers.upsert({ id: 'c-us', name: 'Ada Smith', timezone: 'America/New_York', locale: 'en', phone: '+12125550123' });
    const result = await h.agent.intake.message({ channel: 'sms', from: '+12125550123', text: 'remind me on March 14 at 2:30am' });
    expect(result.kind).toBe('reminder');
    if (result.kind !== 'reminder') return;
    // New York springs forward at 02:00 on 14 March 2027: 02:30 does not exist, 03:30 EDT is 07:30 UTC.
    expect(result.reminder.dueAt).toEqual(new Date('2027-03-14T07:30:00Z'));
    expect(result.reminder.dueAt).toEqual((await h.agent.reminders.create({ customerId: 'c-us', at: { local: '2027-03-14T02:30' }, note: 'the same wall time through the API' })).dueAt);
    expect(result.reply?.content.text).toBe('Done: we will call you on Sunday 14 March 2027 at 03:30.');
  });

  it('asks back for a date it saw but cannot place, and creates nothing', async () => {
    const { h } = await setUp();
    for (const text of ['Call me on February 30 at 10am', 'call me in March at 10am']) {
      expect(await h.agent.intake.message({ channel: 'sms', from: '+12125550123', text })).toMatchObject({ kind: 'clarify', reason: 'no-time' });
    }
    expect(await h.agent.reminders.list()).toEqual([]);
  });

  it('reads an email too: found by address, answered by email with a subject, in the language it was written in', async () => {
    const { h, email } = await setUp();
    const result = await h.agent.intake.message({ channel: 'email', from: 'Jeanne@Dupont.example', text: 'Could you call me back on Thursday at 11?' });
    expect(result.kind).toBe('reminder');
    if (result.kind !== 'reminder') return;
    expect(result.reminder).toMatchObject({ source: 'email', dueAt: new Date('2026-11-26T10:00:00Z') });
    expect(result.reply?.content).toMatchObject({ subject: 'Your call-back request', text: 'Done: we will call you on Thursday 26 November at 11:00.' });
    await h.tickler.runDue();
    expect(email.deliveries.map((d) => d.message.subject)).toEqual(['Your call-back request']);
    expect(await h.agent.intake.message({ channel: 'email', from: 'someone@else.example', text: 'call me tomorrow at 10' })).toEqual({ kind: 'unknown-sender', from: 'someone@else.example' });
  });

  it('asks when, instead of guessing, for a request without a time; says so for a time already past', async () => {
    const { h } = await setUp();
    const noTime = await h.agent.intake.message({ channel: 'whatsapp', from: '+33612345678', text: 'Rappelez-moi svp' });
    expect(noTime).toMatchObject({ kind: 'clarify', reason: 'no-time' });
    const past = await h.agent.intake.message({ channel: 'sms', from: '+12125550123', text: 'Call me today at 8am' });
    expect(past).toMatchObject({ kind: 'clarify', reason: 'past' });
    if (noTime.kind !== 'clarify' || past.kind !== 'clarify') return;
    expect(noTime.reply?.content.text).toMatch(/\?/);
    expect(past.reply?.content.text).toMatch(/pass/i);
    expect(await h.agent.reminders.list()).toEqual([]);

    // The answer to the question needs no "call me" again; a day later it would.
    h.clock.advance({ minutes: 5 });
    const answer = await h.agent.intake.message({ channel: 'whatsapp', from: '+33612345678', text: 'mardi 14h30' });
    expect(answer.kind === 'reminder' && answer.reminder.dueAt).toEqual(new Date('2026-11-24T13:30:00Z'));
    h.clock.advance({ days: 2 });
    expect((await h.agent.intake.message({ channel: 'sms', from: '+12125550123', text: 'tomorrow at 10' })).kind).toBe('none');
  });

  it('creates nothing for a message with no reminder request, and routes STOP to consent', async () => {
    const { h } = await setUp();
    for (const text of ['How much do I owe?', 'thanks!']) {
      const result = await h.agent.intake.message({ channel: 'sms', from: '+12125550123', text });
      expect(result.kind).toBe('none');
    }
    const stop = await h.agent.intake.message({ channel: 'sms', from: '+12125550123', text: 'STOP' });
    expect(stop.kind).toBe('opted-out');
    expect(await h.agent.reminders.list()).toEqual([]);
    expect((await h.agent.communications.list('c-us')).items).toHaveLength(3);
  });

  it('stores nothing for an unknown sender', async () => {
    const { h } = await setUp();
    const before = await snapshotTenant(h.store, 'acme');
    const result = await h.agent.intake.message({ channel: 'whatsapp', from: '+447700900123', text: 'Call me tomorrow at 10' });
    expect(result).toEqual({ kind: 'unknown-sender', from: '+447700900123' });
    expect(await snapshotTenant(h.store, 'acme')).toEqual(before);
  });

  it('uses a host parser through the port, and survives one that throws', async () => {
    const fixed: IntentParser = { parse: () => Promise.resolve({ kind: 'reminder', local: { year: 2026, month: 11, day: 24, hour: 16, minute: 30, second: 0, millisecond: 0 }, timeGiven: true, language: 'en', matched: 'whenever' }) };
    const { h } = await setUp({ intentParser: fixed });
    const result = await h.agent.intake.message({ channel: 'whatsapp', from: '+33612345678', text: 'whenever suits' });
    expect(result.kind === 'reminder' && result.reminder.dueAt).toEqual(new Date('2026-11-24T15:30:00Z'));
    const broken = await setUp({ intentParser: { parse: () => Promise.reject(new Error('LLM down')) } });
    expect((await broken.h.agent.intake.message({ channel: 'whatsapp', from: '+33612345678', text: 'call me tomorrow' })).kind).toBe('none');
  });
});

describe.each(stores)('intake.callOutcome ($name)', ({ make }) => {
  it('a callback creates the agent’s reminder; every outcome fires call.outcome_recorded; bad input changes nothing', async () => {
    const h = harness({ store: await make(), start: '2026-11-20T14:00:00Z' });
    await h.admin.customers.upsert({ id: 'c-1', name: 'Jeanne', timezone: 'Europe/Paris' });
    const events = recordEvents(h.tickler, 'call.outcome_recorded');
    const callback = await h.agent.intake.callOutcome({ customerId: 'c-1', agentId: 'u-agent', outcome: 'callback', at: { local: '2026-11-24T11:00' }, note: 'Wants the premium offer' });
    expect(callback.reminder).toMatchObject({ assignee: 'u-agent', source: 'telemarketing', note: 'Wants the premium offer', dueAt: new Date('2026-11-24T10:00:00Z') });
    const noAnswer = await h.agent.intake.callOutcome({ customerId: 'c-1', agentId: 'u-agent', outcome: 'no_answer' });
    expect(noAnswer.reminder).toBeNull();
    expect(events.map((e) => (e.payload as { outcome: string }).outcome)).toEqual(['callback', 'no_answer']);

    const before = await snapshotTenant(h.store, 'acme');
    await expect(h.agent.intake.callOutcome({ customerId: 'c-1', agentId: 'u-agent', outcome: 'callback' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', path: 'at' });
    await expect(h.agent.intake.callOutcome({ customerId: 'c-1', agentId: 'u-agent', outcome: 'callback', at: '2026-11-19T10:00:00Z' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', path: 'at' });
    await expect(h.agent.intake.callOutcome({ customerId: 'c-1', agentId: 'u-agent', outcome: 'hung_up' as 'completed' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', path: 'outcome' });
    await expect(h.rival.intake.callOutcome({ customerId: 'c-1', agentId: 'u-agent', outcome: 'no_answer' })).rejects.toMatchObject({ code: 'NOT_FOUND', path: 'customerId' });
    expect(await snapshotTenant(h.store, 'acme')).toEqual(before);
  });
});
