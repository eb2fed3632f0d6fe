import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The PSP signs each PIX webhook with HMAC-SHA256 of its raw body under the shared secret, sent as hex in the
 * `x-signature` header. It is over the raw bytes: a body parsed and written again may not give the same bytes back.
 */
export function signPixWebhook(rawBody: string | Buffer, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

const SHA256_HEX = /^[0-9a-f]{64}$/i;

/** Whether the signature is the body's under the secret, compared in constant time so it cannot be guessed byte by byte. */
export function verifyPixWebhook(rawBody: string | Buffer, signatureHex: string | undefined, secret: string): boolean {
  if (!signatureHex || !SHA256_HEX.test(signatureHex)) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(signatureHex, 'hex'));
}
