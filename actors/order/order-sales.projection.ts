import { checkTotals, discountsOf, localDate, type DiscountRule, type PaymentMethod } from '../../shared/contract/index.js';
import type { LoggedFact } from '../../shared/db/event-store.js';
import type { Projection } from '../../shared/runtime/projector.js';
import type { OrderFact } from './order.machine.js';

/** What one order sold, for the day's reports: lines by product, not voided, and whose order it is. */
export interface OrderSales {
  /** The local date the order was opened. */
  date: string;
  /** The business day it was opened on; null for orders opened before there were days. */
  dayNumber: number | null;
  userId: string | null;
  terminalId: string;
  covers: number | null;
  cancelled: boolean;
  /** `grams`: of a product sold by weight, what its plates weighed (absent for one sold by the unit). */
  lines: { productId: string; name: string; category: string | null; quantity: number; cents: number; grams?: number }[];
  /** Items voided off it, whatever became of the order. */
  voids: { count: number; cents: number };
  /** What the check comes to besides its lines: the rules it was given, and what they take off and add now. */
  check: { onTable: boolean; servicePercent: number; serviceWaived: boolean; discounts: DiscountRule[] };
  discounts: { count: number; cents: number };
  serviceCents: number;
  /** Its payments not failed, with what was refunded of each (absent in rows folded before payments were). */
  payments?: SoldPayment[];
  /** Each refund made on it. */
  refunds?: { count: number; cents: number };
}

/** A payment as the day's report sums it: by method, its tip apart, less what was refunded. */
export interface SoldPayment {
  id: string;
  method: PaymentMethod;
  pending: boolean;
  amountCents: number;
  tipCents: number;
  refundedCents: number;
}

type Line = OrderSales['lines'][number];

/** Adds to the product's line (and its grams, for a weighed plate); a void names only the product, whose line its item made. */
const withLine = (
  lines: Line[],
  product: Pick<Line, 'productId'> & Partial<Line>,
  quantity: number,
  cents: number,
  grams?: number,
) => {
  const { productId, name = productId, category = null } = product;
  const weighed = (line?: Line) => (grams === undefined ? {} : { grams: (line?.grams ?? 0) + grams });
  const line = lines.find((l) => l.productId === productId);
  if (!line) return [...lines, { productId, name, category, quantity, cents, ...weighed() }];
  return lines.map((l) => (l === line ? { ...l, quantity: l.quantity + quantity, cents: l.cents + cents, ...weighed(l) } : l));
};
/** Minus, for what leaves a line. */
const less = (grams?: number) => (grams === undefined ? undefined : -grams);

/** The row with its discounts and service charge summed again, as the order's check adds them up. */
function withCheck(row: OrderSales): OrderSales {
  const { onTable, servicePercent, serviceWaived, discounts } = row.check;
  const subtotalCents = row.lines.reduce((sum, l) => sum + l.cents, 0);
  const check = { subtotalCents, discounts, servicePercent, onTable, serviceWaived, payments: [] };
  const { discountCents, serviceCents } = checkTotals(check);
  // A discount that takes nothing off now (its items voided or moved) is not counted as one.
  const count = discountsOf(subtotalCents, discounts).filter((cents) => cents > 0).length;
  return { ...row, discounts: { count, cents: discountCents }, serviceCents };
}

/**
 * Read model across orders: one row per order, summed by date, product and waiter for `GET /api/reports/sales`,
 * and by business day into its X and Z reports (actors/business-day/day-report.ts).
 */
export const orderSales: Projection<OrderSales> = {
  name: 'order-sales',
  handles: {
    order: [
      'OrderOpened',
      'ItemAdded',
      'ItemVoided',
      'OrderCancelled',
      'DiscountGiven',
      'ServiceWaived',
      'ServiceRestored',
      'ItemsSplitOff',
      'ItemsSplitIn',
      'PaymentRecorded',
      'PaymentConfirmed',
      'PaymentFailed',
      'PaymentRefunded',
    ],
  },
  keys: (fact) => [fact.streamId],
  evolve(row, logged: LoggedFact) {
    const fact = logged.data as unknown as OrderFact;
    if (fact.type === 'OrderOpened') {
      return {
        date: localDate(fact.at),
        dayNumber: fact.dayNumber ?? null,
        userId: logged.userId,
        terminalId: fact.terminalId,
        covers: fact.covers,
        cancelled: false,
        lines: [],
        voids: { count: 0, cents: 0 },
        check: { onTable: fact.table !== null, servicePercent: fact.servicePercent ?? 0, serviceWaived: false, discounts: [] },
        discounts: { count: 0, cents: 0 },
        serviceCents: 0,
        payments: [],
        refunds: { count: 0, cents: 0 },
      };
    }
    if (!row) throw new Error(`order-sales: ${fact.type} of order ${logged.streamId} before it was opened`);
    const paid = evolvePayments(row, fact);
    if (paid) return paid;
    const next = evolveLines(row, fact);
    return next === row ? row : withCheck(next);
  },
};

/** What a fact changes of the lines and the check's rules; the row itself when nothing. */
function evolveLines(row: OrderSales, fact: OrderFact): OrderSales {
  switch (fact.type) {
    case 'ItemAdded': {
      const { productId, name, category, quantity, priceCents, grams } = fact.item;
      return { ...row, lines: withLine(row.lines, { productId, name, category }, quantity, quantity * priceCents, grams) };
    }
    case 'ItemVoided': {
      const cents = fact.quantity * fact.priceCents;
      return {
        ...row,
        lines: withLine(row.lines, { productId: fact.productId }, -fact.quantity, -cents, less(fact.grams)),
        voids: { count: row.voids.count + 1, cents: row.voids.cents + cents },
      };
    }
    case 'OrderCancelled':
      return { ...row, cancelled: true, lines: [] };
    case 'DiscountGiven': {
      const { percent, amountCents } = fact.discount;
      const rule = percent !== undefined ? { percent } : { amountCents };
      return { ...row, check: { ...row.check, discounts: [...row.check.discounts, rule] } };
    }
    case 'ServiceWaived':
    case 'ServiceRestored':
      return { ...row, check: { ...row.check, serviceWaived: fact.type === 'ServiceWaived' } };
    // Items split off leave this check's lines for the new one's: sold once, on the check that pays for them.
    case 'ItemsSplitOff':
      return fact.items.reduce(
        (r, i) => ({ ...r, lines: withLine(r.lines, i, -i.quantity, -i.quantity * i.priceCents, less(i.grams)) }),
        row,
      );
    case 'ItemsSplitIn':
      return fact.items.reduce(
        (r, i) => ({ ...r, lines: withLine(r.lines, i, i.quantity, i.quantity * i.priceCents, i.grams) }),
        row,
      );
    default:
      return row;
  }
}

/** What a fact changes of the payments and refunds; null for a fact that is not of a payment. */
function evolvePayments(row: OrderSales, fact: OrderFact): OrderSales | null {
  const payments = row.payments ?? [];
  const withPayment = (id: string, change: (p: SoldPayment) => SoldPayment) => payments.map((p) => (p.id === id ? change(p) : p));
  switch (fact.type) {
    case 'PaymentRecorded': {
      const { id, method, status, amountCents, tipCents } = fact.payment;
      return {
        ...row,
        payments: [...payments, { id, method, pending: status === 'PENDING', amountCents, tipCents, refundedCents: 0 }],
      };
    }
    case 'PaymentConfirmed':
      return { ...row, payments: withPayment(fact.paymentId, (p) => ({ ...p, pending: false })) };
    case 'PaymentFailed':
      return { ...row, payments: payments.filter((p) => p.id !== fact.paymentId) };
    case 'PaymentRefunded': {
      const refunds = row.refunds ?? { count: 0, cents: 0 };
      return {
        ...row,
        payments: withPayment(fact.paymentId, (p) => ({ ...p, refundedCents: p.refundedCents + fact.amountCents })),
        refunds: { count: refunds.count + 1, cents: refunds.cents + fact.amountCents },
      };
    }
    default:
      return null;
  }
}
