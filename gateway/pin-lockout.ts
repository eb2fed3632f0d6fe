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
  /**
   * Counts a PIN guess on the terminal before its PIN is checked, so guesses sent at once cannot pass a lock
   * together: answers until when the terminal is locked (then the PIN must not be checked), or null.
   */
  attempt(terminalId: string): Promise<Date | null>;
  /** The guess was a right PIN: it does not count (and resets nothing else). */
  right(terminalId: string): Promise<void>;
  /** The guess was a wrong PIN: counted across all terminals too; locks the terminal once it has its allowance. */
  wrongPin(terminalId: string): Promise<WrongPin>;
  /**
   * Counts an unlock try on a locked terminal; answers whether it may go on (else a locked terminal would take
   * unlimited guesses through its approvals).
   */
  unlockAttempt(terminalId: string): Promise<boolean>;
  /** A manager let the terminal in again: its lock and counts are gone. */
  unlock(terminalId: string): Promise<void>;
}

export interface WrongPin {
  /** Set when this wrong PIN locked the terminal. */
  lockedUntil: Date | null;
  /** Set on the wrong PIN that took the count across all terminals over its limit: tell the managers, once. */
  sweep: { wrongPins: number } | null;
}

/** A guess that finds others of its terminal being checked waits for them, this long at most. */
const BUSY_WAIT_MS = 25;
const BUSY_MAX_WAIT_MS = 5000;

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
  const guesses = limiter('terminal', LOCKOUT.maxWrongPins, LOCKOUT.windowSeconds);
  // A lock is a key of its own: taking back a right guess's point can never lift it.
  const locks = limiter('lock', 1, LOCKOUT.lockSeconds);
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
    const res = await reach(locks.get(terminalId));
    return res && res.consumedPoints > 1 ? new Date(clock().getTime() + res.msBeforeNext) : null;
  };
  // The guesses stay counted: their window began before the lock, so it is over when the lock is (and a guess
  // that raced the lock still finds its count past the allowance).
  const lock = async (terminalId: string) => {
    await reach(locks.block(terminalId, LOCKOUT.lockSeconds));
    return lockedUntil(terminalId);
  };
  /** Wrong PINs a terminal may take in the window: fewer while a sweep is on. */
  const allowance = async () => {
    const everywhere = await reach(all.get('all'));
    return everywhere && everywhere.consumedPoints > LOCKOUT.sweepWrongPins ? LOCKOUT.maxWrongPinsInSweep : LOCKOUT.maxWrongPins;
  };
  return {
    lockedUntil,
    async attempt(terminalId) {
      for (let waited = 0; ; waited += BUSY_WAIT_MS) {
        const locked = await lockedUntil(terminalId);
        if (locked) return locked;
        const counted = await reach(guesses.penalty(terminalId));
        if (counted.consumedPoints <= (await allowance())) return null;
        // Past the allowance only while other guesses are being checked (wrong ones would have locked it): this
        // one waits its turn, so a burst is checked a few at a time and right PINs sent together all get in.
        await reach(guesses.reward(terminalId));
        if (waited >= BUSY_MAX_WAIT_MS) return lock(terminalId);
        await new Promise((resolve) => setTimeout(resolve, BUSY_WAIT_MS));
      }
    },
    async right(terminalId) {
      await reach(guesses.reward(terminalId));
    },
    async wrongPin(terminalId) {
      const everywhere = await reach(all.penalty('all'));
      // A sweep lasts a window past its last wrong PIN, not until the window it began in ends.
      if (everywhere.consumedPoints > LOCKOUT.sweepWrongPins) await reach(all.block('all', LOCKOUT.windowSeconds));
      const here = (await reach(guesses.get(terminalId)))?.consumedPoints ?? 0;
      return {
        lockedUntil: here >= (await allowance()) ? await lock(terminalId) : null,
        sweep: everywhere.consumedPoints === LOCKOUT.sweepWrongPins + 1 ? { wrongPins: everywhere.consumedPoints } : null,
      };
    },
    async unlockAttempt(terminalId) {
      const counted = await reach(unlocks.penalty(terminalId));
      return counted.consumedPoints <= LOCKOUT.unlockAttempts;
    },
    async unlock(terminalId) {
      await reach(Promise.all([locks.delete(terminalId), guesses.delete(terminalId), unlocks.delete(terminalId)]));
    },
  };
}
