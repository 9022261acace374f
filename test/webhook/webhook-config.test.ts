import { isTicklerError, type ValidationError } from 'tickler';
import { webhookChannel, type WebhookChannelConfig } from 'tickler/webhook';
import { describe, expect, it } from 'vitest';

const SECRET = 'whsec-0123456789abcdef';
const URL_OK = 'https://crm.example/hooks/tickler';

function invalid(config: WebhookChannelConfig): ValidationError {
  try {
    webhookChannel(config);
  } catch (error) {
    if (isTicklerError(error) && error.code === 'VALIDATION_FAILED') return error as ValidationError;
    throw error;
  }
  throw new Error('Expected webhookChannel to refuse the config.');
}

describe('webhookChannel: config validation names the field', () => {
  it.each<[string, WebhookChannelConfig, string, RegExp]>([
    ['a short secret', { url: URL_OK, secret: 'too-short' }, 'secret', /at least 16/],
    ['a short secret among several', { url: URL_OK, secrets: [SECRET, 'short'] }, 'secrets.1', /at least 16/],
    ['no secret', { url: URL_OK }, 'secret', /signing secret/],
    ['both secret and secrets', { url: URL_OK, secret: SECRET, secrets: [SECRET] }, 'secret', /not both/],
    ['an empty secrets list', { url: URL_OK, secrets: [] }, 'secrets', /at least one/],
    ['a relative URL', { url: '/hooks', secret: SECRET }, 'url', /absolute http/],
    ['a bad URL', { url: 'not a url', secret: SECRET }, 'url', /absolute http/],
    ['an ftp URL', { url: 'ftp://crm.example/hooks', secret: SECRET }, 'url', /absolute http/],
    ['a URL with credentials', { url: 'https://user:pw@crm.example/hooks', secret: SECRET }, 'url', /without credentials/],
    ['a header tickler sets', { url: URL_OK, secret: SECRET, headers: { 'Content-Type': 'text/plain' } }, 'headers.Content-Type', /sets "content-type" itself/],
    ['a signature header', { url: URL_OK, secret: SECRET, headers: { 'tickler-signature': 'x' } }, 'headers.tickler-signature', /itself/],
    ['an invalid header name', { url: URL_OK, secret: SECRET, headers: { 'bad header': 'x' } }, 'headers.bad header', /not a valid header name/],
    ['a header value with a line break', { url: URL_OK, secret: SECRET, headers: { 'x-env': 'a\r\nx-evil: 1' } }, 'headers.x-env', /line break/],
    ['a zero timeout', { url: URL_OK, secret: SECRET, timeoutMs: 0 }, 'timeoutMs', /positive/],
    ['a non-function fetch', { url: URL_OK, secret: SECRET, fetch: 'fetch' as never }, 'fetch', /fetch-compatible/],
    ['a clock without now', { url: URL_OK, secret: SECRET, clock: {} as never }, 'clock', /Clock/],
    ['a blank name', { url: URL_OK, secret: SECRET, name: ' ' }, 'name', /empty/],
  ])('%s', (_title, config, path, message) => {
    const error = invalid(config);
    expect(error.path).toBe(path);
    expect(error.issues[0]?.message).toMatch(message);
  });

  it('refuses an unknown option', () => {
    expect(invalid({ url: URL_OK, secret: SECRET, timeout: 5 } as WebhookChannelConfig).message).toContain('timeout');
  });

  it('accepts http for a local receiver and up to five secrets', () => {
    expect(webhookChannel({ url: 'http://127.0.0.1:8080/hooks', secret: SECRET }).kind).toBe('webhook');
    expect(webhookChannel({ url: URL_OK, secrets: [SECRET, `${SECRET}2`] }).name).toBe('webhook');
  });
});
