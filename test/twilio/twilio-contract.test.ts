import { runChannelContract } from 'tickler/testing';
import { twilioSms, twilioWhatsApp } from 'tickler/twilio';
import { ACCOUNT_SID, AUTH_TOKEN, CONTENT_SID, startTwilioDouble } from './twilio-double';
import { twilioWebhookFixture } from './twilio-webhook-fixture';

const NO_TIMESTAMP = { 'webhooks: a request signed an hour ago is refused as stale': "Twilio's X-Twilio-Signature signs the URL and form, with no time in it; a replayed callback is recorded once by its MessageSid." };

runChannelContract('twilio sms', async () => {
  const provider = await startTwilioDouble();
  const channel = twilioSms({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+15005550006', apiBaseUrl: provider.url });
  return { channel, provider, address: '+33612345678', webhooks: twilioWebhookFixture('sms'), close: () => provider.close() };
}, { skip: NO_TIMESTAMP });

runChannelContract('twilio whatsapp', async () => {
  const provider = await startTwilioDouble();
  const channel = twilioWhatsApp({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+15005550006', apiBaseUrl: provider.url });
  return { channel, provider, address: '+33612345678', contentTemplateId: CONTENT_SID, webhooks: twilioWebhookFixture('whatsapp'), close: () => provider.close() };
}, { skip: NO_TIMESTAMP });
