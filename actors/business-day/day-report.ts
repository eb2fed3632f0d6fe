import type { DayReport, DrawerReportLine, DrawerView, MovementType } from '../../shared/contract/index.js';
import type { OrderSales } from '../order/order-sales.projection.js';

/** The day a report is of: its number and period (`closedAt` only in a Z report). */
export interface ReportedDay {
  dayNumber: number;
  businessDate: string;
  openedAt: string;
  closedAt?: string;
}

/** What the report reads of a cash drawer's view (the drawer kind's `drawer` rows). */
export type DrawerSeen = Pick<DrawerView, 'id' | 'status' | 'cashCents' | 'movements' | 'lastClose'>;

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

/** A drawer as the day's report shows it: its movements summed by type, and its count once it was closed. */
export function drawerLine(drawer: DrawerSeen): DrawerReportLine {
  const total = (type: MovementType) =>
    drawer.movements.filter((m) => m.type === type).reduce((sum, m) => sum + m.amountCents, 0);
  const closed = drawer.status === 'CLOSED' ? drawer.lastClose : undefined;
  return {
    id: drawer.id,
    floatCents: total('FLOAT'),
    cashSalesCents: total('SALE'),
    cashRefundsCents: total('REFUND'),
    payInCents: total('PAY_IN'),
    payOutCents: total('PAY_OUT'),
    dropCents: total('DROP'),
    expectedCents: closed?.expectedCents ?? drawer.cashCents ?? 0,
    countedCents: closed?.countedCents ?? null,
    overShortCents: closed?.overShortCents ?? null,
  };
}

/** Whether the drawer's session (open now, or the last one closed) belongs to the day opened at `openedAt`. */
export const drawerOfDay = (drawer: DrawerSeen, openedAt: string) =>
  drawer.status !== 'CLOSED' || (drawer.lastClose !== undefined && drawer.lastClose.closedAt >= openedAt);

/**
 * The day's report from the order-sales rows of its orders and its drawers: the X report (so far) and the Z
 * report (at close, stored in DayClosed) are both this function of the same rows, so a Z equals the last X.
 * An order counts once it is not cancelled: no order is closed or paid before payments exist. Payments,
 * discounts, service and tips do not exist yet: their figures are zero, in the contract's shape.
 */
export function dayReport(day: ReportedDay, orders: readonly OrderSales[], drawers: readonly DrawerReportLine[]): DayReport {
  const sold = orders.filter((o) => !o.cancelled);
  const lines = sold.flatMap((o) => o.lines).filter((l) => l.quantity !== 0);
  const grossCents = lines.reduce((sum, l) => sum + l.cents, 0);
  const discountCents = 0;
  const serviceCents = 0;
  return {
    ...day,
    orders: {
      count: sold.length,
      cancelled: orders.length - sold.length,
      covers: sold.reduce((sum, o) => sum + (o.covers ?? 0), 0),
      averageTicketCents: sold.length === 0 ? 0 : Math.round(grossCents / sold.length),
    },
    sales: { grossCents, discountCents, serviceCents, netCents: grossCents - discountCents + serviceCents, tipCents: 0 },
    byMethod: { CASH: NOTHING, CARD: NOTHING, PIX: NOTHING },
    byCategory: summed(
      lines.map(({ category, quantity, cents }) => ({ category, quantity, cents })),
      (l) => String(l.category),
      (a, b) => ({ ...a, quantity: a.quantity + b.quantity, cents: a.cents + b.cents }),
    ),
    byProduct: summed(
      lines.map(({ productId, name, quantity, cents }) => ({ productId, name, quantity, cents })),
      (l) => l.productId,
      (a, b) => ({ ...a, quantity: a.quantity + b.quantity, cents: a.cents + b.cents }),
    ),
    byWaiter: summed(
      sold.map((o) => ({ userId: o.userId, orders: 1, cents: centsOf(o), tipCents: 0 })),
      (w) => String(w.userId),
      (a, b) => ({ ...a, orders: a.orders + b.orders, cents: a.cents + b.cents, tipCents: a.tipCents + b.tipCents }),
    ),
    byTerminal: summed(
      sold.map((o) => ({ terminalId: o.terminalId, orders: 1, cents: centsOf(o) })),
      (t) => t.terminalId,
      (a, b) => ({ ...a, orders: a.orders + b.orders, cents: a.cents + b.cents }),
    ),
    voids: orders.reduce((sum, o) => ({ count: sum.count + o.voids.count, cents: sum.cents + o.voids.cents }), NOTHING),
    refunds: NOTHING,
    discounts: NOTHING,
    drawers: [...drawers].sort((a, b) => (a.id < b.id ? -1 : 1)),
  };
}
