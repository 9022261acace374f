import { describe, expect, it } from 'vitest';
import { clicksendSms, type ClickSendSmsConfig } from 'tickler/clicksend';
import { API_KEY, USERNAME } from './clicksend-double';
import { issues } from './clicksend-fixtures';

const make = (config: Partial<ClickSendSmsConfig>) => () => clicksendSms({ username: USERNAME, apiKey: API_KEY, ...config });
const paths = (config: Partial<ClickSendSmsConfig>) => issues(make(config)).map((i) => i.path);

describe('ClickSend channel config', () => {
  it('has the default name and kind, and a name of your choice', () => {
    const channel = make({})();
    expect(channel.name).toBe('sms');
    expect(channel.kind).toBe('sms');
    expect(make({ name: 'sms-au' })().name).toBe('sms-au');
  });

  it('requires the API username and key, naming each', () => {
    expect(issues(() => clicksendSms({} as ClickSendSmsConfig))).toEqual([
      { path: 'username', message: expect.stringMatching(/^username is required/) },
      { path: 'apiKey', message: expect.stringMatching(/^apiKey is required/) },
    ]);
    expect(paths({ username: '  ' })).toEqual(['username']);
  });

  it('accepts a dedicated number, a short code or an alpha tag as from, and nothing else', () => {
    for (const from of ['+61411111111', '12345', 'AcmeBilling']) expect(() => make({ from })()).not.toThrow();
    expect(paths({ from: '0411111111' }), 'a national number is not E.164').toEqual(['from']);
    expect(paths({ from: 'Acme Billing Co' })).toEqual(['from']);
  });

  it('refuses a short webhook secret, a tolerance out of range, a bad URL and unknown options', () => {
    expect(issues(make({ webhookSecret: 'short' }))).toEqual([{ path: 'webhookSecret', message: expect.stringMatching(/at least 16 characters/) }]);
    expect(paths({ webhookSecret: [] })).toEqual(['webhookSecret']);
    expect(paths({ webhookToleranceSeconds: 10 })).toEqual(['webhookToleranceSeconds']);
    expect(paths({ webhookToleranceSeconds: 30 * 86_400 })).toEqual(['webhookToleranceSeconds']);
    expect(paths({ apiBaseUrl: 'ftp://rest.clicksend.com' })).toEqual(['apiBaseUrl']);
    expect(paths({ timeoutMs: 0 })).toEqual(['timeoutMs']);
    expect(paths({ clock: {} as never })).toEqual(['clock']);
    expect(paths({ password: 'x' } as Partial<ClickSendSmsConfig>)).toEqual(['']);
  });

  it('has webhooks only with a secret: without one nothing could tell ClickSend from a forger', () => {
    expect(make({})().webhooks).toBeUndefined();
    expect(make({ webhookSecret: 'a-long-random-secret-1234' })().webhooks).toBeDefined();
    expect(make({ webhookSecret: ['a-long-random-secret-1234', 'the-next-secret-56789'] })().webhooks).toBeDefined();
  });
});
