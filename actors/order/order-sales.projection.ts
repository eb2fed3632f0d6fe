import type { LoggedFact } from '../../shared/db/event-store.js';
import type { Projection } from '../../shared/runtime/projector.js';
import type { OrderFact } from './order.machine.js';

/** What one order sold, for the day's reports: lines by product, not voided, and whose order it is. */
export interface OrderSales {
  /** The local date the order was opened. */
  date: string;
  userId: string | null;
  terminalId: string;
  cancelled: boolean;
  lines: { productId: string; name: string; quantity: number; cents: number }[];
}

/** The server's local date of an instant (`TZ`), as YYYY-MM-DD. */
export const localDate = (iso: string) => new Date(iso).toLocaleDateString('en-CA');

const withLine = (lines: OrderSales['lines'], productId: string, name: string | null, quantity: number, cents: number) => {
  const line = lines.find((l) => l.productId === productId);
  if (!line) return [...lines, { productId, name: name ?? productId, quantity, cents }];
  return lines.map((l) => (l === line ? { ...l, quantity: l.quantity + quantity, cents: l.cents + cents } : l));
};

/** Read model across orders: one row per order, summed by day, product and waiter in `salesOfDay`. */
export const orderSales: Projection<OrderSales> = {
  name: 'order-sales',
  handles: { order: ['OrderOpened', 'ItemAdded', 'ItemVoided', 'OrderCancelled'] },
  keys: (fact) => [fact.streamId],
  evolve(row, logged: LoggedFact) {
    const fact = logged.data as unknown as OrderFact;
    if (fact.type === 'OrderOpened') {
      return { date: localDate(fact.at), userId: logged.userId, terminalId: fact.terminalId, cancelled: false, lines: [] };
    }
    if (!row) throw new Error(`order-sales: ${fact.type} of order ${logged.streamId} before it was opened`);
    switch (fact.type) {
      case 'ItemAdded': {
        const { productId, name, quantity, priceCents } = fact.item;
        return { ...row, lines: withLine(row.lines, productId, name, quantity, quantity * priceCents) };
      }
      case 'ItemVoided':
        return { ...row, lines: withLine(row.lines, fact.productId, null, -fact.quantity, -fact.quantity * fact.priceCents) };
      case 'OrderCancelled':
        return { ...row, cancelled: true, lines: [] };
      default:
        return row;
    }
  },
};
