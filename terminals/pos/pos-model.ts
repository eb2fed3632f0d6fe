/** What the POS shows, worked out from the orders the server sent and the commands still waiting. */
import {
  idFrom,
  weighedCents,
  type ItemStatus,
  type Order,
  type OrderTicket,
  type ProductView,
  type Role,
} from '../lib/contract.js';
import type { OutboxEntry } from '../lib/outbox.js';

/** `paid`: nothing is due, the table waits to be closed. */
export type TableState = 'free' | 'paid' | 'open' | 'sent' | 'ready';

export interface TableInfo {
  number: number;
  state: TableState;
  orderNumber: number | null;
}

export interface Line {
  key: string;
  /** The server's item id; null while the item waits in the outbox. */
  itemId: string | null;
  name: string;
  quantity: number;
  /** A weighed item's grams, and the price per kilo they were priced at (the menu's while it waits in the outbox). */
  grams?: number;
  pricePerKgCents?: number;
  notes: string;
  course: number;
  /** PENDING: still in the outbox. */
  status: ItemStatus | 'PENDING';
  priceCents: number;
  station: string | null;
  ticket: OrderTicket | null;
  /** A void of it waits in the outbox. */
  voiding: boolean;
}

/** An order on screen: the server's view (if it has answered yet) plus what waits in the outbox. */
export interface OrderDraft {
  ref: string;
  order: Order | null;
  table: number | null;
  lines: Line[];
  totalCents: number;
  /** The course the Send button fires, or null when nothing waits to be sent. */
  nextCourse: number | null;
  waiting: number;
}

/** A table with several checks shows the busiest: a paid check under an open one is still a table at work. */
const RANK: Record<TableState, number> = { free: 0, paid: 1, ready: 2, open: 3, sent: 4 };

export function stateOf(order: Order): TableState {
  if (order.status === 'PAID') return 'paid';
  return order.kitchen === 'SENT' ? 'sent' : order.kitchen === 'READY' ? 'ready' : 'open';
}

/** A check still at its table: open, or paid and not yet closed. */
export const atTable = (order: Order) => order.status === 'OPEN' || order.status === 'PAID';

/** Tables 1..n with the state of their checks; a table opened offline counts as open. */
export function tableStates(numbers: number[], orders: Order[], pending: OutboxEntry[]): TableInfo[] {
  const byTable = new Map<number, TableInfo>();
  for (const order of orders) {
    if (!atTable(order) || order.table === null) continue;
    const info: TableInfo = { number: order.table, state: stateOf(order), orderNumber: order.number };
    const held = byTable.get(order.table);
    if (!held || RANK[info.state] > RANK[held.state]) byTable.set(order.table, info);
  }
  for (const entry of pending) {
    const table = entry.kind === 'open' ? entry.body.table : undefined;
    if (typeof table === 'number' && !byTable.has(table)) byTable.set(table, { number: table, state: 'open', orderNumber: null });
  }
  return numbers.map((n) => byTable.get(n) ?? { number: n, state: 'free', orderNumber: null });
}

/** Where a void goes: the item's id is in the path, which is how a waiting void is matched to its line. */
export const voidPath = (itemId: string) => `/api/orders/{order}/items/${itemId}/void`;

/** Where an item is rung, `{order}` the order's id or its ref while its open waits in the outbox. */
export const ITEMS_PATH = '/api/orders/{order}/items';

/** Voiding food the kitchen has (fired or ready) takes a manager's PIN, unless a manager voids it. */
export const voidNeedsApproval = (status: ItemStatus, role: Role) =>
  role !== 'MANAGER' && (status === 'FIRED' || status === 'READY');

/** The item a waiting void is for. */
export const voidedItemOf = (entry: OutboxEntry) =>
  entry.kind === 'void' ? (/\/items\/([^/]+)\/void$/.exec(entry.path)?.[1] ?? null) : null;

/** The order a ref names (an id, or `new:<commandId>` of an open still waiting) with its waiting commands. */
export function draftOf(
  ref: string,
  order: Order | null,
  pending: OutboxEntry[],
  products: Map<string, ProductView>,
  resolve: (ref: string) => string | undefined,
): OrderDraft {
  const mine = pending.filter((e) => e.order === ref || (order !== null && resolve(e.order) === order.id));
  const open = mine.find((e) => e.kind === 'open');
  const lines: Line[] = [];
  const unsent = new Set<number>();
  const voiding = new Set(mine.map(voidedItemOf));
  for (const item of order?.items ?? []) {
    const ticket = order?.tickets.find((t) => t.id === item.ticketId) ?? null;
    lines.push({
      key: item.id,
      itemId: item.id,
      name: item.name,
      quantity: item.quantity,
      ...(item.grams !== undefined && { grams: item.grams }),
      ...(item.pricePerKgCents !== undefined && { pricePerKgCents: item.pricePerKgCents }),
      notes: item.notes,
      course: item.course,
      status: item.status,
      priceCents: item.priceCents * item.quantity,
      station: item.station,
      ticket,
      voiding: item.status !== 'VOIDED' && voiding.has(item.id),
    });
    if (item.status === 'NEW' && !voiding.has(item.id)) unsent.add(item.course);
  }
  for (const entry of mine) {
    // The order can come back by socket with the item before the command's own answer clears it.
    if (entry.kind === 'item' && order?.items.some((i) => i.id === idFrom(entry.commandId, 'item'))) continue;
    if (entry.kind === 'item') {
      const productId = String(entry.body.productId);
      const product = products.get(productId);
      const quantity = Number(entry.body.quantity ?? 1);
      const course = Number(entry.body.course ?? 1);
      // Weighed: priced as the orders service will price it, from the menu's price per kilo.
      const grams = typeof entry.body.grams === 'number' ? entry.body.grams : undefined;
      const perKg = grams !== undefined ? product?.pricePerKgCents : undefined;
      lines.push({
        key: entry.commandId,
        itemId: null,
        name: product?.name ?? productId,
        quantity,
        ...(grams !== undefined && { grams }),
        ...(perKg !== undefined && { pricePerKgCents: perKg }),
        notes: typeof entry.body.notes === 'string' ? entry.body.notes : '',
        course,
        status: 'PENDING',
        priceCents: grams !== undefined ? weighedCents(grams, perKg ?? 0) : (product?.priceCents ?? 0) * quantity,
        station: product?.station ?? null,
        ticket: null,
        voiding: false,
      });
      unsent.add(course);
    } else if (entry.kind === 'send') {
      // A send waiting in the outbox covers the items rung before it.
      if (typeof entry.body.course === 'number') unsent.delete(entry.body.course);
      else unsent.clear();
    }
  }
  const pendingCents = lines.filter((l) => l.status === 'PENDING').reduce((sum, l) => sum + l.priceCents, 0);
  return {
    ref,
    order,
    table: order?.table ?? (typeof open?.body.table === 'number' ? open.body.table : null),
    lines,
    totalCents: (order?.totals.totalCents ?? 0) + pendingCents,
    nextCourse: unsent.size ? Math.min(...unsent) : null,
    waiting: mine.length,
  };
}

/**
 * What the kitchen confirmed of a ticket, the POS's receipt of it: a screen drew it (so long after it fired), the
 * station's printer printed it (which printer), or neither yet; `lost` once no screen drew it in time and no
 * printer took it either, when the waiter has to walk to the kitchen.
 */
export interface TicketReceipt {
  receivedAfterMs: number | null;
  printedBy: string | null;
  lost: boolean;
}

export function receiptOf(ticket: OrderTicket): TicketReceipt {
  return {
    receivedAfterMs: ticket.receivedAt ? Date.parse(ticket.receivedAt) - Date.parse(ticket.firedAt) : null,
    printedBy: ticket.printed?.deviceId ?? null,
    lost: ticket.unacknowledged && !ticket.receivedAt && !ticket.printed,
  };
}

export interface Alarm {
  orderId: string;
  orderNumber: number;
  table: number | null;
  stationId: string;
}

/** Tickets of this terminal's orders that no kitchen screen confirmed in time and no printer printed. */
export function alarmsOf(orders: Order[], terminalId: string): Alarm[] {
  return orders
    .filter((o) => o.terminalId === terminalId && o.status === 'OPEN')
    .flatMap((o) =>
      o.tickets
        .filter((t) => t.status === 'OPEN' && receiptOf(t).lost)
        .map((t) => ({ orderId: o.id, orderNumber: o.number, table: o.table, stationId: t.stationId })),
    );
}
