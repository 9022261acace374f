import { MemoryChannel, type Channel } from 'tickler';

/** The channels the app sends on, and a line per channel for the startup banner. */
export interface ChannelSetup {
  channels: Channel[];
  described: string[];
}

/**
 * Email, SMS and WhatsApp channels. By default each is a MemoryChannel: messages are
 * "sent" into memory and show in the outbox view, and nothing leaves the machine. With
 * provider credentials in the environment, the real adapter replaces that kind (loaded
 * only then, so the provider SDKs stay optional).
 */
export async function channelsFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<ChannelSetup> {
  const channels: Channel[] = [];
  const described: string[] = [];
  const sid = env.TWILIO_ACCOUNT_SID;
  const token = env.TWILIO_AUTH_TOKEN;
  const twilioReady = sid !== undefined && sid !== '' && token !== undefined && token !== '';

  if (twilioReady && env.TWILIO_FROM) {
    const { twilioSms } = await import('tickler/twilio');
    channels.push(twilioSms({ accountSid: sid, authToken: token, from: env.TWILIO_FROM }));
    described.push(`sms: Twilio from ${env.TWILIO_FROM}`);
  } else {
    channels.push(new MemoryChannel({ kind: 'sms' }));
    described.push('sms: memory (outbox view only)');
  }

  if (twilioReady && env.TWILIO_WHATSAPP_FROM) {
    const { twilioWhatsApp } = await import('tickler/twilio');
    channels.push(twilioWhatsApp({ accountSid: sid, authToken: token, from: env.TWILIO_WHATSAPP_FROM }));
    described.push(`whatsapp: Twilio from ${env.TWILIO_WHATSAPP_FROM}`);
  } else {
    channels.push(new MemoryChannel({ kind: 'whatsapp' }));
    described.push('whatsapp: memory (outbox view only)');
  }

  if (env.SENDGRID_API_KEY && env.SENDGRID_FROM) {
    const { sendgridEmail } = await import('tickler/sendgrid');
    channels.push(sendgridEmail({ apiKey: env.SENDGRID_API_KEY, from: env.SENDGRID_FROM }));
    described.push(`email: SendGrid from ${env.SENDGRID_FROM}`);
  } else {
    channels.push(new MemoryChannel({ kind: 'email' }));
    described.push('email: memory (outbox view only)');
  }
  return { channels, described };
}
