import { describe, expect, it } from 'vitest';
import { openOrder, orderAt as at, orderItem } from '../../test/fixtures.js';
import { history } from '../../test/given.js';
import type { LoggedFact } from '../../shared/db/event-store.js';
import { dayReport } from '../business-day/day-report.js';
import { orderSales, type OrderSales } from './order-sales.projection.js';
import { orderKind } from './order.kind.js';
import type { OrderCommand } from './order.machine.js';

/** A plate of the buffet at R$ 79,90 the kilo, read by the terminal's scale, as the orders service rings it. */
const plate = (id: string, grams: number): OrderCommand => ({
  type: 'ADD_ITEM',
  item: {
    ...orderItem(id, 'cold'),
    productId: 'buffet',
    name: 'Buffet por quilo',
    quantity: 1,
    grams,
    pricePerKgCents: 7990,
    priceCents: Math.floor((grams * 7990 + 500) / 1000),
  },
  available: true,
  weighing: { readByScale: true, byManager: false, approvedBy: null },
  at,
});

/** The order's facts folded into its order-sales row, as the projector folds them from the log. */
function soldBy(commands: OrderCommand[]): OrderSales {
  const facts = history(orderKind, commands);
  let row: OrderSales | null = null;
  facts.forEach((fact, i) => {
    const logged = { streamId: 'o1', streamType: 'order', version: i + 1, type: fact.type, data: fact, userId: 'wagner' };
    row = orderSales.evolve(row, logged as unknown as LoggedFact, 'o1');
  });
  return row!;
}

describe('the kilos a day sold', () => {
  it('sums the grams of the plates of a product sold by weight, less a plate voided, beside its count and price', () => {
    const row = soldBy([
      openOrder,
      plate('b1', 482),
      plate('b2', 350),
      {
        type: 'VOID_ITEM',
        itemId: 'b2',
        reason: 'pesou errado',
        approvalRequired: false,
        byManager: false,
        approvedBy: null,
        at,
      },
      plate('b3', 611),
    ]);
    const report = dayReport({ dayNumber: 1, businessDate: '2026-11-25', openedAt: at }, [row], []);
    expect(report.byProduct).toEqual([
      { productId: 'buffet', name: 'Buffet por quilo', quantity: 2, cents: 3851 + 4882, grams: 482 + 611 },
    ]);
  });

  it('leaves a product sold by the unit without grams', () => {
    const row = soldBy([openOrder, { type: 'ADD_ITEM', item: orderItem('picanha', 'grill'), available: true, at }]);
    expect(dayReport({ dayNumber: 1, businessDate: '2026-11-25', openedAt: at }, [row], []).byProduct).toEqual([
      { productId: 'p-picanha', name: 'Item picanha', quantity: 2, cents: 2000 },
    ]);
  });
});
