import { runChannelContract } from 'tickler/testing';
import { twilioSms, twilioWhatsApp } from 'tickler/twilio';
import { ACCOUNT_SID, AUTH_TOKEN, CONTENT_SID, startTwilioDouble } from './twilio-double';

runChannelContract('twilio sms', async () => {
  const provider = await startTwilioDouble();
  const channel = twilioSms({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+15005550006', apiBaseUrl: provider.url });
  return { channel, provider, address: '+33612345678', close: () => provider.close() };
});

runChannelContract('twilio whatsapp', async () => {
  const provider = await startTwilioDouble();
  const channel = twilioWhatsApp({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+15005550006', apiBaseUrl: provider.url });
  return { channel, provider, address: '+33612345678', contentTemplateId: CONTENT_SID, close: () => provider.close() };
});
