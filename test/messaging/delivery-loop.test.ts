import { afterAll, describe, expect, it } from 'vitest';
import { MemoryChannel, MemoryStore, type Store } from 'tickler';
import { sendgridEmail } from 'tickler/sendgrid';
import { twilioSms } from 'tickler/twilio';
import { startSendGridDouble, type SendGridDouble } from '../sendgrid/sendgrid-double';
import { EVENT_FOR, SendGridEventSigner, sendgridEvent } from '../sendgrid/sendgrid-webhook-double';
import { recordEvents } from '../support/harness';
import { dunningHarness, invoice, JEANNE, messagingStores, parisNine, policy } from '../dunning/dunning-fixtures';
import { ACCOUNT_SID, AUTH_TOKEN, startTwilioDouble, type TwilioDouble } from '../twilio/twilio-double';
import { incomingMessage, signedForm, statusCallback } from '../twilio/twilio-webhook-fixture';

const stores = await messagingStores();

// The four-level policy, each level also texted; twelve days without an answer after l4
// (18 December) escalate on the 30th at 09:00 in Paris.
const base = policy();
const ESCALATING = policy({
  steps: base.steps.map((s) => ({ ...s, actions: s.actions.map((a) => (a.type === 'message' ? { ...a, channels: ['email', 'sms'] } : a)) })),
  escalation: { after: 'P12D', notify: [{ email: 'collections@acme.io' }], template: 'dunning-escalation' },
});

const doubles: TwilioDouble[] = [];
afterAll(async () => {
  for (const d of doubles) await d.close();
});

async function loop(make: () => Promise<Store>) {
    const twilio = await startTwilioDouble();
    doubles.push(twilio);
    const email = new MemoryChannel({ kind: 'email' });
    const sms = twilioSms({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+15005550006', apiBaseUrl: twilio.url });
    const h = dunningHarness(await make(), { channels: [email, sms] });
    await h.standard(ESCALATING);
    await h.acme.invoices.upsert(invoice());
    await h.runUntil(parisNine('2026-12-18'));
    const escalated = recordEvents(h.tickler, 'dunning.escalated');
    return { h, twilio, escalated };
}

// Every store for the reply; the rest of the loop is the same code whatever the store.
describe.each(stores)('replies through a channel webhook answer an escalation, on $name', ({ make }) => {
  const setup = () => loop(make);

  it('an SMS reply before the escalation is due: no escalation, and the reply is on the timeline', async () => {
    const { h, escalated } = await setup();
    h.clock.set('2026-12-21T15:04:00Z');
    const reply = incomingMessage(JEANNE.phone, 'I sent the transfer today, sorry for the delay.', `SM${'7'.repeat(32)}`);
    const result = await h.acme.messages.handleWebhook('sms', reply);
    expect(result.events).toMatchObject([{ type: 'reply', result: { kind: 'received', customer: { id: JEANNE.id } } }]);
    expect(result.response).toMatchObject({ status: 200, headers: { 'content-type': 'text/xml' } });
    await h.runUntil(parisNine('2027-01-31'));
    expect(escalated).toEqual([]);
    const inbound = (await h.acme.communications.list(JEANNE.id)).items.filter((m) => m.direction === 'inbound');
    expect(inbound).toMatchObject([{ channel: 'sms', state: 'received', from: JEANNE.phone, content: { text: 'I sent the transfer today, sorry for the delay.' } }]);
  });

});

describe('the delivery loop through a channel webhook, on memory', () => {
  const setup = () => loop(async () => new MemoryStore());

  it('no reply: the escalation fires once', async () => {
    const { h, escalated } = await setup();
    await h.runUntil(parisNine('2027-01-31'));
    expect(escalated).toHaveLength(1);
  });

  it('a reply whose signature does not verify is refused, changes nothing, and the escalation still fires once', async () => {
    const { h, escalated } = await setup();
    h.clock.set('2026-12-21T15:04:00Z');
    const before = await h.snapshot();
    const forged = signedForm({ MessageSid: `SM${'8'.repeat(32)}`, From: JEANNE.phone, To: '+15005550006', Body: 'Paid!', AccountSid: ACCOUNT_SID }, undefined, 'not-the-auth-token');
    await expect(h.acme.messages.handleWebhook('sms', forged)).rejects.toMatchObject({ code: 'WEBHOOK_REFUSED', refusal: 'signature-invalid' });
    const unsigned = { ...forged, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    await expect(h.acme.messages.handleWebhook('sms', unsigned)).rejects.toMatchObject({ code: 'WEBHOOK_REFUSED', refusal: 'signature-missing' });
    expect(await h.snapshot()).toEqual(before);
    await h.runUntil(parisNine('2027-01-31'));
    expect(escalated).toHaveLength(1);
  });

  it('the SMS status callbacks are recorded on the texted reminders: delivered, or undelivered with Twilio\'s error code', async () => {
    const { h } = await setup();
    const texts = (await h.messages()).filter((m) => m.channel === 'sms' && m.state === 'sent');
    expect(texts.length).toBeGreaterThan(1);
    const [first, second] = texts as [(typeof texts)[number], (typeof texts)[number]];
    await h.acme.messages.handleWebhook('sms', statusCallback(first.providerMessageId as string, 'delivered'));
    expect(await h.acme.messages.get(first.id)).toMatchObject({ state: 'sent', delivery: { status: 'delivered', detail: 'delivered' } });
    const result = await h.acme.messages.handleWebhook('sms', statusCallback(second.providerMessageId as string, 'undelivered'));
    expect(result.events).toMatchObject([{ type: 'receipt', outcome: 'failed', message: { state: 'failed', reason: 'undelivered', detail: expect.stringContaining('30003') } }]);
  });
});

describe('a bounced email falls back to SMS once', () => {
  const signer = new SendGridEventSigner();
  const sendgrids: SendGridDouble[] = [];
  afterAll(async () => {
    for (const d of sendgrids) await d.close();
  });

  it.each(stores)('on $name: the bounce fails the email, one SMS goes out, and the timeline shows both', async ({ make }) => {
    const [sendgrid, twilio] = [await startSendGridDouble(), await startTwilioDouble()];
    sendgrids.push(sendgrid);
    doubles.push(twilio);
    const email = sendgridEmail({ apiKey: 'SG.loop-key', from: 'billing@acme.example', apiBaseUrl: sendgrid.url, eventWebhookPublicKey: signer.publicKey });
    const sms = twilioSms({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+15005550006', apiBaseUrl: twilio.url });
    const h = dunningHarness(await make(), { channels: [email, sms] });
    await h.standard();
    const [queued] = await h.acme.messages.send({ channel: 'email', customerId: JEANNE.id, content: { subject: 'Invoice F-001 is overdue', text: 'Invoice F-001 is 7 days overdue.' }, fallback: ['sms'] });
    await h.tickler.runDue();
    const sent = await h.acme.messages.get(queued?.id as string);
    expect(sent).toMatchObject({ state: 'sent', channel: 'email' });
    h.clock.advance({ minutes: 2 });
    const { event, extra } = EVENT_FOR.bounced;
    const bounce = signer.request([sendgridEvent(sent.providerMessageId as string, event, h.clock.now(), { ...extra, email: JEANNE.email })], h.clock.now());
    const first = await h.acme.messages.handleWebhook('email', bounce);
    expect(first.events).toMatchObject([{ type: 'receipt', outcome: 'failed', status: 'bounced', fallback: { channel: 'sms' } }]);
    // SendGrid posts the batch again (a retry after a timeout): nothing more happens.
    const again = await h.acme.messages.handleWebhook('email', bounce);
    expect(again.events).toMatchObject([{ type: 'receipt', outcome: 'unchanged' }]);
    await h.tickler.runDue();
    await h.tickler.runDue();
    const timeline = (await h.acme.communications.list(JEANNE.id)).items;
    expect(timeline.map((m) => [m.channel, m.state, m.reason])).toEqual([
      ['sms', 'sent', null],
      ['email', 'failed', 'bounced'],
    ]);
    expect(timeline[1]?.detail).toContain('550 5.1.1');
    expect(timeline[0]).toMatchObject({ fallbackOf: sent.id, to: [{ address: JEANNE.phone }] });
  });

  it('a forged or a stale bounce is refused and changes nothing: the email stays sent, no SMS is queued', async () => {
    const sendgrid = await startSendGridDouble();
    sendgrids.push(sendgrid);
    const email = sendgridEmail({ apiKey: 'SG.loop-key', from: 'billing@acme.example', apiBaseUrl: sendgrid.url, eventWebhookPublicKey: signer.publicKey });
    const h = dunningHarness(new MemoryStore(), { channels: [email, new MemoryChannel({ kind: 'sms' })] });
    await h.standard();
    const [queued] = await h.acme.messages.send({ channel: 'email', customerId: JEANNE.id, content: { subject: 'Invoice F-001 is overdue', text: 'Invoice F-001 is 7 days overdue.' }, fallback: ['sms'] });
    await h.tickler.runDue();
    const sent = await h.acme.messages.get(queued?.id as string);
    const { event, extra } = EVENT_FOR.bounced;
    const bounceAt = (at: Date) => signer.request([sendgridEvent(sent.providerMessageId as string, event, at, { ...extra, email: JEANNE.email })], at);
    const before = await h.snapshot();
    // Signed with another key: a forgery.
    const forged = new SendGridEventSigner().request([sendgridEvent(sent.providerMessageId as string, event, h.clock.now(), extra)], h.clock.now());
    await expect(h.acme.messages.handleWebhook('email', forged)).rejects.toMatchObject({ code: 'WEBHOOK_REFUSED', refusal: 'signature-invalid' });
    // Genuine, but signed two days ago: past the 24-hour tolerance, a replay.
    h.clock.advance({ days: 2 });
    await expect(h.acme.messages.handleWebhook('email', bounceAt(new Date(h.clock.now().getTime() - 2 * 86_400_000)))).rejects.toMatchObject({ code: 'WEBHOOK_REFUSED', refusal: 'stale' });
    expect(await h.snapshot()).toEqual(before);
    await h.tickler.runDue();
    expect((await h.acme.communications.list(JEANNE.id)).items.map((m) => [m.channel, m.state])).toEqual([['email', 'sent']]);
  });
});
