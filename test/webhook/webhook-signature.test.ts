import { createHmac } from 'node:crypto';
import { isTicklerError } from 'tickler';
import { signWebhookPayload, verifyWebhookSignature, webhookSignatureHeader } from 'tickler/webhook';
import { describe, expect, it } from 'vitest';

const SECRET = 'whsec-0123456789abcdef';
const BODY = '{"type":"tickler.message","id":"msg-42","text":"Invoice INV-1 is overdue — 120 €"}';
const T = 1_773_131_400; // 2026-03-10T08:30:00Z
const at = (unixSeconds: number) => new Date(unixSeconds * 1000);
const header = (timestamp = T, secret = SECRET, body = BODY) => `t=${timestamp},v1=${signWebhookPayload(body, secret, timestamp)}`;

describe('signWebhookPayload', () => {
  it('is the hex HMAC-SHA256 of "<t>.<raw body>" (Stripe’s v1 scheme)', () => {
    const expected = createHmac('sha256', SECRET).update(`${T}.${BODY}`, 'utf8').digest('hex');
    expect(signWebhookPayload(BODY, SECRET, T)).toBe(expected);
    expect(signWebhookPayload(Buffer.from(BODY, 'utf8'), SECRET, T)).toBe(expected);
    expect(webhookSignatureHeader(BODY, [SECRET], T)).toBe(`t=${T},v1=${expected}`);
  });
});

describe('verifyWebhookSignature', () => {
  it('accepts a valid signature and returns the signed timestamp', () => {
    expect(verifyWebhookSignature({ payload: BODY, header: header(), secret: SECRET, now: at(T + 10) })).toEqual({ ok: true, timestamp: T });
    expect(verifyWebhookSignature({ payload: Buffer.from(BODY), header: [header()], secret: SECRET, now: at(T) })).toEqual({ ok: true, timestamp: T });
  });

  it('refuses a tampered body', () => {
    const tampered = BODY.replace('INV-1', 'INV-2');
    expect(verifyWebhookSignature({ payload: tampered, header: header(), secret: SECRET, now: at(T) })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a re-serialised body (verify the raw bytes)', () => {
    const reserialised = JSON.stringify(JSON.parse(BODY), null, 2);
    expect(verifyWebhookSignature({ payload: reserialised, header: header(), secret: SECRET, now: at(T) }).ok).toBe(false);
  });

  it('refuses the wrong secret', () => {
    expect(verifyWebhookSignature({ payload: BODY, header: header(), secret: 'whsec-not-the-right-one', now: at(T) })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a forged timestamp: t is part of what is signed', () => {
    const forged = header().replace(`t=${T}`, `t=${T + 600}`);
    expect(verifyWebhookSignature({ payload: BODY, header: forged, secret: SECRET, now: at(T + 600) })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a timestamp older than the tolerance (a replay), at the boundary too', () => {
    expect(verifyWebhookSignature({ payload: BODY, header: header(), secret: SECRET, now: at(T + 300) }).ok).toBe(true);
    expect(verifyWebhookSignature({ payload: BODY, header: header(), secret: SECRET, now: at(T + 301) })).toEqual({ ok: false, reason: 'stale-timestamp' });
    expect(verifyWebhookSignature({ payload: BODY, header: header(), secret: SECRET, now: at(T + 3600), toleranceSeconds: 7200 }).ok).toBe(true);
  });

  it('refuses a timestamp further in the future than the tolerance', () => {
    expect(verifyWebhookSignature({ payload: BODY, header: header(), secret: SECRET, now: at(T - 300) }).ok).toBe(true);
    expect(verifyWebhookSignature({ payload: BODY, header: header(), secret: SECRET, now: at(T - 301) })).toEqual({ ok: false, reason: 'stale-timestamp' });
  });

  it('passes when any v1 matches any secret (rotation on either side)', () => {
    const both = webhookSignatureHeader(BODY, ['whsec-old-0123456789', 'whsec-new-9876543210'], T);
    expect(verifyWebhookSignature({ payload: BODY, header: both, secret: 'whsec-new-9876543210', now: at(T) }).ok).toBe(true);
    expect(verifyWebhookSignature({ payload: BODY, header: header(T, 'whsec-old-0123456789'), secrets: ['whsec-new-9876543210', 'whsec-old-0123456789'], now: at(T) }).ok).toBe(true);
  });

  it('ignores other schemes, so a forged v0 cannot stand in for v1', () => {
    const v0Only = `t=${T},v0=${signWebhookPayload(BODY, SECRET, T)}`;
    expect(verifyWebhookSignature({ payload: BODY, header: v0Only, secret: SECRET, now: at(T) })).toEqual({ ok: false, reason: 'malformed-header' });
    const withExtra = `${header()},v0=deadbeef,v2=future`;
    expect(verifyWebhookSignature({ payload: BODY, header: withExtra, secret: SECRET, now: at(T) }).ok).toBe(true);
  });

  it.each([
    [undefined, 'missing-header'],
    [null, 'missing-header'],
    ['', 'missing-header'],
    ['   ', 'missing-header'],
    [[], 'missing-header'],
    ['garbage', 'malformed-header'],
    [`t=${T}`, 'malformed-header'],
    ['v1=abc', 'malformed-header'],
    [`t=soon,v1=${'a'.repeat(64)}`, 'malformed-header'],
    [`t=${T},t=${T},v1=${'a'.repeat(64)}`, 'malformed-header'],
    [['a', 'b'], 'malformed-header'],
    [`t=${T},v1=${'a'.repeat(64)}`, 'bad-signature'],
    [`t=${T},v1=short`, 'bad-signature'],
  ])('header %j is refused as %s', (value, reason) => {
    expect(verifyWebhookSignature({ payload: BODY, header: value, secret: SECRET, now: at(T) })).toEqual({ ok: false, reason });
  });

  it('defaults now to the system clock', () => {
    const nowSeconds = Math.floor(Date.now() / 1000);
    expect(verifyWebhookSignature({ payload: BODY, header: header(nowSeconds), secret: SECRET }).ok).toBe(true);
    expect(verifyWebhookSignature({ payload: BODY, header: header(nowSeconds - 3600), secret: SECRET })).toEqual({ ok: false, reason: 'stale-timestamp' });
  });

  it('throws on a receiver misconfiguration rather than blaming the request', () => {
    const misconfigured: Parameters<typeof verifyWebhookSignature>[0][] = [
      { payload: BODY, header: header(), now: at(T), secret: '' },
      { payload: BODY, header: header(), now: at(T), secrets: [] },
      { payload: BODY, header: header(), now: at(T), secret: SECRET, toleranceSeconds: -1 },
    ];
    for (const options of misconfigured) {
      let thrown: unknown = null;
      try {
        verifyWebhookSignature(options);
      } catch (error) {
        thrown = error;
      }
      expect(isTicklerError(thrown) && thrown.code).toBe('VALIDATION_FAILED');
    }
  });
});
