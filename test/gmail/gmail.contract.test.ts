import { afterAll } from 'vitest';
import { gmailChannel } from 'tickler/gmail';
import { CHANNEL_CONTRACT_CASES, runChannelContract } from 'tickler/testing';
import { startGmailDouble, type GmailDouble } from './gmail-double';
import { gmailWebhookFixture, PUSH } from './gmail-push-fixture';

// One double (and one signing key) for the file; the runner resets it before each case.
let started: Promise<GmailDouble> | null = null;
const double = (): Promise<GmailDouble> => (started ??= startGmailDouble());
afterAll(async () => {
  await (await started)?.close();
});

const NO_DELIVERED = 'Gmail has no delivery receipts: a message sent through users.messages.send is only ever reported back when it bounces.';
const skip: Record<string, string> = {};
// Skip only the cases this version of the suite has.
for (const name of ['webhooks: a delivered receipt is read for the message the channel sent', 'outbox webhooks: a delivered receipt is recorded on the message']) {
  if (CHANNEL_CONTRACT_CASES.some((c) => c.name === name)) skip[name] = NO_DELIVERED;
}

runChannelContract(
  'gmail',
  async () => {
    const provider = await double();
    const channel = gmailChannel({
      mailbox: provider.mailbox,
      from: { email: provider.mailbox, name: 'Acme Billing' },
      accessToken: 'token-1',
      rootUrl: provider.url,
      push: { audience: PUSH.audience, serviceAccountEmail: PUSH.serviceAccountEmail, certsUrl: provider.certsUrl },
    });
    return { channel, provider, address: 'ada@customer.example', webhooks: gmailWebhookFixture(provider) };
  },
  { skip },
);
