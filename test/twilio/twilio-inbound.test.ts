import { describe, expect, it } from 'vitest';
import { isTicklerError, ValidationError } from 'tickler';
import { twilioInboundMessage } from 'tickler/twilio';

// An incoming SMS webhook as Twilio posts it (form-encoded), trimmed to the usual fields.
const SMS_FORM = new URLSearchParams({
  ToCountry: 'FR',
  SmsMessageSid: 'SM0123456789abcdef0123456789abcdef',
  NumMedia: '0',
  SmsSid: 'SM0123456789abcdef0123456789abcdef',
  SmsStatus: 'received',
  Body: 'Call me tomorrow at 10 please',
  To: '+33757000000',
  NumSegments: '1',
  MessageSid: 'SM0123456789abcdef0123456789abcdef',
  AccountSid: `AC${'a1'.repeat(16)}`,
  From: '+33612345678',
  ApiVersion: '2010-04-01',
});

describe('twilioInboundMessage', () => {
  it('maps an incoming SMS', () => {
    expect(twilioInboundMessage(SMS_FORM)).toEqual({
      channel: 'sms',
      from: '+33612345678',
      to: '+33757000000',
      text: 'Call me tomorrow at 10 please',
      providerMessageId: 'SM0123456789abcdef0123456789abcdef',
    });
  });

  it('maps an incoming WhatsApp message, stripping the whatsapp: prefixes, from a plain record', () => {
    const form = {
      From: 'whatsapp:+33612345678',
      To: 'whatsapp:+14155238886',
      Body: 'Je paie vendredi 👍',
      MessageSid: 'SMaaaabbbbccccddddeeeeffff00001111',
      ProfileName: 'Ada',
      WaId: '33612345678',
      NumMedia: '0',
    };
    expect(twilioInboundMessage(form)).toEqual({
      channel: 'whatsapp',
      from: '+33612345678',
      to: '+14155238886',
      text: 'Je paie vendredi 👍',
      providerMessageId: 'SMaaaabbbbccccddddeeeeffff00001111',
    });
  });

  it('gives empty text for a media-only message, takes the first of repeated values, and a null To when absent', () => {
    const result = twilioInboundMessage({ From: '+33612345678', MessageSid: ['MM1', 'MM2'], NumMedia: '1', MediaUrl0: 'https://api.twilio.com/media/1' });
    expect(result).toEqual({ channel: 'sms', from: '+33612345678', to: null, text: '', providerMessageId: 'MM1' });
  });

  it('rejects a form without From or MessageSid with a ValidationError naming the field', () => {
    const noFrom = new URLSearchParams(SMS_FORM);
    noFrom.delete('From');
    expect(() => twilioInboundMessage(noFrom)).toThrow(ValidationError);
    try {
      twilioInboundMessage(noFrom);
    } catch (error) {
      expect(isTicklerError(error) && error.code).toBe('VALIDATION_FAILED');
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['From']);
    }
    const noSid = new URLSearchParams(SMS_FORM);
    noSid.delete('MessageSid');
    expect(() => twilioInboundMessage(noSid)).toThrow(/MessageSid is missing/);
    expect(() => twilioInboundMessage({ From: '  ', MessageSid: 'SM1' })).toThrow(/From is empty/);
    expect(() => twilioInboundMessage({ From: 'whatsapp:', MessageSid: 'SM1' })).toThrow(/From has no address/);
    expect(() => twilioInboundMessage({})).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: 'From' }), expect.objectContaining({ path: 'MessageSid' })] }));
  });
});
