import { describe, expect, it } from 'vitest';
import type { LoggedFact } from '../../shared/db/event-store.js';
import { asStored, history } from '../../test/given.js';
import { drawerSessions, type DrawerDay } from './drawer-sessions.projection.js';
import { drawerKind } from './drawer.kind.js';
import type { Acting, DrawerCommand, DrawerFact } from './drawer.machine.js';

const at = '2026-12-01T10:00:00.000Z';
const later = '2026-12-01T16:00:00.000Z';
const carla: Acting = { userId: 'carla', role: 'CASHIER' };
const rita: Acting = { userId: 'rita', role: 'CASHIER' };

const open = (floatCents: number, dayNumber: number | null, by = carla, when = at): DrawerCommand => ({
  type: 'OPEN',
  drawerId: 'drawer-1',
  terminalId: 'pos-1',
  floatCents,
  maxCents: 500000,
  dayNumber,
  by,
  at: when,
});
const sale = (amountCents: number): DrawerCommand => ({ type: 'CASH_SALE', orderId: 'o1', amountCents, userId: 'wagner', at });
const refund = (amountCents: number, by = carla): DrawerCommand => ({ type: 'CASH_REFUND', orderId: 'o1', amountCents, by, at });
const payIn = (amountCents: number, by = carla): DrawerCommand => ({ type: 'PAY_IN', amountCents, reason: 'bank', by, at });
const payOut = (amountCents: number): DrawerCommand => ({
  type: 'PAY_OUT',
  amountCents,
  reason: 'ice',
  limitCents: 20000,
  approvedBy: null,
  by: carla,
  at,
});
const drop = (amountCents: number): DrawerCommand => ({ type: 'DROP', amountCents, by: carla, at });
const noSale: DrawerCommand = { type: 'NO_SALE', reason: 'change', approvedBy: 'maria', by: carla, at };
const count = (by = carla): DrawerCommand => ({ type: 'COUNT', by, at: later });
const close = (countedCents: number, by = carla): DrawerCommand => ({ type: 'CLOSE', countedCents, by, at: later });

/** The facts as the projector reads them from the log: drawer-1's, in order. */
const logged = (facts: DrawerFact[]): LoggedFact[] =>
  asStored(facts).map((e, i) => ({ ...e, streamId: 'drawer-1', streamType: 'drawer', position: { tx: '1', id: String(i) } }));
const fold = (facts: DrawerFact[], from: DrawerDay | null = null) =>
  logged(facts)
    .filter((f) => drawerSessions.handles.drawer!.includes(f.type))
    .reduce<DrawerDay | null>((row, f) => drawerSessions.evolve(row, f, 'drawer-1'), from);

describe('drawer sessions: the projection the day reports read', () => {
  const first = history(drawerKind, [
    open(10000, 3),
    sale(4500),
    refund(300),
    payIn(2000),
    payOut(1500),
    drop(5000),
    noSale,
    count(),
    close(9600),
  ]);

  it('sums a session by movement type and keeps its close as it was decided', () => {
    expect(fold(first)).toEqual({
      drawerId: 'drawer-1',
      dayNumber: 3,
      sessions: [
        {
          cashierId: 'carla',
          openedAt: at,
          cents: { FLOAT: 10000, SALE: 4500, REFUND: 300, PAY_IN: 2000, PAY_OUT: 1500, DROP: 5000, NO_SALE: 0 },
          close: { expectedCents: 9700, countedCents: 9600, overShortCents: -100, closedAt: later },
        },
      ],
    });
  });

  it('keeps both sessions of a drawer opened, closed and opened again on the same day', () => {
    const second = history(drawerKind, [open(5000, 3, rita, later), payIn(700, rita)]);
    const row = fold([...first, ...second]);
    expect(row?.sessions.map((s) => [s.cashierId, s.cents.FLOAT, s.close?.countedCents ?? null])).toEqual([
      ['carla', 10000, 9600],
      ['rita', 5000, null],
    ]);
    expect(row?.sessions[1]?.cents).toMatchObject({ PAY_IN: 700, SALE: 0 });
  });

  it("drops the sessions of the days before at a new day's first opening: their Z reports keep them", () => {
    const row = fold(history(drawerKind, [open(2000, 4)]), fold(first));
    expect(row).toMatchObject({ dayNumber: 4, sessions: [{ cents: { FLOAT: 2000 }, close: null }] });
    expect(row?.sessions).toHaveLength(1);
  });

  it('puts a session opened before drawers knew their day on no day', () => {
    const [opened] = history(drawerKind, [open(1000, 1)]);
    const { dayNumber: _, ...before } = opened as Extract<DrawerFact, { type: 'DrawerOpened' }>;
    expect(fold([before])?.dayNumber).toBeNull();
  });

  it('takes no movement before the drawer was opened', () => {
    const [, sold] = history(drawerKind, [open(1000, 1), sale(100)]);
    expect(() => fold([sold!])).toThrow(/before it was opened/);
  });
});
