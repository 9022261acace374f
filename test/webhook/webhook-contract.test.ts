import { CHANNEL_CONTRACT_CASES, runChannelContract } from 'tickler/testing';

const R = 'A host\'s own endpoint answers the POST synchronously: there is no later receipt or reply to read.';
const NO_WEBHOOKS = Object.fromEntries(CHANNEL_CONTRACT_CASES.filter((c) => c.name.includes('webhooks:')).map((c) => [c.name, R]));
import { webhookChannel } from 'tickler/webhook';
import { startReceiverDouble } from './webhook-double';

// Node's global fetch against a local receiver that answers as a typical webhook endpoint.
runChannelContract('webhook', async () => {
  const provider = await startReceiverDouble();
  const channel = webhookChannel({ url: provider.hookUrl, secret: 'whsec-contract-0123456789' });
  return { channel, provider, address: 'ops-queue', close: () => provider.close() };
}, { skip: NO_WEBHOOKS });
