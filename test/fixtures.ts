/** Test data several tests share: the demo menu's products as the API shows them, and order items. */
import { DEMO_MENU } from '../actors/menu/menu.data.js';
import type { OrderCommand, OrderItem } from '../actors/order/order.machine.js';
import type { ProductView } from '../shared/contract/index.js';

/** A product of the demo menu, available, as `GET /api/menu` shows it. */
export function demoProduct(id: string): ProductView {
  const product = DEMO_MENU.find((p) => p.id === id);
  if (!product) throw new Error(`the demo menu has no product "${id}"`);
  return { ...product, available: true };
}

/** An item as ADD_ITEM carries it and ItemAdded keeps it: two of a 10.00 product that takes five minutes. */
export const orderItem = (id: string, station: string, course = 1): Omit<OrderItem, 'status' | 'ticketId'> => ({
  id,
  productId: `p-${id}`,
  name: `Item ${id}`,
  priceCents: 1000,
  station,
  prepSeconds: 300,
  quantity: 2,
  notes: '',
  course,
});

/** The moment order tests decide at. */
export const orderAt = '2026-11-25T12:00:00.000Z';

/** An order o1 opened on day 1 at table 5 of pos-1 with a 10 % service charge, as the command the tests start from. */
export const openOrder: Extract<OrderCommand, { type: 'OPEN' }> = {
  type: 'OPEN',
  orderId: 'o1',
  number: 42,
  dayNumber: 1,
  terminalId: 'pos-1',
  table: 5,
  covers: 2,
  servicePercent: 10,
  at: orderAt,
};

/** Ringing `orderItem(id, station, course)`, the product available. */
export const ringItem = (id: string, station: string, course = 1): OrderCommand => ({
  type: 'ADD_ITEM',
  item: orderItem(id, station, course),
  available: true,
  at: orderAt,
});
