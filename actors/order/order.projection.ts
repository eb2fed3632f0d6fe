import { discountsOf, subtotalOf, type KitchenStatus, type OrderStatus, type OrderView } from '../../shared/contract/index.js';
import type { ViewRow } from '../../shared/db/event-store.js';
import type { Snapshot } from '../../shared/runtime/decider.js';
import { totalsOf, type OrderContext, type OrderFact, type OrderItem } from './order.machine.js';

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
  const taken = discountsOf(subtotalOf(context.items), context.discounts);
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
    // A ticket whose items a split moved away all is the other check's to show.
    tickets: context.tickets.filter((t) => t.itemIds.length > 0),
    totals: totalsOf(context),
    discounts: context.discounts.map((d, i) => ({ ...d, amountCents: taken[i]! })),
    serviceWaived: context.serviceWaived,
    payments: context.payments,
    openedAt: context.openedAt,
    servedAt: context.servedAt,
  };
}

/** The items a fact changed: only their rows are written, however long the order. */
function itemsChanged(snapshot: OrderSnapshot, fact: OrderFact): OrderItem[] {
  const { items, tickets } = snapshot.context;
  const byId = (ids: readonly string[]) => items.filter((i) => ids.includes(i.id));
  switch (fact.type) {
    case 'ItemAdded':
      return items.slice(-1);
    case 'ItemVoided':
      return byId([fact.itemId]);
    case 'OrderSent':
      return byId(fact.tickets.flatMap((t) => t.items.map((i) => i.itemId)));
    case 'TicketBumped':
    case 'TicketRecalled':
      return byId(tickets.find((t) => t.id === fact.ticketId)?.itemIds ?? []);
    // A split is rare: every item the order keeps is written again at its new place.
    case 'ItemsSplitIn':
    case 'ItemsSplitOff':
      return items;
    default:
      return [];
  }
}

/**
 * Read model: an `order` row with the order's view but its items, which have an `order-item` row each
 * (`{ orderId, seq, item }`), so a command writes what it changed, not the whole order again. The database
 * view `order_view_rows` puts them back together for reads; what screens are pushed is the whole view.
 */
export function projectOrder(id: string, version: number, snapshot: OrderSnapshot, fact: OrderFact): ViewRow[] {
  const { items, ...header } = orderView(id, version, snapshot);
  const changed = itemsChanged(snapshot, fact);
  // An item split off keeps its row, naming the check it moved to instead of this one, so this view leaves it out.
  const moved = fact.type === 'ItemsSplitOff' ? fact.items.map((item) => ({ movedTo: fact.toOrderId, item })) : [];
  return [
    { kind: 'order', id, version, data: header, pushed: { ...header, items } },
    ...changed.map((item) => ({
      kind: 'order-item',
      id: `${id}/${item.id}`,
      version,
      data: { orderId: id, seq: items.indexOf(item), item },
      pushed: null,
    })),
    ...moved.map((data) => ({ kind: 'order-item', id: `${id}/${data.item.id}`, version, data, pushed: null })),
  ];
}

/** Each item's JSON, made once: an item never changes once made (a change makes a new one). */
const itemJson = new WeakMap<OrderItem, string>();

/**
 * An order view as JSON, its items' JSON made once each: a command answers the whole view (the contract), and
 * ringing the 200th item must not serialize the 199 before it again.
 */
export function orderJson(view: OrderView): string {
  const { items, ...header } = view;
  const parts = items.map((item) => {
    let json = itemJson.get(item);
    if (json === undefined) itemJson.set(item, (json = JSON.stringify(item)));
    return json;
  });
  return `${JSON.stringify(header).slice(0, -1)},"items":[${parts.join(',')}]}`;
}
