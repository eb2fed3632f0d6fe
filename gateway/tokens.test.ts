import { afterEach, describe, expect, it, vi } from 'vitest';
import { tokenSigner } from './tokens.js';

const claims = { sub: 'wagner', name: 'Wagner', role: 'WAITER' as const, terminalId: 'pos-1', sid: 's-1' };

describe('session tokens', () => {
  afterEach(() => vi.useRealTimers());

  it('accepts its own token, again and again', () => {
    const tokens = tokenSigner('secret');
    const token = tokens.sign(claims);
    expect(tokens.verify(token)).toMatchObject(claims);
    expect(tokens.verify(token)).toMatchObject(claims);
  });

  it('refuses a token signed with another secret or altered, even once the real one was checked', () => {
    const tokens = tokenSigner('secret');
    const token = tokens.sign(claims);
    tokens.verify(token);
    const [header, , signature] = token.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, role: 'MANAGER' })).toString('base64url')}.${signature}`;
    expect(tokens.verify(forged)).toBeNull();
    expect(tokens.verify(tokenSigner('other').sign(claims))).toBeNull();
    expect(tokens.verify('')).toBeNull();
    expect(tokens.verify(42)).toBeNull();
  });

  it('refuses a token that names no session (one signed before sessions existed)', () => {
    const tokens = tokenSigner('secret');
    const { sid: _, ...sessionless } = claims;
    expect(tokens.verify(tokens.sign(sessionless as typeof claims))).toBeNull();
  });

  it('refuses a token after its 16 hours, even one already checked', () => {
    vi.useFakeTimers({ now: new Date('2026-11-25T10:00:00Z') });
    const tokens = tokenSigner('secret');
    const token = tokens.sign(claims);
    expect(tokens.verify(token)).not.toBeNull();
    vi.setSystemTime(new Date('2026-11-26T01:59:00Z'));
    expect(tokens.verify(token)).not.toBeNull();
    vi.setSystemTime(new Date('2026-11-26T02:01:00Z'));
    expect(tokens.verify(token)).toBeNull();
  });
});
