import { describe, expect, it } from 'vitest';
import { signPixWebhook, verifyPixWebhook } from './pix-webhook.js';

const secret = 'pix-webhook-secret';
const body = '{"txid":"CMD42","amountCents":12345,"paidAt":"2026-11-25T12:00:00.000Z"}';

describe('the PIX webhook signature', () => {
  it('is the hex HMAC-SHA256 of the raw body under the secret', () => {
    // RFC 4231's test case 2: key "Jefe", data "what do ya want for nothing?".
    expect(signPixWebhook('what do ya want for nothing?', 'Jefe')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    expect(signPixWebhook(Buffer.from(body), secret)).toBe(signPixWebhook(body, secret));
  });

  it('verifies the body it was made for, in either letter case', () => {
    const signature = signPixWebhook(body, secret);
    expect(verifyPixWebhook(body, signature, secret)).toBe(true);
    expect(verifyPixWebhook(Buffer.from(body), signature.toUpperCase(), secret)).toBe(true);
  });

  it('refuses another body, another secret, a changed, short or missing signature', () => {
    const signature = signPixWebhook(body, secret);
    expect(verifyPixWebhook(body.replace('12345', '1'), signature, secret)).toBe(false);
    expect(verifyPixWebhook(body, signature, 'another-secret')).toBe(false);
    expect(verifyPixWebhook(body, `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`, secret)).toBe(false);
    expect(verifyPixWebhook(body, signature.slice(0, 32), secret)).toBe(false);
    expect(verifyPixWebhook(body, `${signature}00`, secret)).toBe(false);
    expect(verifyPixWebhook(body, 'z'.repeat(64), secret)).toBe(false);
    expect(verifyPixWebhook(body, '', secret)).toBe(false);
    expect(verifyPixWebhook(body, undefined, secret)).toBe(false);
  });
});
