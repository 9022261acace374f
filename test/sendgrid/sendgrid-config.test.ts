import { generateKeyPairSync } from 'node:crypto';
import { MailService } from '@sendgrid/mail';
import { Client } from '@sendgrid/client';
import { describe, expect, it } from 'vitest';
import { FakeClock, ValidationError } from 'tickler';
import { sendgridEmail, type SendGridEmailConfig, type SendGridMailClient, type SendGridMailData } from 'tickler/sendgrid';
import { startSendGridDouble } from './sendgrid-double';
import { emailMessage, sendOptions } from './sendgrid-message';

const valid: SendGridEmailConfig = { apiKey: 'SG.config-test-key', from: 'billing@acme.example' };

function issuesOf(config: unknown): { path: string; message: string }[] {
  try {
    sendgridEmail(config as SendGridEmailConfig);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('VALIDATION_FAILED');
    return [...(error as ValidationError).issues];
  }
  throw new Error('expected a ValidationError');
}

const spki = (key: ReturnType<typeof generateKeyPairSync>['publicKey']) => key.export({ format: 'der', type: 'spki' }).toString('base64');
const P256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey;
const P384 = spki(generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey);
const ED25519 = spki(generateKeyPairSync('ed25519').publicKey);

const client: SendGridMailClient = { send: async () => [{ statusCode: 202, headers: { 'x-message-id': 'abc' } }, ''] };

describe('sendgridEmail: configuration errors name the field', () => {
  const cases: { name: string; config: unknown; path: string; says?: RegExp }[] = [
    { name: 'no apiKey nor client', config: { from: 'billing@acme.example' }, path: 'apiKey', says: /exactly one of apiKey or client/ },
    { name: 'both apiKey and client', config: { ...valid, client }, path: 'apiKey', says: /exactly one of apiKey or client/ },
    { name: 'an apiKey that is not a SendGrid key', config: { ...valid, apiKey: 'abc123' }, path: 'apiKey', says: /starts with "SG\."/ },
    { name: 'a client without send', config: { client: { post: () => undefined }, from: 'billing@acme.example' }, path: 'client', says: /send\(data\)/ },
    { name: 'no from', config: { apiKey: valid.apiKey }, path: 'from' },
    { name: 'a from with a name in it', config: { ...valid, from: 'Acme <billing@acme.example>' }, path: 'from' },
    { name: 'a from object without email', config: { ...valid, from: { name: 'Acme' } }, path: 'from' },
    { name: 'a bad replyTo', config: { ...valid, replyTo: 'support' }, path: 'replyTo' },
    { name: 'more than 10 categories', config: { ...valid, categories: Array.from({ length: 11 }, (_, i) => `c${i}`) }, path: 'categories', says: /at most 10/ },
    { name: 'an empty category', config: { ...valid, categories: ['ok', ''] }, path: 'categories.1' },
    { name: 'an empty name', config: { ...valid, name: '' }, path: 'name' },
    { name: 'a negative timeout', config: { ...valid, timeoutMs: -1 }, path: 'timeoutMs' },
    { name: 'a fractional timeout', config: { ...valid, timeoutMs: 1.5 }, path: 'timeoutMs' },
    { name: 'an apiBaseUrl that is not a URL', config: { ...valid, apiBaseUrl: 'api.sendgrid.com' }, path: 'apiBaseUrl', says: /http\(s\) URL/ },
    { name: 'an unknown recipients mode', config: { ...valid, recipients: 'bcc' }, path: 'recipients' },
    { name: 'a non-boolean sandbox', config: { ...valid, sandbox: 'yes' }, path: 'sandbox' },
    { name: 'a clock without now', config: { ...valid, clock: {} }, path: 'clock' },
    { name: 'apiBaseUrl with a client', config: { client, from: 'billing@acme.example', apiBaseUrl: 'https://api.eu.sendgrid.com' }, path: 'apiBaseUrl', says: /only with apiKey/ },
    { name: 'timeoutMs with a client', config: { client, from: 'billing@acme.example', timeoutMs: 5000 }, path: 'timeoutMs', says: /only with apiKey/ },
    { name: 'a misspelt option', config: { ...valid, apikey: 'SG.x' }, path: '', says: /apikey/ },
    { name: 'an eventWebhookPublicKey that is not base64', config: { ...valid, eventWebhookPublicKey: 'not a key!' }, path: 'eventWebhookPublicKey', says: /Not a base64 public key: copy the verification key/ },
    { name: 'an eventWebhookPublicKey that is not a key', config: { ...valid, eventWebhookPublicKey: 'c2VjcmV0' }, path: 'eventWebhookPublicKey', says: /Not a public key/ },
    { name: 'an eventWebhookPublicKey on another curve', config: { ...valid, eventWebhookPublicKey: P384 }, path: 'eventWebhookPublicKey', says: /Not an ECDSA P-256 key \(got ec secp384r1\)/ },
    { name: 'an Ed25519 eventWebhookPublicKey', config: { ...valid, eventWebhookPublicKey: ED25519 }, path: 'eventWebhookPublicKey', says: /got ed25519/ },
    { name: 'a tolerance without a key', config: { ...valid, eventWebhookToleranceSeconds: 300 }, path: 'eventWebhookToleranceSeconds', says: /only with eventWebhookPublicKey/ },
    { name: 'a zero tolerance', config: { ...valid, eventWebhookPublicKey: spki(P256), eventWebhookToleranceSeconds: 0 }, path: 'eventWebhookToleranceSeconds' },
    { name: 'a tolerance over 7 days', config: { ...valid, eventWebhookPublicKey: spki(P256), eventWebhookToleranceSeconds: 8 * 86_400 }, path: 'eventWebhookToleranceSeconds', says: /7 days/ },
    { name: 'a short inboundParseSecret', config: { ...valid, inboundParseSecret: 'hunter2' }, path: 'inboundParseSecret', says: /16 to 200 URL-safe characters/ },
    { name: 'an inboundParseSecret needing URL encoding', config: { ...valid, inboundParseSecret: 'a secret with spaces & more' }, path: 'inboundParseSecret' },
  ];
  for (const { name, config, path, says } of cases) {
    it(`${name} → ${path || '(root)'}`, () => {
      const issues = issuesOf(config);
      const issue = issues.find((i) => i.path === path);
      expect(issue, JSON.stringify(issues)).toBeDefined();
      if (says) expect(issue?.message).toMatch(says);
    });
  }

  it('accepts a complete configuration', () => {
    const channel = sendgridEmail({
      ...valid,
      from: { email: 'billing@acme.example', name: 'Acme Billing' },
      replyTo: { email: 'accounts@acme.example' },
      categories: ['tickler'],
      name: 'billing-email',
      timeoutMs: 5_000,
      apiBaseUrl: 'https://api.eu.sendgrid.com/',
      sandbox: false,
      recipients: 'separately',
      clock: new FakeClock(),
      eventWebhookPublicKey: spki(P256),
      eventWebhookToleranceSeconds: 600,
      inboundParseSecret: 'b7f3c1e9a2d44f0e8c6a5b3d2e1f0a9c',
    });
    expect(channel).toMatchObject({ name: 'billing-email', kind: 'email' });
    expect(channel.webhooks).toBeDefined();
  });

  it('takes the verification key as PEM too', () => {
    const pem = P256.export({ format: 'pem', type: 'spki' }).toString();
    expect(sendgridEmail({ ...valid, eventWebhookPublicKey: pem }).webhooks).toBeDefined();
  });
});

describe('sendgridEmail: a host-provided client', () => {
  it("uses the host's own MailService, configured through the SDK's options", async () => {
    const provider = await startSendGridDouble({ apiKey: 'SG.host-key' });
    try {
      const sdkClient = new Client();
      sdkClient.setApiKey('SG.host-key');
      sdkClient.setDefaultRequest('baseUrl', provider.url);
      const mail = new MailService();
      mail.setClient(sdkClient);
      const channel = sendgridEmail({ client: mail, from: 'billing@acme.example' });
      const result = await channel.send(emailMessage(), sendOptions());
      expect(result).toEqual({ providerMessageId: provider.messageIds[0] });
      expect(provider.requests[0]?.headers.authorization).toBe('Bearer SG.host-key');
    } finally {
      await provider.close();
    }
  });

  it('calls any object with the minimal send(data), and reads X-Message-Id from plain headers', async () => {
    const seen: SendGridMailData[] = [];
    const own: SendGridMailClient = {
      send: async (data) => {
        seen.push(data);
        return [{ statusCode: 202, headers: { 'X-Message-Id': 'own-id-1' } }, ''];
      },
    };
    const channel = sendgridEmail({ client: own, from: 'billing@acme.example', sandbox: true });
    expect(await channel.send(emailMessage({ html: null }), sendOptions('key-1'))).toEqual({ providerMessageId: 'own-id-1' });
    expect(seen).toEqual([
      {
        personalizations: [{ to: [{ email: 'ada@customer.example', name: 'Ada Lovelace' }] }],
        from: { email: 'billing@acme.example' },
        subject: 'Your invoice INV-7 is overdue',
        text: 'Invoice INV-7 (120.00 EUR) is 7 days overdue.',
        html: undefined,
        customArgs: { tickler_message_id: 'msg-1', tickler_tenant: 'acme', tickler_idempotency_key: 'key-1' },
        mailSettings: { sandboxMode: { enable: true } },
        hideWarnings: true,
      },
    ]);
  });

  it("maps a host client's ResponseError-shaped rejection like the SDK's", async () => {
    const own: SendGridMailClient = {
      send: () => Promise.reject(Object.assign(new Error('Too Many Requests'), { code: 429, response: { headers: { 'retry-after': '3' }, body: { errors: [{ message: 'too many requests', field: null }] } } })),
    };
    const error = await sendgridEmail({ client: own, from: 'billing@acme.example' })
      .send(emailMessage(), sendOptions())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CHANNEL_FAILED', retryable: true, status: 429, retryAfterMs: 3_000 });
  });
});
