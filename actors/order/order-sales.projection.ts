import { localDate } from '../../shared/contract/index.js';
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
  lines: { productId: string; name: string; category: string | null; quantity: number; cents: number }[];
  /** Items voided off it, whatever became of the order. */
  voids: { count: number; cents: number };
}

type Line = OrderSales['lines'][number];

/** Adds to the product's line; a void names only the product, whose line its item made. */
const withLine = (lines: Line[], product: Pick<Line, 'productId'> & Partial<Line>, quantity: number, cents: number) => {
  const { productId, name = productId, category = null } = product;
  const line = lines.find((l) => l.productId === productId);
  if (!line) return [...lines, { productId, name, category, quantity, cents }];
  return lines.map((l) => (l === line ? { ...l, quantity: l.quantity + quantity, cents: l.cents + cents } : l));
};

/**
 * Read model across orders: one row per order, summed by date, product and waiter for `GET /api/reports/sales`,
 * and by business day into its X and Z reports (actors/business-day/day-report.ts).
 */
export const orderSales: Projection<OrderSales> = {
  name: 'order-sales',
  handles: { order: ['OrderOpened', 'ItemAdded', 'ItemVoided', 'OrderCancelled'] },
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
      };
    }
    if (!row) throw new Error(`order-sales: ${fact.type} of order ${logged.streamId} before it was opened`);
    switch (fact.type) {
      case 'ItemAdded': {
        const { productId, name, category, quantity, priceCents } = fact.item;
        return { ...row, lines: withLine(row.lines, { productId, name, category }, quantity, quantity * priceCents) };
      }
      case 'ItemVoided': {
        const cents = fact.quantity * fact.priceCents;
        return {
          ...row,
          lines: withLine(row.lines, { productId: fact.productId }, -fact.quantity, -cents),
          voids: { count: row.voids.count + 1, cents: row.voids.cents + cents },
        };
      }
      case 'OrderCancelled':
        return { ...row, cancelled: true, lines: [] };
      default:
        return row;
    }
  },
};
