import { outlookChannel } from 'tickler/outlook';
import { runChannelContract } from 'tickler/testing';
import { startGraphDouble } from './graph-double';
import { subscription } from './graph-mail-fixtures';
import { graphWebhookFixture } from './graph-webhook-fixture';

const CLIENT_STATE = 'contract-client-state-3f9a1c7e';
const ADDRESS = 'ada@customer.example';

const NO_DELIVERED =
  'Exchange reports failures only (non-delivery reports): Graph gives no delivery receipt for an ordinary email, and the delivery reports Exchange sends on request are never requested by tickler.';

runChannelContract(
  'outlook (Microsoft Graph)',
  async () => {
    const provider = await startGraphDouble();
    const channel = outlookChannel({ token: 'graph-token', mailbox: 'billing@acme.example', clientState: CLIENT_STATE, baseUrl: provider.url, timeoutMs: 5_000 });
    const webhooks = graphWebhookFixture(provider, 'billing@acme.example', subscription(CLIENT_STATE), ADDRESS);
    return { channel, provider, address: ADDRESS, webhooks, close: () => provider.close() };
  },
  {
    skip: {
      'webhooks: a delivered receipt is read for the message the channel sent': NO_DELIVERED,
      'outbox webhooks: a delivered receipt is recorded on the message': NO_DELIVERED,
      'webhooks: a request signed an hour ago is refused as stale':
        "Graph's basic change notifications carry no signature and no timestamp (clientState is the documented check); only rich notifications' validationTokens JWTs do, and this channel subscribes to basic ones.",
      'webhooks: a request without its signature headers is refused':
        "a Graph notification's only proof is the clientState in its body, so stripping its headers leaves a genuine request; a wrong clientState is refused by 'webhooks: a tampered request is refused'.",
    },
  },
);
