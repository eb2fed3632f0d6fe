import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { pinLockout } from './pin-lockout.js';

describe('PIN lockout without its store', () => {
  it('answers a clear 503 to retry, not an internal error', async () => {
    const unreachable = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    try {
      const lockout = pinLockout({ redis: unreachable, prefix: 'test-unreachable' }, () => new Date());
      await expect(lockout.lockedUntil('pos-1')).rejects.toMatchObject({ type: 'UNAVAILABLE', code: 503 });
      await expect(lockout.wrongPin('pos-1')).rejects.toMatchObject({ message: expect.stringMatching(/Redis/) });
    } finally {
      unreachable.disconnect();
    }
  });
});
