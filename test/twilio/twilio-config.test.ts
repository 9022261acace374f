import { describe, expect, it } from 'vitest';
import { ValidationError, type Clock } from 'tickler';
import { twilioSms, twilioWhatsApp, type TwilioSmsConfig, type TwilioWhatsAppConfig } from 'tickler/twilio';
import { ACCOUNT_SID, AUTH_TOKEN, MESSAGING_SERVICE_SID } from './twilio-double';

function issues(make: () => unknown): { path: string; message: string }[] {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return [...(error as ValidationError).issues];
  }
  throw new Error('expected a ValidationError');
}

const sms = (config: Partial<TwilioSmsConfig>) => () => twilioSms({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+15005550006', ...config });
const whatsapp = (config: Partial<TwilioWhatsAppConfig>) => () => twilioWhatsApp({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+15005550006', ...config });

describe('Twilio channel config', () => {
  it('rejects a missing accountSid, naming the field', () => {
    expect(issues(sms({ accountSid: undefined }))).toEqual([{ path: 'accountSid', message: expect.stringMatching(/^accountSid is required/) }]);
    expect(issues(whatsapp({ accountSid: undefined }))).toEqual([{ path: 'accountSid', message: expect.stringMatching(/^accountSid is required/) }]);
  });

  it('rejects a missing from (SMS without a Messaging Service, and WhatsApp), naming the field', () => {
    expect(issues(sms({ from: undefined }))).toEqual([{ path: 'from', message: expect.stringMatching(/^from is required.*unless you give messagingServiceSid/) }]);
    expect(issues(() => twilioWhatsApp({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN } as TwilioWhatsAppConfig))).toEqual([
      { path: 'from', message: expect.stringMatching(/^from is required/) },
    ]);
    expect(() => sms({ from: undefined, messagingServiceSid: MESSAGING_SERVICE_SID })()).not.toThrow();
  });

  it('rejects malformed values, naming each field', () => {
    const paths = (make: () => unknown) => issues(make).map((i) => i.path);
    expect(paths(sms({ accountSid: 'SK0123456789abcdef0123456789abcdef' }))).toEqual(['accountSid']);
    expect(paths(sms({ authToken: undefined }))).toEqual(['authToken']);
    expect(paths(sms({ from: '0612345678' })), 'a national number is not E.164').toEqual(['from']);
    expect(() => sms({ from: '12345' })()).not.toThrow();
    expect(paths(sms({ from: 'not a sender id!' }))).toEqual(['from']);
    expect(paths(whatsapp({ from: 'whatsapp:+15005550006' }))).toEqual(['from']);
    expect(paths(whatsapp({ from: 'ACME' }))).toEqual(['from']);
    expect(paths(sms({ messagingServiceSid: 'MG123' }))).toEqual(['messagingServiceSid']);
    expect(paths(sms({ statusCallback: 'ftp://example.com/x' }))).toEqual(['statusCallback']);
    expect(paths(sms({ apiBaseUrl: 'localhost:8080' }))).toEqual(['apiBaseUrl']);
    expect(paths(sms({ timeoutMs: 0 }))).toEqual(['timeoutMs']);
    expect(paths(sms({ name: ' ' }))).toEqual(['name']);
    expect(paths(sms({ clock: {} as Clock }))).toEqual(['clock']);
    expect(paths(() => twilioSms({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+15005550006', authtoken: 'typo' } as TwilioSmsConfig))).toEqual(['']);
  });

  it('with a host client, needs no credentials and refuses the options of the client tickler would make', () => {
    const client = { messages: { create: async () => ({ sid: 'SM1' }) } };
    expect(() => twilioSms({ client, from: '+15005550006' })).not.toThrow();
    expect(issues(() => twilioSms({ client, from: '+15005550006', authToken: AUTH_TOKEN, timeoutMs: 1000, apiBaseUrl: 'http://127.0.0.1:1' })).map((i) => i.path)).toEqual([
      'authToken',
      'apiBaseUrl',
      'timeoutMs',
    ]);
    expect(issues(() => twilioSms({ client: {} as never, from: '+15005550006' })).map((i) => i.path)).toEqual(['client']);
  });
});
