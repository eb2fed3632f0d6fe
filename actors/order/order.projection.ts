import type { KitchenStatus, OrderStatus, OrderView } from '../../shared/contract/index.js';
import type { ViewRow } from '../../shared/db/event-store.js';
import type { Snapshot } from '../../shared/runtime/decider.js';
import type { OrderContext } from './order.machine.js';

type OrderSnapshot = Snapshot<OrderContext>;

/** The state of each region, in the contract's words. */
export function orderStates(snapshot: OrderSnapshot): { status: OrderStatus; kitchen: KitchenStatus } | null {
  const value = snapshot.value as { opened?: { status: OrderStatus; kitchen: KitchenStatus } } | string;
  return typeof value === 'object' && value.opened ? value.opened : null;
}

/** The order view of the contract, from the machine's snapshot. */
export function orderView(id: string, version: number, snapshot: OrderSnapshot): OrderView {
  const { context } = snapshot;
  const states = orderStates(snapshot) ?? { status: 'OPEN', kitchen: 'NONE' };
  const subtotalCents = context.items.filter((i) => i.status !== 'VOIDED').reduce((sum, i) => sum + i.priceCents * i.quantity, 0);
  return {
    id,
    number: context.number,
    version,
    terminalId: context.terminalId,
    table: context.table,
    covers: context.covers,
    status: states.status,
    kitchen: states.kitchen,
    // A snapshot's context is never changed in place, so the view may share its items and tickets.
    items: context.items,
    tickets: context.tickets,
    totals: { subtotalCents, totalCents: subtotalCents, paidCents: 0, dueCents: subtotalCents },
    openedAt: context.openedAt,
    servedAt: context.servedAt,
  };
}

/** Read model: one `order` row per order, its view at the latest version. */
export function projectOrder(id: string, version: number, snapshot: OrderSnapshot): ViewRow[] {
  return [{ kind: 'order', id, version, data: orderView(id, version, snapshot) }];
}
