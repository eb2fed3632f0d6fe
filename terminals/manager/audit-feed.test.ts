import { describe, expect, it } from 'vitest';
import { AuditFeed } from './audit-feed.js';
import type { AuditEntry } from '../lib/contract.js';

/** The audit API over `count` entries, seq 1…count, every third one carla's; it counts the calls. */
function fakeApi(count: number) {
  const all: AuditEntry[] = Array.from({ length: count }, (_, i) => ({
    seq: i + 1,
    at: new Date(Date.UTC(2026, 11, 1, 10, 0, i)).toISOString(),
    type: 'ItemAdded',
    stream: null,
    userId: i % 3 === 0 ? 'carla' : 'wagner',
    terminalId: 'pos-1',
    data: {},
    hash: '',
  }));
  const api = {
    calls: 0,
    get<T>(path: string): Promise<T> {
      api.calls += 1;
      const q = new URL(path, 'http://x').searchParams;
      const from = Number(q.get('from') ?? 1);
      const to = Number(q.get('to') ?? Infinity);
      const user = q.get('userId');
      const kept = all.filter((e) => e.seq >= from && e.seq <= to && (!user || e.userId === user));
      const entries = (q.get('order') === 'desc' ? kept.reverse() : kept).slice(0, Number(q.get('limit') ?? 100));
      return Promise.resolve({ entries } as T);
    },
  };
  return api;
}

describe('the audit feed', () => {
  it('shows the newest hundred entries, newest first, in one read', async () => {
    const api = fakeApi(12_345);
    const feed = new AuditFeed(
      api,
      () => undefined,
      (e) => {
        throw e;
      },
    );
    await feed.refresh();
    expect(feed.entries.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => 12_345 - i));
    expect(api.calls).toBe(1);
  });

  it('filters by user, newest first', async () => {
    const feed = new AuditFeed(
      fakeApi(2_500),
      () => undefined,
      (e) => {
        throw e;
      },
    );
    feed.filter = { userId: 'carla', type: '' };
    await feed.refresh();
    expect(feed.entries).toHaveLength(100);
    expect(feed.entries.every((e) => e.userId === 'carla')).toBe(true);
    expect(feed.entries[0]!.seq).toBe(2_500);
    expect(feed.entries.map((e) => e.seq)).toEqual([...feed.entries.map((e) => e.seq)].sort((a, b) => b - a));
  });

  it('shows nothing from an empty log', async () => {
    const feed = new AuditFeed(
      fakeApi(0),
      () => undefined,
      (e) => {
        throw e;
      },
    );
    await feed.refresh();
    expect(feed.entries).toEqual([]);
  });
});
