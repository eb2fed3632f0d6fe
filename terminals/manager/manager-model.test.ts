import { describe, expect, it } from 'vitest';
import type { DrawerView, Terminal } from '../lib/contract.js';
import {
  auditQuery,
  auditSummary,
  blockersOf,
  byKindThenId,
  dateText,
  drawerHealth,
  newerDay,
  oldestAgeSeconds,
  overShortOf,
  stationHealth,
} from './manager-model.js';

const terminal = (over: Partial<Terminal>): Terminal => ({
  id: 'pos-1',
  kind: 'POS',
  state: 'LOCKED',
  online: true,
  lastSeenAt: '2026-12-01T10:00:00.000Z',
  version: 1,
  ...over,
});
const drawer = (over: Partial<DrawerView>): DrawerView => ({
  id: 'drawer-1',
  terminalId: 'pos-1',
  status: 'OPEN',
  alerts: [],
  movements: [],
  version: 1,
  ...over,
});
const day = (number: number, version: number) => ({
  number,
  version,
  businessDate: '2026-12-01',
  status: 'OPEN' as const,
  openedAt: '2026-12-01T09:00:00.000Z',
  openedBy: 'maria',
});

describe('the manager model', () => {
  it('lists the manager terminal first, then POS, kitchen and customer displays, by id in numeric order', () => {
    const ids = [
      terminal({ id: 'cd-1', kind: 'CUSTOMER' }),
      terminal({ id: 'pos-10' }),
      terminal({ id: 'kds-grill', kind: 'KDS' }),
      terminal({ id: 'pos-2' }),
      terminal({ id: 'mgr-1', kind: 'MANAGER' }),
    ]
      .sort(byKindThenId)
      .map((t) => t.id);
    expect(ids).toEqual(['mgr-1', 'pos-2', 'pos-10', 'kds-grill', 'cd-1']);
  });

  it("reads a station's health from its late tickets, then its oldest ticket's age", () => {
    const now = Date.parse('2026-12-01T10:20:00.000Z');
    const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
    expect(stationHealth({ stationId: 'grill', open: 0, oldestFiredAt: null, late: 0 }, now)).toBe('idle');
    expect(stationHealth({ stationId: 'grill', open: 2, oldestFiredAt: at(3), late: 0 }, now)).toBe('ok');
    expect(stationHealth({ stationId: 'grill', open: 2, oldestFiredAt: at(12), late: 0 }, now)).toBe('busy');
    expect(stationHealth({ stationId: 'grill', open: 2, oldestFiredAt: at(3), late: 1 }, now)).toBe('late');
    expect(oldestAgeSeconds({ stationId: 'grill', open: 1, oldestFiredAt: at(2), late: 0 }, now)).toBe(120);
  });

  it("leads a drawer's card with its drop alert while it is open, and with a drawer left open even closed", () => {
    expect(drawerHealth(drawer({ alerts: ['DROP_NEEDED'] }))).toBe('alert');
    expect(drawerHealth(drawer({ status: 'COUNTING' }))).toBe('counting');
    expect(drawerHealth(drawer({ status: 'CLOSED', alerts: ['DROP_NEEDED'] }))).toBe('closed');
    expect(drawerHealth(drawer({ status: 'CLOSED', alerts: ['LEFT_OPEN'] }))).toBe('alert');
    expect([overShortOf(500), overShortOf(-1), overShortOf(0)]).toEqual(['over', 'short', 'exact']);
  });

  it('keeps the newer day: a later number, or a later version of the same day', () => {
    expect(newerDay(null, day(1, 1))).toBe(true);
    expect(newerDay(day(1, 2), day(1, 1))).toBe(false);
    expect(newerDay(day(1, 1), day(1, 2))).toBe(true);
    expect(newerDay(day(1, 9), day(2, 1))).toBe(true);
  });

  it("reads what blocks the close from a refusal's data, ignoring what is not", () => {
    expect(blockersOf({ drawers: ['drawer-1', 3], orders: [{ id: 'o', number: 12, table: 4 }, 'x'] })).toEqual({
      drawers: ['drawer-1'],
      orders: [{ id: 'o', number: 12, table: 4 }],
    });
    expect(blockersOf(null)).toEqual({ drawers: [], orders: [] });
  });

  it('asks the audit log for a seq range with the filters set, trimmed', () => {
    expect(auditQuery({ userId: ' carla ', type: '' }, 100)).toBe('/api/audit?order=desc&limit=100&userId=carla');
    expect(auditSummary({ orderId: 'o-1', quantity: 2, nested: { a: 1 } })).toBe('orderId o-1 · quantity 2');
  });

  it('writes a business date as the restaurant does', () => {
    expect(dateText('2026-12-01', 'pt-BR')).toBe('01/12/2026');
    expect(dateText('2026-12-01', 'en')).toBe('12/01/2026');
  });
});
