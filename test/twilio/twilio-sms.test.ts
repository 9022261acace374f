import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { twilioSms, type TwilioSmsConfig } from 'tickler/twilio';
import { ACCOUNT_SID, AUTH_TOKEN, CONTENT_SID, MESSAGING_SERVICE_SID, startTwilioDouble, type TwilioDouble } from './twilio-double';
import { basicAuth, channelFailure, outbound, sendOptions } from './twilio-fixtures';

const MESSAGES_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;

let double: TwilioDouble;
beforeEach(async () => {
  double = await startTwilioDouble();
});
afterEach(async () => {
  await double.close();
});

const sms = (extra: Partial<TwilioSmsConfig> = {}) => twilioSms({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+15005550006', apiBaseUrl: double.url, ...extra });

function onlyRequest() {
  expect(double.requests).toHaveLength(1);
  const request = double.requests[0]!;
  expect(request.method).toBe('POST');
  expect(request.path).toBe(MESSAGES_PATH);
  expect(request.headers.authorization).toBe(basicAuth(ACCOUNT_SID, AUTH_TOKEN));
  expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
  expect(request.headers.accept).toBe('application/json');
  const keys = [...request.form!.keys()];
  expect(new Set(keys).size, 'no field is sent twice').toBe(keys.length);
  return Object.fromEntries(request.form!);
}

describe('twilioSms: the request Twilio receives', () => {
  it('has the default name and kind', () => {
    const channel = sms();
    expect(channel.name).toBe('sms');
    expect(channel.kind).toBe('sms');
    expect(sms({ name: 'sms-eu' }).name).toBe('sms-eu');
  });

  it('posts To, From and Body to the account Messages resource, with Basic auth, and resolves with the SID', async () => {
    const result = await sms().send(outbound('sms', { text: 'Héllo & = + ✓ 😀' }), sendOptions());
    expect(onlyRequest()).toEqual({ To: '+33612345678', From: '+15005550006', Body: 'Héllo & = + ✓ 😀' });
    expect(result.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
  });

  it('sends through a Messaging Service instead of a From number', async () => {
    await twilioSms({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, messagingServiceSid: MESSAGING_SERVICE_SID, apiBaseUrl: double.url }).send(outbound('sms'), sendOptions());
    expect(onlyRequest()).toEqual({ To: '+33612345678', MessagingServiceSid: MESSAGING_SERVICE_SID, Body: 'Invoice INV-1 (120.00 EUR) is 7 days overdue.' });
  });

  it('sends From and MessagingServiceSid together when both are configured, with the StatusCallback', async () => {
    await sms({ messagingServiceSid: MESSAGING_SERVICE_SID, statusCallback: 'https://crm.example.com/twilio/status?tenant=acme' }).send(outbound('sms', { text: 'Hi' }), sendOptions());
    expect(onlyRequest()).toEqual({
      To: '+33612345678',
      From: '+15005550006',
      MessagingServiceSid: MESSAGING_SERVICE_SID,
      StatusCallback: 'https://crm.example.com/twilio/status?tenant=acme',
      Body: 'Hi',
    });
  });

  it('accepts an alphanumeric sender ID as From', async () => {
    await sms({ from: 'ACME' }).send(outbound('sms', { text: 'Hi' }), sendOptions());
    expect(onlyRequest()).toEqual({ To: '+33612345678', From: 'ACME', Body: 'Hi' });
  });

  it('sends text even when a provider template is also present; a template alone goes as ContentSid', async () => {
    const template = { id: CONTENT_SID, variables: { '1': 'INV-1' } };
    await sms().send(outbound('sms', { text: 'Hi', providerTemplate: template }), sendOptions());
    expect(onlyRequest()).toEqual({ To: '+33612345678', From: '+15005550006', Body: 'Hi' });
    double.reset();
    await sms().send(outbound('sms', { text: null, providerTemplate: template }), sendOptions());
    expect(onlyRequest()).toEqual({ To: '+33612345678', From: '+15005550006', ContentSid: CONTENT_SID, ContentVariables: '{"1":"INV-1"}' });
  });

  it('refuses, without calling Twilio, a message with no text and no template, or with several recipients', async () => {
    const empty = await channelFailure(sms().send(outbound('sms', { text: '' }), sendOptions()));
    expect(empty.retryable).toBe(false);
    expect(empty.message).toMatch(/neither text nor a provider template/);
    const two = outbound('sms', {
      to: [
        { address: '+33612345678', name: null, origin: 'customer', userId: null },
        { address: '+33687654321', name: null, origin: 'contact', userId: null },
      ],
    });
    const many = await channelFailure(sms().send(two, sendOptions()));
    expect(many.retryable).toBe(false);
    expect(many.message).toMatch(/exactly one recipient/);
    expect(double.requestCount()).toBe(0);
  });

  it('does not retry by itself, whatever Twilio answers', async () => {
    double.script({ type: 'rate-limit', retryAfterSeconds: 1 }, { type: 'server-error' });
    await channelFailure(sms().send(outbound('sms'), sendOptions()));
    await channelFailure(sms().send(outbound('sms'), sendOptions()));
    expect(double.requestCount()).toBe(2);
  });
});
