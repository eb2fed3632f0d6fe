import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { LRUCache } from 'lru-cache';
import type { Role } from '../shared/contract/index.js';

export interface TokenClaims {
  sub: string;
  name: string;
  role: Role;
  terminalId: string;
  /** The session the token belongs to: the token is good only while it is open. */
  sid: string;
  /** Expiry, seconds since the epoch. */
  exp?: number;
}

/**
 * Signs and checks session tokens. A shift is long: a token lasts 16 hours, or until its session ends
 * (the gateway checks the session on every request; a token from before sessions, with no `sid`, is refused).
 */
export function tokenSigner(secret: string) {
  // A KeyObject made once: given a string, jsonwebtoken tries it as a public key on every call first.
  const key = createSecretKey(Buffer.from(secret));
  // A terminal sends the same token with every request: check its signature once, its expiry every time.
  const verified = new LRUCache<string, TokenClaims>({ max: 10_000 });
  return {
    sign: (claims: TokenClaims) => jwt.sign(claims, key, { algorithm: 'HS256', expiresIn: '16h' }),
    /** The claims of a valid, unexpired token, or null. */
    verify(token: unknown): TokenClaims | null {
      if (typeof token !== 'string' || token.length === 0) return null;
      const known = verified.get(token);
      if (known) {
        if (known.exp === undefined || known.exp * 1000 > Date.now()) return known;
        verified.delete(token);
        return null;
      }
      try {
        const claims = jwt.verify(token, key, { algorithms: ['HS256'] }) as TokenClaims;
        if (typeof claims.sid !== 'string') return null;
        verified.set(token, claims);
        return claims;
      } catch {
        return null;
      }
    },
  };
}

export type TokenSigner = ReturnType<typeof tokenSigner>;
