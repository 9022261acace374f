import { describe, expect, it } from 'vitest';
import { isTicklerError, type ValidationError } from 'tickler/adapter';
import { outlookChannel, type OutlookConfig } from 'tickler/outlook';

const valid: OutlookConfig = { token: 'graph-token', mailbox: 'billing@acme.example' };

function issues(config: unknown): ValidationError['issues'] {
  try {
    outlookChannel(config as OutlookConfig);
  } catch (error) {
    if (isTicklerError(error) && error.code === 'VALIDATION_FAILED') return (error as ValidationError).issues;
    throw error;
  }
  throw new Error('Expected a ValidationError');
}

describe('outlookChannel config', () => {
  it('makes an email channel named email, with no webhooks unless clientState is given', () => {
    const channel = outlookChannel(valid);
    expect(channel).toMatchObject({ name: 'email', kind: 'email' });
    expect(channel.webhooks).toBeUndefined();
    expect(outlookChannel({ ...valid, name: 'outlook', clientState: 'a'.repeat(32) }).webhooks).toBeDefined();
  });

  it('takes a mailbox as a user principal name, a user id, or me', () => {
    for (const mailbox of ['billing@acme.example', '5f1c0b9e-3a7d-4e2b-9c8a-1d2e3f4a5b6c', 'me']) expect(() => outlookChannel({ ...valid, mailbox })).not.toThrow();
  });

  it.each([
    [{ ...valid, mailbox: undefined }, 'mailbox'],
    [{ ...valid, mailbox: 'Billing Team' }, 'mailbox'],
    [{ ...valid, token: '' }, 'token'],
    [{ ...valid, token: 42 }, 'token'],
    [{ ...valid, from: 'Acme <billing@acme.example>' }, 'from'],
    [{ ...valid, clientState: 'short' }, 'clientState'],
    [{ ...valid, clientState: 'x'.repeat(256) }, 'clientState'],
    [{ ...valid, baseUrl: 'graph.microsoft.com' }, 'baseUrl'],
    [{ ...valid, timeoutMs: 0 }, 'timeoutMs'],
    [{ ...valid, clock: {} }, 'clock'],
    [{ ...valid, apiKey: 'x' }, ''],
  ])('refuses %o, naming %s', (config, path) => {
    const found = issues(config);
    expect(found.length).toBeGreaterThan(0);
    expect(found.map((i) => i.path)).toContain(path);
    for (const issue of found) expect(issue.message.length).toBeGreaterThan(10);
  });
});
