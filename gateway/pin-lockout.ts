import type { Redis } from 'ioredis';
import { RateLimiterPostgres, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Sequelize } from 'sequelize';
import { UnavailableError } from '../shared/runtime/errors.js';

/**
 * Wrong PINs, counted per terminal and across all of them, where every gateway sees the same counts and a
 * restart forgets none: Redis with REDIS_URL, else Postgres (rate-limiter-flexible, atomic in both).
 * A correct PIN never resets a count: the count is of guesses, and a guesser may know one PIN.
 */
export interface PinLockout {
  /** Until when the terminal's PIN logins are locked, or null. */
  lockedUntil(terminalId: string): Promise<Date | null>;
  /** Counts a wrong PIN on a terminal. */
  wrongPin(terminalId: string): Promise<WrongPin>;
  /** A manager let the terminal in again: its lock and count are gone. */
  unlock(terminalId: string): Promise<void>;
  /**
   * Counts a refused unlock on a locked terminal; answers whether another may be tried during this lock
   * (else a locked terminal would take unlimited guesses through its approvals).
   */
  wrongUnlock(terminalId: string): Promise<boolean>;
  /** Whether a locked terminal may still try an unlock. */
  mayTryUnlock(terminalId: string): Promise<boolean>;
}

export interface WrongPin {
  /** Set when this wrong PIN locked the terminal. */
  lockedUntil: Date | null;
  /** Set on the wrong PIN that took the count across all terminals over its limit: tell the managers, once. */
  sweep: { wrongPins: number } | null;
}

export const LOCKOUT = {
  /** Wrong PINs on one terminal within the window that lock it. */
  maxWrongPins: 5,
  windowSeconds: 300,
  lockSeconds: 300,
  /**
   * Over this many wrong PINs on all terminals within the window, a sweep is on: each terminal locks at its
   * first wrong PIN, until a window has passed with no wrong PIN anywhere.
   */
  sweepWrongPins: 20,
  /** Wrong PINs that lock a terminal while a sweep is on. */
  maxWrongPinsInSweep: 1,
  /** Refused unlock approvals a locked terminal may try during one lock. */
  unlockAttempts: 2,
} as const;

export type LockoutStore = { redis: Redis; prefix: string } | { sequelize: Sequelize };

export function pinLockout(store: LockoutStore, clock: () => Date): PinLockout {
  const where = 'redis' in store ? 'Redis' : 'the database';
  const limiter = (name: string, points: number, duration: number): RateLimiterAbstract =>
    'redis' in store
      ? new RateLimiterRedis({ storeClient: store.redis, keyPrefix: `${store.prefix}:pin-${name}`, points, duration })
      : // The table comes from a migration (0010-sessions); its expired rows are cleared by the library.
        new RateLimiterPostgres({
          storeClient: store.sequelize,
          tableName: 'pin_attempts',
          tableCreated: true,
          keyPrefix: `pin-${name}`,
          points,
          duration,
        });
  const terminals = limiter('terminal', LOCKOUT.maxWrongPins, LOCKOUT.windowSeconds);
  const all = limiter('all', LOCKOUT.sweepWrongPins, LOCKOUT.windowSeconds);
  const unlocks = limiter('unlock', LOCKOUT.unlockAttempts, LOCKOUT.lockSeconds);
  // Logging in needs the shared counts: without them a login is a 503 to retry, not an internal error.
  const reach = <T>(work: Promise<T>) =>
    work.catch((error: unknown) => {
      throw new UnavailableError(`Logging in needs ${where}, which cannot be reached right now: try again in a moment.`, {
        cause: String(error),
      });
    });
  const lockedUntil = async (terminalId: string) => {
    const res = await reach(terminals.get(terminalId));
    // A block sets the count one over the limit: only a lock puts it there.
    return res && res.consumedPoints > LOCKOUT.maxWrongPins ? new Date(clock().getTime() + res.msBeforeNext) : null;
  };
  return {
    lockedUntil,
    async wrongPin(terminalId) {
      const everywhere = await reach(all.penalty('all'));
      const sweeping = everywhere.consumedPoints > LOCKOUT.sweepWrongPins;
      // A sweep lasts a window past its last wrong PIN, not until the window it began in ends.
      if (sweeping) await reach(all.block('all', LOCKOUT.windowSeconds));
      const here = await reach(terminals.penalty(terminalId));
      const allowance = sweeping ? LOCKOUT.maxWrongPinsInSweep : LOCKOUT.maxWrongPins;
      const locks = here.consumedPoints >= allowance;
      if (locks) await reach(terminals.block(terminalId, LOCKOUT.lockSeconds));
      return {
        lockedUntil: locks ? await lockedUntil(terminalId) : null,
        sweep: everywhere.consumedPoints === LOCKOUT.sweepWrongPins + 1 ? { wrongPins: everywhere.consumedPoints } : null,
      };
    },
    async unlock(terminalId) {
      await reach(Promise.all([terminals.delete(terminalId), unlocks.delete(terminalId)]));
    },
    async wrongUnlock(terminalId) {
      const res = await reach(unlocks.penalty(terminalId));
      return res.consumedPoints < LOCKOUT.unlockAttempts;
    },
    async mayTryUnlock(terminalId) {
      const res = await reach(unlocks.get(terminalId));
      return !res || res.consumedPoints < LOCKOUT.unlockAttempts;
    },
  };
}
