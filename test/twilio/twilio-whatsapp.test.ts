import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { twilioWhatsApp, type TwilioWhatsAppConfig } from 'tickler/twilio';
import { ACCOUNT_SID, AUTH_TOKEN, CONTENT_SID, MESSAGING_SERVICE_SID, startTwilioDouble, type TwilioDouble } from './twilio-double';
import { basicAuth, channelFailure, outbound, sendOptions } from './twilio-fixtures';

let double: TwilioDouble;
beforeEach(async () => {
  double = await startTwilioDouble();
});
afterEach(async () => {
  await double.close();
});

const whatsapp = (extra: Partial<TwilioWhatsAppConfig> = {}) =>
  twilioWhatsApp({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+15005550006', apiBaseUrl: double.url, ...extra });

function sentForm() {
  expect(double.requests).toHaveLength(1);
  const request = double.requests[0]!;
  expect(request.method).toBe('POST');
  expect(request.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
  expect(request.headers.authorization).toBe(basicAuth(ACCOUNT_SID, AUTH_TOKEN));
  expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
  return Object.fromEntries(request.form!);
}

describe('twilioWhatsApp: the request Twilio receives', () => {
  it('has the default name and kind', () => {
    expect(whatsapp().name).toBe('whatsapp');
    expect(whatsapp().kind).toBe('whatsapp');
  });

  it('sends a business-initiated message as a content template: ContentSid and ContentVariables as a JSON object of strings', async () => {
    const message = outbound('whatsapp', {
      text: null,
      providerTemplate: { id: CONTENT_SID, variables: { '1': 'Ada', '2': 120.5, '3': true, '4': null, '5': 'é "quoted" ✓' } },
    });
    const result = await whatsapp().send(message, sendOptions());
    const form = sentForm();
    expect(form).toEqual({ To: 'whatsapp:+33612345678', From: 'whatsapp:+15005550006', ContentSid: CONTENT_SID, ContentVariables: form.ContentVariables });
    expect(JSON.parse(form.ContentVariables!)).toEqual({ '1': 'Ada', '2': '120.5', '3': 'true', '4': '', '5': 'é "quoted" ✓' });
    expect(result.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
  });

  it('leaves ContentVariables out when the template has no variables', async () => {
    await whatsapp().send(outbound('whatsapp', { text: null, providerTemplate: { id: CONTENT_SID, variables: {} } }), sendOptions());
    expect(sentForm()).toEqual({ To: 'whatsapp:+33612345678', From: 'whatsapp:+15005550006', ContentSid: CONTENT_SID });
  });

  it('sends the template, not the text, when the core gave both (outside the session)', async () => {
    await whatsapp().send(outbound('whatsapp', { text: 'fallback', providerTemplate: { id: CONTENT_SID, variables: { '1': 'x' } } }), sendOptions());
    expect(sentForm()).toEqual({ To: 'whatsapp:+33612345678', From: 'whatsapp:+15005550006', ContentSid: CONTENT_SID, ContentVariables: '{"1":"x"}' });
  });

  it('sends an in-session reply as free text Body', async () => {
    await whatsapp().send(outbound('whatsapp', { text: 'Thanks, we received your payment.' }), sendOptions());
    expect(sentForm()).toEqual({ To: 'whatsapp:+33612345678', From: 'whatsapp:+15005550006', Body: 'Thanks, we received your payment.' });
  });

  it('does not double a whatsapp: prefix already on the address, and adds the Messaging Service and StatusCallback', async () => {
    const message = outbound('whatsapp', { to: [{ address: 'whatsapp:+33612345678', name: null, origin: 'literal', userId: null }] });
    await whatsapp({ messagingServiceSid: MESSAGING_SERVICE_SID, statusCallback: 'https://crm.example.com/status' }).send(message, sendOptions());
    expect(sentForm()).toEqual({
      To: 'whatsapp:+33612345678',
      From: 'whatsapp:+15005550006',
      MessagingServiceSid: MESSAGING_SERVICE_SID,
      StatusCallback: 'https://crm.example.com/status',
      Body: 'Invoice INV-1 (120.00 EUR) is 7 days overdue.',
    });
  });

  it('refuses a message with neither text nor template as not retryable, without calling Twilio', async () => {
    const error = await channelFailure(whatsapp().send(outbound('whatsapp', { text: null, providerTemplate: null }), sendOptions()));
    expect(error.retryable).toBe(false);
    expect(error.code).toBe('CHANNEL_FAILED');
    expect(double.requestCount()).toBe(0);
  });

  it('refuses a message to several recipients as not retryable', async () => {
    const to = [
      { address: '+33612345678', name: null, origin: 'customer' as const, userId: null },
      { address: '+33687654321', name: null, origin: 'contact' as const, userId: null },
    ];
    const error = await channelFailure(whatsapp().send(outbound('whatsapp', { to }), sendOptions()));
    expect(error.retryable).toBe(false);
    expect(double.requestCount()).toBe(0);
  });
});
