import { afterAll } from 'vitest';
import { FakeClock } from 'tickler';
import { intercomChannel } from 'tickler/intercom';
import { runChannelContract } from 'tickler/testing';
import { ACCESS_TOKEN, ADMIN, CLIENT_SECRET, startIntercomDouble, type IntercomDouble } from './intercom-double';
import { ADA } from './intercom-fixtures';
import { intercomWebhookFixture } from './intercom-notifications';

// The channel's clock and Intercom's agree (X-RateLimit-Reset is an epoch second), and
// stand still on a whole second, so a reset 7 s ahead is a wait of exactly 7000 ms.
const clock = new FakeClock('2026-11-23T09:00:00Z');

// One double for the file: each case starts from its reset (no writes, no messages).
let double: IntercomDouble | null = null;
afterAll(async () => {
  await double?.close();
});

const NO_RECEIPTS = 'Intercom sends no delivery receipts for admin messages or conversation replies (no webhook topic reports them).';
const SKIPS: Record<string, string> = {
  'webhooks: a delivered receipt is read for the message the channel sent': NO_RECEIPTS,
  'webhooks: a bounce or an undeliverable number is read as such': NO_RECEIPTS,
  'outbox webhooks: a failure receipt fails the sent message and queues its fallback once': NO_RECEIPTS,
  'outbox webhooks: a delivered receipt is recorded on the message': NO_RECEIPTS,
};

runChannelContract(
  'intercom',
  async () => {
    double ??= await startIntercomDouble({ now: () => clock.now() });
    const contact = double.contacts.get(ADA.id) ?? double.addContact(ADA);
    const channel = intercomChannel({
      token: ACCESS_TOKEN,
      adminId: ADMIN.id,
      clientSecret: CLIENT_SECRET,
      baseUrl: double.url,
      clock,
      // Off by default (Intercom delays notifications by up to two hours); the suite's
      // stale request is an hour old, so half an hour refuses it.
      maxNotificationAgeSeconds: 1_800,
    });
    // The address is the contact id: the outbox cases address chat messages as { slack: address },
    // which takes an Intercom contact id (24 hex characters) but not an email.
    return { channel, provider: double, address: contact.id, webhooks: intercomWebhookFixture(double, contact) };
  },
  { skip: SKIPS },
);
