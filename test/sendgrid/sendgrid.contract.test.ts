import { sendgridEmail } from 'tickler/sendgrid';
import { runChannelContract } from 'tickler/testing';
import { startSendGridDouble } from './sendgrid-double';

runChannelContract('sendgrid', async () => {
  const provider = await startSendGridDouble();
  const channel = sendgridEmail({ apiKey: 'SG.contract-key', from: { email: 'billing@acme.example', name: 'Acme Billing' }, apiBaseUrl: provider.url });
  return { channel, provider, address: 'ada@customer.example', close: () => provider.close() };
});

runChannelContract('sendgrid (separately, sandbox)', async () => {
  const provider = await startSendGridDouble();
  const channel = sendgridEmail({ apiKey: 'SG.contract-key', from: 'billing@acme.example', apiBaseUrl: provider.url, recipients: 'separately', sandbox: true, name: 'sandbox-email' });
  return { channel, provider, address: 'ada@customer.example', close: () => provider.close() };
});
