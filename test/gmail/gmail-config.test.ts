import { describe, expect, it } from 'vitest';
import { gmailChannel, type GmailChannelConfig } from 'tickler/gmail';

const valid: GmailChannelConfig = { mailbox: 'billing@acme.example', accessToken: 'ya29.token' };

function issue(config: unknown): { path: string; message: string } | undefined {
  try {
    gmailChannel(config as GmailChannelConfig);
  } catch (error) {
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    return (error as { issues: { path: string; message: string }[] }).issues[0];
  }
  throw new Error('expected a ValidationError');
}

describe('gmail: configuration', () => {
  it('makes an email channel named email, without webhooks unless push is configured', () => {
    const channel = gmailChannel(valid);
    expect(channel).toMatchObject({ name: 'email', kind: 'email' });
    expect(channel.webhooks).toBeUndefined();
    const pushed = gmailChannel({ ...valid, name: 'gmail', push: { audience: 'https://crm.acme.example/gmail', serviceAccountEmail: 'push@acme.iam.gserviceaccount.com' } });
    expect(pushed.name).toBe('gmail');
    expect(typeof pushed.webhooks?.read).toBe('function');
  });

  it('refuses a bad option with a ValidationError naming it', () => {
    expect(issue({ accessToken: 'x' })?.path).toBe('mailbox');
    expect(issue({ ...valid, mailbox: 'Billing <billing@acme.example>' })).toMatchObject({ path: 'mailbox', message: 'mailbox is a bare email address such as billing@acme.example.' });
    expect(issue({ mailbox: 'billing@acme.example' })?.path).toBe('accessToken');
    expect(issue({ ...valid, accessToken: '  ' })?.message).toBe('accessToken is empty.');
    expect(issue({ ...valid, from: { email: 'x', name: 'Acme' } })?.path).toBe('from.email');
    expect(issue({ ...valid, replyTo: 'nobody' })?.path).toBe('replyTo');
    expect(issue({ ...valid, threading: 'always' })).toMatchObject({ path: 'threading', message: 'threading is same-subject, per-customer or off.' });
    expect(issue({ ...valid, messageIdDomain: 'not a domain' })?.path).toBe('messageIdDomain');
    expect(issue({ ...valid, rootUrl: 'gmail.googleapis.com' })?.path).toBe('rootUrl');
    expect(issue({ ...valid, timeoutMs: 0 })?.path).toBe('timeoutMs');
    expect(issue({ ...valid, push: { serviceAccountEmail: 'push@acme.iam.gserviceaccount.com' } })?.path).toBe('push.audience');
    expect(issue({ ...valid, push: { audience: 'https://crm.acme.example/gmail', serviceAccountEmail: 'push' } })?.path).toBe('push.serviceAccountEmail');
    expect(issue({ ...valid, push: { audience: 'a', serviceAccountEmail: 'p@x.example', maxTokenAgeSeconds: 7200 } })?.path).toBe('push.maxTokenAgeSeconds');
    expect(issue({ ...valid, push: { audience: 'a', serviceAccountEmail: 'p@x.example', historyCursor: {} } })?.path).toBe('push.historyCursor');
    expect(issue({ ...valid, sandbox: true })?.message).toMatch(/sandbox/);
  });
});
