import type { DayReport, DrawerReportLine, MovementType } from '../../shared/contract/index.js';
import type { DrawerSession } from '../drawer/drawer-sessions.projection.js';
import { expectedCash } from '../drawer/expected-cash.js';
import type { OrderSales } from '../order/order-sales.projection.js';

/** The day a report is of: its number and period (`closedAt` only in a Z report). */
export interface ReportedDay {
  dayNumber: number;
  businessDate: string;
  openedAt: string;
  closedAt?: string;
}

const NOTHING = { count: 0, cents: 0 };

/** Sums `add` into the entry of each key, biggest `cents` first (then by key, so equal days print alike). */
function summed<E extends { cents: number }>(rows: readonly E[], key: (e: E) => string, add: (sum: E, e: E) => E): E[] {
  const sums = new Map<string, E>();
  for (const e of rows) {
    const k = key(e);
    const sum = sums.get(k);
    sums.set(k, sum ? add(sum, e) : e);
  }
  return [...sums].sort(([a, x], [b, y]) => y.cents - x.cents || (a < b ? -1 : 1)).map(([, e]) => e);
}

const centsOf = (order: OrderSales) => order.lines.reduce((sum, l) => sum + l.cents, 0);

/** The payments an order was paid with (a pending one is not money yet). */
const paidWith = (order: OrderSales) => (order.payments ?? []).filter((p) => !p.pending);
const tipsOf = (order: OrderSales) => paidWith(order).reduce((sum, p) => sum + p.tipCents, 0);

/** By method: how many payments, and what they took less what was refunded of them, tips apart. */
function byMethod(orders: readonly OrderSales[]): DayReport['byMethod'] {
  const methods = { CASH: NOTHING, CARD: NOTHING, PIX: NOTHING };
  for (const p of orders.flatMap(paidWith)) {
    const sum = methods[p.method];
    methods[p.method] = { count: sum.count + 1, cents: sum.cents + p.amountCents - p.refundedCents };
  }
  return methods;
}

/**
 * A drawer session as the day's report shows it (a drawer-sessions entry): its cash by type, and what it should
 * hold: as its close decided it once closed, else summed now by the drawer's own expected cash.
 */
export function drawerLine(drawerId: string, session: DrawerSession): DrawerReportLine {
  const { cents, close } = session;
  const totals = Object.entries(cents).map(([type, amountCents]) => ({ type: type as MovementType, amountCents }));
  return {
    id: drawerId,
    floatCents: cents.FLOAT,
    cashSalesCents: cents.SALE,
    cashRefundsCents: cents.REFUND,
    payInCents: cents.PAY_IN,
    payOutCents: cents.PAY_OUT,
    dropCents: cents.DROP,
    expectedCents: close?.expectedCents ?? expectedCash(totals),
    countedCents: close?.countedCents ?? null,
    overShortCents: close?.overShortCents ?? null,
  };
}

/**
 * The day's report from the order-sales rows of its orders and the lines of its drawer sessions: the X report
 * (so far) and the Z report (at close, stored in DayClosed) are both this function of the same rows, so a Z
 * equals the last X.
 * An order counts once it is not cancelled. Payments count once approved (a pending one is not money yet), by
 * method less what was refunded of them, their tips apart and by waiter (the order's). Discounts and the service
 * charge are each order's check as it adds up now (order-sales).
 */
export function dayReport(day: ReportedDay, orders: readonly OrderSales[], drawers: readonly DrawerReportLine[]): DayReport {
  const sold = orders.filter((o) => !o.cancelled);
  const lines = sold.flatMap((o) => o.lines).filter((l) => l.quantity !== 0);
  const grossCents = lines.reduce((sum, l) => sum + l.cents, 0);
  const discounts = sold.reduce(
    (sum, o) => ({ count: sum.count + o.discounts.count, cents: sum.cents + o.discounts.cents }),
    NOTHING,
  );
  const discountCents = discounts.cents;
  const serviceCents = sold.reduce((sum, o) => sum + o.serviceCents, 0);
  return {
    ...day,
    orders: {
      count: sold.length,
      cancelled: orders.length - sold.length,
      covers: sold.reduce((sum, o) => sum + (o.covers ?? 0), 0),
      averageTicketCents: sold.length === 0 ? 0 : Math.round(grossCents / sold.length),
    },
    sales: {
      grossCents,
      discountCents,
      serviceCents,
      netCents: grossCents - discountCents + serviceCents,
      tipCents: sold.reduce((sum, o) => sum + tipsOf(o), 0),
    },
    byMethod: byMethod(sold),
    byCategory: summed(
      lines.map(({ category, quantity, cents }) => ({ category, quantity, cents })),
      (l) => String(l.category),
      (a, b) => ({ ...a, quantity: a.quantity + b.quantity, cents: a.cents + b.cents }),
    ),
    byProduct: summed(
      lines.map(({ productId, name, quantity, cents, grams }) => ({
        productId,
        name,
        quantity,
        cents,
        ...(grams !== undefined ? { grams } : {}),
      })),
      (l) => l.productId,
      (a, b) => ({
        ...a,
        quantity: a.quantity + b.quantity,
        cents: a.cents + b.cents,
        ...(a.grams !== undefined || b.grams !== undefined ? { grams: (a.grams ?? 0) + (b.grams ?? 0) } : {}),
      }),
    ),
    byWaiter: summed(
      sold.map((o) => ({ userId: o.userId, orders: 1, cents: centsOf(o), tipCents: tipsOf(o) })),
      (w) => String(w.userId),
      (a, b) => ({ ...a, orders: a.orders + b.orders, cents: a.cents + b.cents, tipCents: a.tipCents + b.tipCents }),
    ),
    byTerminal: summed(
      sold.map((o) => ({ terminalId: o.terminalId, orders: 1, cents: centsOf(o) })),
      (t) => t.terminalId,
      (a, b) => ({ ...a, orders: a.orders + b.orders, cents: a.cents + b.cents }),
    ),
    voids: orders.reduce((sum, o) => ({ count: sum.count + o.voids.count, cents: sum.cents + o.voids.cents }), NOTHING),
    refunds: orders.reduce(
      (sum, o) => ({ count: sum.count + (o.refunds?.count ?? 0), cents: sum.cents + (o.refunds?.cents ?? 0) }),
      NOTHING,
    ),
    discounts,
    // By drawer; a drawer's sessions stay in the order they were given, the order they opened (the sort is stable).
    drawers: [...drawers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}
