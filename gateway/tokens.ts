import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Role } from '../shared/contract/index.js';

export interface TokenClaims {
  sub: string;
  name: string;
  role: Role;
  terminalId: string;
}

/** Signs and checks session tokens. A shift is long: a token lasts 16 hours. */
export function tokenSigner(secret: string) {
  // A KeyObject made once: given a string, jsonwebtoken tries it as a public key on every call first.
  const key = createSecretKey(Buffer.from(secret));
  return {
    sign: (claims: TokenClaims) => jwt.sign(claims, key, { algorithm: 'HS256', expiresIn: '16h' }),
    /** The claims of a valid token, or null. */
    verify(token: unknown): TokenClaims | null {
      if (typeof token !== 'string' || token.length === 0) return null;
      try {
        return jwt.verify(token, key, { algorithms: ['HS256'] }) as TokenClaims;
      } catch {
        return null;
      }
    },
  };
}

export type TokenSigner = ReturnType<typeof tokenSigner>;
