import { runChannelContract } from 'tickler/testing';
import { webhookChannel } from 'tickler/webhook';
import { startReceiverDouble } from './webhook-double';

// Node's global fetch against a local receiver that answers as a typical webhook endpoint.
runChannelContract('webhook', async () => {
  const provider = await startReceiverDouble();
  const channel = webhookChannel({ url: provider.hookUrl, secret: 'whsec-contract-0123456789' });
  return { channel, provider, address: 'ops-queue', close: () => provider.close() };
});
