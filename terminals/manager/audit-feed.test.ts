import { describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from '../lib/contract.js';

// The screens' words are read in English from the browser's storage, which this process has none of.
vi.hoisted(() => {
  vi.stubGlobal('localStorage', { getItem: () => 'en', setItem: () => undefined });
  vi.stubGlobal('document', { documentElement: {} });
});
const { AuditFeed, auditWords } = await import('./audit-feed.js');

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

describe("the audit log's lines in words", () => {
  const entry = (over: Partial<AuditEntry>): AuditEntry => ({
    seq: 1,
    at: '2026-12-01T15:00:00.000Z',
    type: 'PrinterConfigured',
    stream: 'prn-1',
    userId: 'ana',
    terminalId: 'mgr-1',
    data: {},
    hash: '',
    ...over,
  });
  const config = { kind: 'printer', model: 'Epson TM-T20', path: '/dev/ttyUSB0', baudRate: 9600 };

  it("reads a device's configuration: what it serves, its backup, and who set it up", () => {
    const receipts = { config: { ...config, serves: { receiptsOf: 'pos-1' }, backupId: 'prn-2' } };
    expect(auditWords(entry({ data: receipts }))).toBe('Printer prn-1 configured by ana: Receipts of pos-1, backup prn-2');
    const kitchen = { config: { ...config, serves: { stationId: 'grill' } } };
    expect(auditWords(entry({ data: kitchen, userId: null }))).toBe('Printer prn-1 configured: grill station');
    const scale = { config: { ...config, kind: 'scale', serves: { terminalId: 'pos-2' } } };
    expect(auditWords(entry({ stream: 'sc-1', data: scale }))).toBe('Scale sc-1 configured by ana: Scale of pos-2');
  });

  it('reads a device removed and a drawer left open; any other entry has no words of its own', () => {
    expect(auditWords(entry({ type: 'PrinterRemoved' }))).toBe('Device prn-1 removed by ana');
    const since = '2026-12-01T14:59:00.000Z';
    expect(auditWords(entry({ type: 'DrawerLeftOpen', userId: null, data: { since } }))).toMatch(
      /^The drawer of prn-1 left open since \d\d:\d\d( [AP]M)?$/,
    );
    expect(auditWords(entry({ type: 'ItemAdded', data: { productId: 'picanha' } }))).toBeNull();
  });
});
