import type { Redis } from 'ioredis';
import { UnavailableError } from '../shared/runtime/errors.js';

/** Wrong PINs counted per terminal; too many lock it for a while. Shared by every gateway through Redis. */
export interface PinLockout {
  /** Seconds the terminal stays locked, or 0. */
  lockedFor(terminalId: string): Promise<number>;
  /** Counts a wrong PIN; answers whether that one locked the terminal. */
  wrongPin(terminalId: string): Promise<boolean>;
  clear(terminalId: string): Promise<void>;
}

export const LOCKOUT = { maxWrongPins: 5, windowSeconds: 300, lockSeconds: 60 };

export function redisLockout(redis: Redis, prefix = 'comanda'): PinLockout {
  const wrong = (t: string) => `${prefix}:pin:wrong:${t}`;
  const locked = (t: string) => `${prefix}:pin:locked:${t}`;
  // Logging in needs the shared counts: without Redis a login is a 503 to retry, not an internal error.
  const reach = <T>(work: Promise<T>) =>
    work.catch((error: unknown) => {
      throw new UnavailableError('Logging in needs Redis, which cannot be reached right now: try again in a moment.', {
        cause: String(error),
      });
    });
  return {
    async lockedFor(terminalId) {
      return Math.max(0, await reach(redis.ttl(locked(terminalId))));
    },
    async wrongPin(terminalId) {
      const [[, count]] = (await reach(
        redis.multi().incr(wrong(terminalId)).expire(wrong(terminalId), LOCKOUT.windowSeconds).exec(),
      )) as [[null, number]];
      if (count < LOCKOUT.maxWrongPins) return false;
      await reach(redis.multi().set(locked(terminalId), '1', 'EX', LOCKOUT.lockSeconds).del(wrong(terminalId)).exec());
      return true;
    },
    async clear(terminalId) {
      await reach(redis.del(wrong(terminalId)));
    },
  };
}

/** The same on one node, in memory. */
export function memoryLockout(clock: () => Date): PinLockout {
  const tallies = new Map<string, { count: number; since: number; lockedUntil: number }>();
  const now = () => clock().getTime();
  return {
    async lockedFor(terminalId) {
      const t = tallies.get(terminalId);
      return t && t.lockedUntil > now() ? Math.ceil((t.lockedUntil - now()) / 1000) : 0;
    },
    async wrongPin(terminalId) {
      const t = tallies.get(terminalId);
      const fresh = !t || now() - t.since > LOCKOUT.windowSeconds * 1000;
      const count = fresh ? 1 : t.count + 1;
      const lock = count >= LOCKOUT.maxWrongPins;
      tallies.set(terminalId, {
        count: lock ? 0 : count,
        since: fresh ? now() : t.since,
        lockedUntil: lock ? now() + LOCKOUT.lockSeconds * 1000 : 0,
      });
      return lock;
    },
    async clear(terminalId) {
      tallies.delete(terminalId);
    },
  };
}
