import { sendgridEmail } from 'tickler/sendgrid';
import { CHANNEL_CONTRACT_CASES, runChannelContract } from 'tickler/testing';
import { startSendGridDouble } from './sendgrid-double';
import { INBOUND_SECRET, SendGridEventSigner, sendgridWebhookFixture } from './sendgrid-webhook-double';

// One key pair for the file: generating one per case would only cost time.
const signer = new SendGridEventSigner();

runChannelContract('sendgrid', async () => {
  const provider = await startSendGridDouble();
  const channel = sendgridEmail({
    apiKey: 'SG.contract-key',
    from: { email: 'billing@acme.example', name: 'Acme Billing' },
    apiBaseUrl: provider.url,
    eventWebhookPublicKey: signer.publicKey,
    // The default (24 hours, SendGrid's retry window) would accept the contract's
    // hour-old request; the check itself is the same with any tolerance.
    eventWebhookToleranceSeconds: 300,
    inboundParseSecret: INBOUND_SECRET,
  });
  return { channel, provider, address: 'ada@customer.example', webhooks: sendgridWebhookFixture(signer), close: () => provider.close() };
});

// The send options only: the webhook side does not depend on them and runs above.
const webhookCases = CHANNEL_CONTRACT_CASES.filter((c) => /webhooks:/.test(c.name)).map((c) => [c.name, 'the webhooks run with the default send options above']);

runChannelContract(
  'sendgrid (separately, sandbox)',
  async () => {
    const provider = await startSendGridDouble();
    const channel = sendgridEmail({ apiKey: 'SG.contract-key', from: 'billing@acme.example', apiBaseUrl: provider.url, recipients: 'separately', sandbox: true, name: 'sandbox-email' });
    return { channel, provider, address: 'ada@customer.example', close: () => provider.close() };
  },
  { skip: Object.fromEntries(webhookCases) },
);
