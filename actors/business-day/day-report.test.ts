import { describe, expect, it } from 'vitest';
import type { DrawerSession } from '../drawer/drawer-sessions.projection.js';
import type { OrderSales } from '../order/order-sales.projection.js';
import { dayReport, drawerLine } from './day-report.js';

const day = { dayNumber: 3, businessDate: '2026-11-25', openedAt: '2026-11-25T10:00:00.000Z' };
const order = (over: Partial<OrderSales>): OrderSales => ({
  date: '2026-11-25',
  dayNumber: 3,
  userId: 'wagner',
  terminalId: 'pos-1',
  covers: null,
  cancelled: false,
  lines: [],
  voids: { count: 0, cents: 0 },
  check: { onTable: false, servicePercent: 10, serviceWaived: false, discounts: [] },
  discounts: { count: 0, cents: 0 },
  serviceCents: 0,
  ...over,
});
const line = (productId: string, category: string, quantity: number, unitCents: number) => ({
  productId,
  name: productId.toUpperCase(),
  category,
  quantity,
  cents: quantity * unitCents,
});

describe("the day's report", () => {
  const orders = [
    order({ covers: 2, lines: [line('picanha', 'Carnes', 2, 8990), line('caipirinha', 'Bebidas', 1, 2200)] }),
    order({ userId: 'carla', terminalId: 'pos-2', covers: 3, lines: [line('caipirinha', 'Bebidas', 3, 2200)] }),
    // Its fries were voided: the line is there with nothing on it, the void counted.
    order({ lines: [line('picanha', 'Carnes', 1, 8990), line('batata', 'Porções', 0, 0)], voids: { count: 1, cents: 2500 } }),
    // Cancelled: no sale, no covers, but the void rung before it is still the day's.
    order({ covers: 4, cancelled: true, voids: { count: 1, cents: 1000 } }),
  ];
  const report = dayReport(day, orders, []);

  it('sums what was sold on the orders not cancelled, and counts the cancelled apart', () => {
    const gross = 2 * 8990 + 2200 + 3 * 2200 + 8990;
    expect(report).toMatchObject({
      ...day,
      orders: { count: 3, cancelled: 1, covers: 5, averageTicketCents: Math.round(gross / 3) },
      sales: { grossCents: gross, discountCents: 0, serviceCents: 0, netCents: gross, tipCents: 0 },
      voids: { count: 2, cents: 3500 },
    });
    expect(report).not.toHaveProperty('closedAt');
  });

  it('breaks the sales down by category, product, waiter and terminal, the biggest first', () => {
    expect(report.byCategory).toEqual([
      { category: 'Carnes', quantity: 3, cents: 3 * 8990 },
      { category: 'Bebidas', quantity: 4, cents: 4 * 2200 },
    ]);
    expect(report.byProduct).toEqual([
      { productId: 'picanha', name: 'PICANHA', quantity: 3, cents: 3 * 8990 },
      { productId: 'caipirinha', name: 'CAIPIRINHA', quantity: 4, cents: 4 * 2200 },
    ]);
    expect(report.byWaiter).toEqual([
      { userId: 'wagner', orders: 2, cents: 2 * 8990 + 2200 + 8990, tipCents: 0 },
      { userId: 'carla', orders: 1, cents: 3 * 2200, tipCents: 0 },
    ]);
    expect(report.byTerminal).toEqual([
      { terminalId: 'pos-1', orders: 2, cents: 2 * 8990 + 2200 + 8990 },
      { terminalId: 'pos-2', orders: 1, cents: 3 * 2200 },
    ]);
  });

  it('has every tender and refund at zero until payments exist, in the shape of the contract', () => {
    const nothing = { count: 0, cents: 0 };
    expect(report.byMethod).toEqual({ CASH: nothing, CARD: nothing, PIX: nothing });
    expect([report.refunds, report.discounts]).toEqual([nothing, nothing]);
  });

  it("sums each check's discounts and service charge into the net, a cancelled order's left out", () => {
    const checks = [
      order({ lines: [line('picanha', 'Carnes', 2, 8990)], discounts: { count: 1, cents: 1798 }, serviceCents: 1618 }),
      order({ lines: [line('caipirinha', 'Bebidas', 1, 2200)], discounts: { count: 2, cents: 700 }, serviceCents: 150 }),
      order({ cancelled: true, discounts: { count: 1, cents: 500 }, serviceCents: 90 }),
    ];
    const { sales, discounts } = dayReport(day, checks, []);
    const gross = 2 * 8990 + 2200;
    expect(sales).toEqual({
      grossCents: gross,
      discountCents: 1798 + 700,
      serviceCents: 1618 + 150,
      netCents: gross - 1798 - 700 + 1618 + 150,
      tipCents: 0,
    });
    expect(discounts).toEqual({ count: 3, cents: 1798 + 700 });
  });

  it('of a day with no order is all zeros, no division by zero', () => {
    expect(dayReport(day, [], []).orders).toEqual({ count: 0, cancelled: 0, covers: 0, averageTicketCents: 0 });
  });
});

describe("a drawer session in the day's report", () => {
  const counted: DrawerSession = {
    cashierId: 'carla',
    openedAt: '2026-11-25T11:00:00.000Z',
    cents: { FLOAT: 10000, SALE: 5000, REFUND: 300, PAY_IN: 2000, PAY_OUT: 1500, DROP: 5000, NO_SALE: 0 },
    close: { expectedCents: 10200, countedCents: 10100, overShortCents: -100, closedAt: '2026-11-25T16:00:00.000Z' },
  };
  const open: DrawerSession = {
    cashierId: 'rita',
    openedAt: '2026-11-25T17:00:00.000Z',
    cents: { FLOAT: 5000, SALE: 700, REFUND: 0, PAY_IN: 0, PAY_OUT: 0, DROP: 0, NO_SALE: 0 },
    close: null,
  };

  it('shows its cash by type and, once closed, its count as the close decided it', () => {
    expect(drawerLine('drawer-1', counted)).toEqual({
      id: 'drawer-1',
      floatCents: 10000,
      cashSalesCents: 5000,
      cashRefundsCents: 300,
      payInCents: 2000,
      payOutCents: 1500,
      dropCents: 5000,
      expectedCents: 10200,
      countedCents: 10100,
      overShortCents: -100,
    });
  });

  it('while open shows what it should hold, summed as the drawer sums it, not yet counted', () => {
    expect(drawerLine('drawer-1', open)).toMatchObject({ expectedCents: 5700, countedCents: null, overShortCents: null });
  });

  it('keeps every session of a drawer, in the order they opened, the drawers by id', () => {
    const lines = [drawerLine('drawer-2', open), drawerLine('drawer-1', counted), drawerLine('drawer-1', open)];
    expect(dayReport(day, [], lines).drawers).toEqual([lines[1], lines[2], lines[0]]);
  });
});

describe("the day's payments", () => {
  const paid = (id: string, method: 'CASH' | 'CARD' | 'PIX', amountCents: number, tipCents = 0, refundedCents = 0) => ({
    id,
    method,
    pending: false,
    amountCents,
    tipCents,
    refundedCents,
  });
  const report = dayReport(
    day,
    [
      order({ payments: [paid('a', 'CASH', 3000, 0, 1000), paid('b', 'CARD', 5000, 700)], refunds: { count: 1, cents: 1000 } }),
      order({
        userId: 'carla',
        payments: [paid('c', 'CARD', 2000, 300, 2000), paid('d', 'PIX', 4000)],
        refunds: { count: 2, cents: 2000 },
      }),
      // A charge whose outcome is not known yet is not money yet; an order folded before payments has none.
      order({ payments: [{ ...paid('e', 'CARD', 9000, 900), pending: true }] }),
      order({}),
    ],
    [],
  );

  it('sums each method, less what was refunded of it, tips apart; a pending payment is not counted', () => {
    expect(report.byMethod).toEqual({
      CASH: { count: 1, cents: 2000 },
      CARD: { count: 2, cents: 5000 },
      PIX: { count: 1, cents: 4000 },
    });
    expect(report.refunds).toEqual({ count: 3, cents: 3000 });
  });

  it('sums the tips of the day and of each waiter', () => {
    expect(report.sales.tipCents).toBe(1000);
    expect(report.byWaiter.map((w) => [w.userId, w.tipCents])).toEqual([
      ['carla', 300],
      ['wagner', 700],
    ]);
  });
});
