import { describe, expect, it } from 'vitest';
import { ValidationError, type Clock } from 'tickler';
import { intercomChannel, type IntercomChannelConfig } from 'tickler/intercom';
import { ACCESS_TOKEN, ADMIN } from './intercom-double';

function paths(config: Partial<IntercomChannelConfig>): string[] {
  try {
    intercomChannel({ token: ACCESS_TOKEN, adminId: ADMIN.id, ...config });
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues.map((i) => i.path);
  }
  return [];
}

describe('Intercom channel config', () => {
  it('accepts a token string or a token provider, and an adminId as digits or a number', () => {
    expect(paths({})).toEqual([]);
    expect(paths({ token: async () => 'tok', adminId: 991267816 })).toEqual([]);
  });

  it('refuses malformed values, naming each field', () => {
    expect(paths({ token: '' })).toEqual(['token']);
    expect(paths({ token: 42 as never })).toEqual(['token']);
    expect(paths({ adminId: 'admin@acme.example' })).toEqual(['adminId']);
    expect(paths({ clientSecret: ' ' })).toEqual(['clientSecret']);
    expect(paths({ messageType: 'sms' as never })).toEqual(['messageType']);
    expect(paths({ region: 'ca' as never })).toEqual(['region']);
    expect(paths({ baseUrl: 'api.intercom.io' })).toEqual(['baseUrl']);
    expect(paths({ timeoutMs: 0 })).toEqual(['timeoutMs']);
    expect(paths({ maxNotificationAgeSeconds: 0 })).toEqual(['maxNotificationAgeSeconds']);
    expect(paths({ name: ' ' })).toEqual(['name']);
    expect(paths({ clock: {} as Clock })).toEqual(['clock']);
    expect(paths({ adminid: '1' } as never)).toEqual(['']);
  });

  it('needs emailSubject for email messages, and region or baseUrl, not both', () => {
    const error = (() => {
      try {
        intercomChannel({ token: ACCESS_TOKEN, adminId: ADMIN.id, messageType: 'email' });
      } catch (e) {
        return e as ValidationError;
      }
      throw new Error('expected a ValidationError');
    })();
    expect(error.issues).toEqual([{ path: 'emailSubject', message: expect.stringMatching(/^emailSubject is required with messageType email/) }]);
    expect(paths({ messageType: 'email', emailSubject: 'About your invoice' })).toEqual([]);
    expect(paths({ region: 'eu', baseUrl: 'https://proxy.example' })).toEqual(['baseUrl']);
  });
});
