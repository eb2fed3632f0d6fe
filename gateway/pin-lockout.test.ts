import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCKOUT, memoryLockout, redisLockout, type PinLockout } from './pin-lockout.js';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
const redisUp = await redis.connect().then(
  () => true,
  () => false,
);
if (!redisUp && process.env.CI === 'true') throw new Error(`Redis is not reachable at ${redisUrl}`);
if (!redisUp)
  console.warn(`Redis is not reachable at ${redisUrl}: install and start redis-server to run the shared lockout test.`);

afterAll(() => redis.quit().catch(() => undefined));

describe.each([
  ['in memory', () => memoryLockout(() => new Date()), true],
  ['in Redis, shared by gateways', () => redisLockout(redis, `test-${randomUUID()}`), redisUp],
] as const)('PIN lockout %s', (_, make: () => PinLockout, runs) => {
  it.runIf(runs)(`locks a terminal after ${LOCKOUT.maxWrongPins} wrong PINs, for that terminal only`, async () => {
    const lockout = make();
    for (let i = 1; i < LOCKOUT.maxWrongPins; i++) expect(await lockout.wrongPin('pos-1')).toBe(false);
    expect(await lockout.lockedFor('pos-1')).toBe(0);
    expect(await lockout.wrongPin('pos-1')).toBe(true);
    expect(await lockout.lockedFor('pos-1')).toBeGreaterThan(LOCKOUT.lockSeconds - 3);
    expect(await lockout.lockedFor('pos-2')).toBe(0);
  });

  it.runIf(runs)('forgets wrong PINs after a right one', async () => {
    const lockout = make();
    for (let i = 1; i < LOCKOUT.maxWrongPins; i++) await lockout.wrongPin('pos-1');
    await lockout.clear('pos-1');
    expect(await lockout.wrongPin('pos-1')).toBe(false);
  });
});

describe('PIN lockout without Redis', () => {
  it('answers a clear 503 to retry, not an internal error', async () => {
    const unreachable = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    try {
      const lockout = redisLockout(unreachable, `test-${randomUUID()}`);
      await expect(lockout.lockedFor('pos-1')).rejects.toMatchObject({ type: 'UNAVAILABLE', code: 503 });
      await expect(lockout.wrongPin('pos-1')).rejects.toMatchObject({ message: expect.stringMatching(/Redis/) });
    } finally {
      unreachable.disconnect();
    }
  });
});
