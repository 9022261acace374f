import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { verifyTwilioSignature } from 'tickler/twilio';

const TOKEN = '12345';
const URL_ = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const PARAMS = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };
// The worked example of Twilio's webhook security guide.
const DOCUMENTED_SIGNATURE = '0/KCTR6DLpKmkAf8muzZqo1nDgQ=';

const sign = (token: string, data: string) => createHmac('sha1', token).update(data, 'utf8').digest('base64');
const sha256 = (body: string) => createHash('sha256').update(body, 'utf8').digest('hex');

describe('verifyTwilioSignature', () => {
  it("accepts Twilio's documented example, from a record or from URLSearchParams", () => {
    expect(twilio.getExpectedTwilioSignature(TOKEN, URL_, PARAMS)).toBe(DOCUMENTED_SIGNATURE);
    expect(verifyTwilioSignature({ authToken: TOKEN, signature: DOCUMENTED_SIGNATURE, url: URL_, params: PARAMS })).toBe(true);
    expect(verifyTwilioSignature({ authToken: TOKEN, signature: DOCUMENTED_SIGNATURE, url: URL_, params: new URLSearchParams(PARAMS) })).toBe(true);
  });

  it('signs the URL followed by each name and value, sorted by name', () => {
    const expected = sign(TOKEN, `${URL_}CallSidCA1234567890ABCDECaller+12349013030Digits1234From+12349013030To+18005551212`);
    expect(expected).toBe(DOCUMENTED_SIGNATURE);
  });

  it('rejects a tampered parameter, an added or removed one, a wrong token, a changed URL, a missing header', () => {
    const base = { authToken: TOKEN, signature: DOCUMENTED_SIGNATURE, url: URL_, params: PARAMS };
    expect(verifyTwilioSignature({ ...base, params: { ...PARAMS, Digits: '1235' } })).toBe(false);
    expect(verifyTwilioSignature({ ...base, params: { ...PARAMS, Extra: '' } })).toBe(false);
    const { Digits: _digits, ...withoutDigits } = PARAMS;
    expect(verifyTwilioSignature({ ...base, params: withoutDigits })).toBe(false);
    expect(verifyTwilioSignature({ ...base, authToken: '54321' })).toBe(false);
    expect(verifyTwilioSignature({ ...base, url: 'https://mycompany.com/myapp.php?foo=1&bar=3' })).toBe(false);
    expect(verifyTwilioSignature({ ...base, url: 'http://mycompany.com/myapp.php?foo=1&bar=2' })).toBe(false);
    expect(verifyTwilioSignature({ ...base, signature: undefined })).toBe(false);
    expect(verifyTwilioSignature({ ...base, signature: '' })).toBe(false);
    expect(verifyTwilioSignature({ ...base, signature: DOCUMENTED_SIGNATURE.slice(0, -2) })).toBe(false);
    expect(verifyTwilioSignature({ ...base, authToken: '' })).toBe(false);
  });

  it('accepts the URL with or without its default port, whichever Twilio signed', () => {
    const withPort = 'https://mycompany.com:443/myapp.php?foo=1&bar=2';
    const signedWithPort = twilio.getExpectedTwilioSignature(TOKEN, withPort, PARAMS);
    expect(verifyTwilioSignature({ authToken: TOKEN, signature: signedWithPort, url: URL_, params: PARAMS })).toBe(true);
    expect(verifyTwilioSignature({ authToken: TOKEN, signature: DOCUMENTED_SIGNATURE, url: withPort, params: PARAMS })).toBe(true);
    const http = 'http://example.com/sms';
    expect(verifyTwilioSignature({ authToken: TOKEN, signature: sign(TOKEN, 'http://example.com:80/sms'), url: http, params: {} })).toBe(true);
    // A non-default port is part of what Twilio signed: it must be there.
    const custom = 'https://example.com:8443/sms';
    expect(verifyTwilioSignature({ authToken: TOKEN, signature: sign(TOKEN, custom), url: custom })).toBe(true);
    expect(verifyTwilioSignature({ authToken: TOKEN, signature: sign(TOKEN, custom), url: 'https://example.com/sms' })).toBe(false);
  });

  it('folds repeated keys into their distinct values, sorted, like the SDK', () => {
    const form = new URLSearchParams([
      ['MediaUrl', 'https://b.example/2'],
      ['MediaUrl', 'https://a.example/1'],
      ['MediaUrl', 'https://b.example/2'],
      ['Body', 'hi'],
    ]);
    const signature = sign(TOKEN, `${URL_}BodyhiMediaUrlhttps://a.example/1MediaUrlhttps://b.example/2`);
    expect(twilio.validateRequest(TOKEN, signature, URL_, { Body: 'hi', MediaUrl: ['https://b.example/2', 'https://a.example/1', 'https://b.example/2'] })).toBe(true);
    expect(verifyTwilioSignature({ authToken: TOKEN, signature, url: URL_, params: form })).toBe(true);
    expect(verifyTwilioSignature({ authToken: TOKEN, signature, url: URL_, params: { Body: 'hi', MediaUrl: ['https://b.example/2', 'https://a.example/1'] } })).toBe(true);
  });

  describe('JSON bodies (bodySHA256)', () => {
    const body = JSON.stringify({ MessageSid: 'SM123', Body: 'héllo ✓' });
    const url = `https://example.com/twilio/json?tenant=acme&bodySHA256=${sha256(body)}`;
    const signature = twilio.getExpectedTwilioSignature(TOKEN, url, {});

    it('accepts the signed URL when the body hashes to its bodySHA256', () => {
      expect(twilio.validateRequestWithBody(TOKEN, signature, url, body)).toBe(true);
      expect(verifyTwilioSignature({ authToken: TOKEN, signature, url, body })).toBe(true);
    });

    it('rejects a changed body, a changed hash, or a URL without bodySHA256', () => {
      const changed = body.replace('héllo', 'hello');
      expect(verifyTwilioSignature({ authToken: TOKEN, signature, url, body: changed })).toBe(false);
      expect(twilio.validateRequestWithBody(TOKEN, signature, url, changed)).toBe(false);
      const otherUrl = `https://example.com/twilio/json?tenant=acme&bodySHA256=${sha256(changed)}`;
      expect(verifyTwilioSignature({ authToken: TOKEN, signature, url: otherUrl, body: changed })).toBe(false);
      const bare = 'https://example.com/twilio/json';
      expect(verifyTwilioSignature({ authToken: TOKEN, signature: twilio.getExpectedTwilioSignature(TOKEN, bare, {}), url: bare, body })).toBe(false);
    });
  });

  describe('agrees with the SDK (twilio.validateRequest)', () => {
    const key = fc.oneof(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,11}$/), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }));
    const value = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom('', ' ', '+33612345678', 'whatsapp:+1555', 'a&b=c', '100%'));
    const params = fc.dictionary(key, fc.oneof(value, fc.array(value, { minLength: 1, maxLength: 4 })), { maxKeys: 8 });
    const url = fc
      .record({
        scheme: fc.constantFrom('https', 'http'),
        host: fc.constantFrom('example.com', 'crm.example.co.uk', '127.0.0.1', '[::1]'),
        port: fc.constantFrom('', ':443', ':80', ':8443'),
        path: fc.constantFrom('/', '/twilio/sms', "/it's/a path", '/café'),
        query: fc.constantFrom('', '?tenant=acme', '?a=1&b=2', "?q=it's%20fine", '?x=%C3%A9'),
      })
      .map((u) => `${u.scheme}://${u.host}${u.port}${u.path}${u.query}`);
    const token = fc.string({ minLength: 1, maxLength: 40 });
    const toSearch = (p: Record<string, string | string[]>) => new URLSearchParams(Object.entries(p).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, x])));

    /** The same URL with its port dropped, or with the scheme's default port added when it has none. */
    const flipPort = (u: string) => {
      const match = /^(https?):\/\/(\[[^\]]*\]|[^/:?]*)(:\d+)?(.*)$/.exec(u)!;
      const [, scheme, host, port, rest] = match;
      return `${scheme}://${host}${port === undefined ? (scheme === 'https' ? ':443' : ':80') : ''}${rest}`;
    };

    it('valid signatures (over the URL as given, or with its port flipped) are accepted by both', () => {
      fc.assert(
        fc.property(token, url, params, fc.boolean(), (authToken, u, p, flip) => {
          const signature = twilio.getExpectedTwilioSignature(authToken, flip ? flipPort(u) : u, p);
          expect(twilio.validateRequest(authToken, signature, u, p)).toBe(true);
          expect(verifyTwilioSignature({ authToken, signature, url: u, params: p })).toBe(true);
          expect(verifyTwilioSignature({ authToken, signature, url: u, params: toSearch(p) })).toBe(true);
        }),
        { numRuns: 500 },
      );
    });

    it('signatures over the normalised URL (a proxy that re-encoded it) are accepted by both', () => {
      fc.assert(
        fc.property(token, url, params, (authToken, u, p) => {
          const signature = twilio.getExpectedTwilioSignature(authToken, new URL(u).toString(), p);
          expect(verifyTwilioSignature({ authToken, signature, url: u, params: p })).toBe(twilio.validateRequest(authToken, signature, u, p));
          expect(verifyTwilioSignature({ authToken, signature, url: u, params: p })).toBe(true);
        }),
        { numRuns: 200 },
      );
    });

    it('tampered parameters, tokens and random signatures are rejected by both', () => {
      fc.assert(
        fc.property(token, url, params, value, fc.string({ maxLength: 30 }), (authToken, u, p, extra, random) => {
          const signature = twilio.getExpectedTwilioSignature(authToken, u, p);
          const tampered = { ...p, TamperedKey: extra };
          expect(verifyTwilioSignature({ authToken, signature, url: u, params: tampered })).toBe(twilio.validateRequest(authToken, signature, u, tampered));
          expect(verifyTwilioSignature({ authToken, signature, url: u, params: tampered })).toBe(false);
          expect(verifyTwilioSignature({ authToken: `${authToken}x`, signature, url: u, params: p })).toBe(false);
          expect(verifyTwilioSignature({ authToken, signature: random, url: u, params: p })).toBe(twilio.validateRequest(authToken, random, u, p));
        }),
        { numRuns: 300 },
      );
    });
  });
});
