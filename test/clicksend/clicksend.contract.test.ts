import { clicksendSms } from 'tickler/clicksend';
import { runChannelContract } from 'tickler/testing';
import { API_KEY, USERNAME, startClickSendDouble } from './clicksend-double';
import { clicksendWebhookFixture, CUSTOMER, WEBHOOK_SECRET } from './clicksend-webhook-fixture';

runChannelContract('clicksend sms', async () => {
  const provider = await startClickSendDouble();
  const channel = clicksendSms({
    username: USERNAME,
    apiKey: API_KEY,
    from: '+61477485926',
    apiBaseUrl: provider.url,
    webhookSecret: WEBHOOK_SECRET,
    // The suite replays a request stamped an hour ago; the default window is a day (see the guide).
    webhookToleranceSeconds: 1_800,
  });
  // Replies come from the customer the suite sends to.
  return { channel, provider, address: CUSTOMER, webhooks: clicksendWebhookFixture(provider), close: () => provider.close() };
});
