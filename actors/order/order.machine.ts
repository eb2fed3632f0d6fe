import { and, assign, emit, setup } from 'xstate';
import type { TicketItemView } from '../../shared/contract/index.js';
import type { Refusals } from '../../shared/runtime/refusal.js';

/** One line of an order: what the waiter rang, priced and routed when it was rung. */
export interface OrderItem {
  id: string;
  productId: string;
  name: string;
  priceCents: number;
  /** The product's category on the menu, for the day's report; absent on items rung before it was kept. */
  category?: string;
  station: string;
  prepSeconds: number;
  quantity: number;
  notes: string;
  course: number;
  status: 'NEW' | 'FIRED' | 'READY' | 'VOIDED';
  ticketId: string | null;
}

/** A ticket this order fired to a station, as the order knows it. */
export interface OrderTicket {
  id: string;
  stationId: string;
  status: 'OPEN' | 'BUMPED';
  itemIds: string[];
  firedAt: string;
  /** When a screen of the station first showed it, and which. */
  receivedAt: string | null;
  receivedBy: string | null;
  /** No screen of the station acknowledged it in time: the POS raises an alarm. */
  unacknowledged: boolean;
  bumpedAt: string | null;
}

export interface OrderContext {
  id: string;
  number: number;
  terminalId: string;
  table: number | null;
  covers: number | null;
  openedAt: string;
  items: OrderItem[];
  tickets: OrderTicket[];
  sends: number;
  /** The expeditor sent what the kitchen made out of the pass; a new send clears it. */
  servedAt: string | null;
}

/** What the kitchen gets from a send: one ticket per station. */
export interface FiredTicket {
  id: string;
  stationId: string;
  orderId: string;
  orderNumber: number;
  table: number | null;
  firedAt: string;
  /** As the ticket view shows them, before the station places them in time (`startAt`) or voids one. */
  items: Omit<TicketItemView, 'startAt' | 'voided'>[];
}

type RungItem = Omit<OrderItem, 'status' | 'ticketId'>;

/** What a waiter, a station or the expeditor asks of an order. The machine decides; only facts are stored. */
export type OrderCommand =
  /** `dayNumber`: the business day the order is rung on (null only for orders opened before there were days). */
  | {
      type: 'OPEN';
      orderId: string;
      number: number;
      dayNumber: number | null;
      terminalId: string;
      table: number | null;
      covers: number | null;
      at: string;
    }
  /** `available`: whether the menu had the product (not 86'd) when it was rung. */
  | { type: 'ADD_ITEM'; item: RungItem; available: boolean; at: string }
  | { type: 'SEND'; course: number | null; at: string }
  /**
   * `approvalRequired`: the rule at the time, that voiding food already fired takes a manager (false for voids
   * stored before the rule); `byManager` or `approvedBy` meet it.
   */
  | {
      type: 'VOID_ITEM';
      itemId: string;
      reason: string;
      approvalRequired: boolean;
      byManager: boolean;
      approvedBy: string | null;
      at: string;
    }
  | { type: 'CANCEL'; reason: string; at: string }
  | { type: 'TICKET_RECEIVED'; ticketId: string; terminalId: string; receivedAt: string; at: string }
  | { type: 'TICKET_UNACKNOWLEDGED'; ticketId: string; at: string }
  | { type: 'TICKET_BUMPED'; ticketId: string; at: string }
  | { type: 'TICKET_RECALLED'; ticketId: string; at: string }
  | { type: 'SERVE'; at: string };

/** What happened to an order, in the past tense, with every value the decision produced. */
export type OrderFact =
  | {
      type: 'OrderOpened';
      orderId: string;
      number: number;
      /** Absent in facts stored before there were business days; null in those upgraded from commands. */
      dayNumber?: number | null;
      terminalId: string;
      table: number | null;
      covers: number | null;
      at: string;
    }
  /** The item with its name, price, station and preparation time as they were when it was rung. */
  | { type: 'ItemAdded'; item: RungItem; at: string }
  /** The `send`-th send: its tickets, one per station, with each item's start delay (cook-time sync). */
  | { type: 'OrderSent'; send: number; course: number | null; tickets: FiredTicket[]; at: string }
  /** `ticketId` and `stationId` when the item was already on a ticket: the station strikes it off. */
  | {
      type: 'ItemVoided';
      itemId: string;
      reason: string;
      productId: string;
      quantity: number;
      priceCents: number;
      ticketId: string | null;
      stationId: string | null;
      /** The manager who approved voiding food already fired. */
      approvedBy?: string;
      at: string;
    }
  /** `items`: what was on the order (not voided) when it was cancelled. */
  | { type: 'OrderCancelled'; reason: string; items: { productId: string; quantity: number; priceCents: number }[]; at: string }
  | { type: 'TicketReceived'; ticketId: string; terminalId: string; receivedAt: string; at: string }
  | { type: 'TicketUnacknowledged'; ticketId: string; at: string }
  | { type: 'TicketBumped'; ticketId: string; at: string }
  | { type: 'TicketRecalled'; ticketId: string; at: string }
  | { type: 'OrderServed'; at: string };

export const ORDER_FACTS = [
  'OrderOpened',
  'ItemAdded',
  'OrderSent',
  'ItemVoided',
  'OrderCancelled',
  'TicketReceived',
  'TicketUnacknowledged',
  'TicketBumped',
  'TicketRecalled',
  'OrderServed',
] as const satisfies readonly OrderFact['type'][];

type OrderEvent = OrderCommand | OrderFact;
type Ev<T extends OrderEvent['type']> = Extract<OrderEvent, { type: T }>;

const isUnsent = (item: OrderItem, course: number | null) => item.status === 'NEW' && (course === null || item.course === course);

const findItem = (context: OrderContext, itemId: string) => context.items.find((i) => i.id === itemId);
const findTicket = (context: OrderContext, ticketId: string) => context.tickets.find((t) => t.id === ticketId);

/**
 * The tickets a send makes: the unsent items (of the course, if given), grouped by station. Each item
 * waits for the longest preparation of the send minus its own, so the send finishes together.
 */
export function ticketsToFire(context: OrderContext, send: { course: number | null; at: string }): FiredTicket[] {
  const number = context.sends + 1;
  const unsent = context.items.filter((i) => isUnsent(i, send.course));
  const longest = Math.max(...unsent.map((i) => i.prepSeconds));
  const byStation = new Map<string, OrderItem[]>();
  for (const item of unsent) {
    byStation.set(item.station, [...(byStation.get(item.station) ?? []), item]);
  }
  return [...byStation].map(([stationId, items]) => ({
    id: `${context.id}-${number}-${stationId}`,
    stationId,
    orderId: context.id,
    orderNumber: context.number,
    table: context.table,
    firedAt: send.at,
    items: items.map((i) => ({
      itemId: i.id,
      name: i.name,
      quantity: i.quantity,
      notes: i.notes,
      course: i.course,
      prepSeconds: i.prepSeconds,
      startDelaySeconds: longest - i.prepSeconds,
    })),
  }));
}

/** Sets the status of every item of a ticket that is not voided. */
const withTicketItems = (context: OrderContext, ticketId: string, status: OrderItem['status']) =>
  context.items.map((i) => (i.ticketId === ticketId && i.status !== 'VOIDED' ? { ...i, status } : i));

const withTicket = (context: OrderContext, ticketId: string, change: Partial<OrderTicket>) =>
  context.tickets.map((t) => (t.id === ticketId ? { ...t, ...change } : t));

/**
 * An order, from opening to the pass. Commands (upper case) are decided by guards and emit facts; facts
 * (past tense) change the context and never refuse. The host stores the facts and folds them back through
 * this machine, so rebuilding an order never runs a guard or reads the menu again.
 */
export const orderMachine = setup({
  types: {
    context: {} as OrderContext,
    events: {} as OrderEvent,
    emitted: {} as OrderFact,
  },
  guards: {
    productAvailable: ({ event }) => (event as Ev<'ADD_ITEM'>).available,
    hasUnsentItems: ({ context, event }) => context.items.some((i) => isUnsent(i, (event as Ev<'SEND'>).course)),
    nothingSent: ({ context }) => context.tickets.length === 0,
    itemExists: ({ context, event }) => findItem(context, (event as Ev<'VOID_ITEM'>).itemId) !== undefined,
    itemNotVoided: ({ context, event }) => findItem(context, (event as Ev<'VOID_ITEM'>).itemId)?.status !== 'VOIDED',
    voidApproved: ({ context, event }) => {
      const { itemId, approvalRequired, byManager, approvedBy } = event as Ev<'VOID_ITEM'>;
      return !approvalRequired || findItem(context, itemId)?.status === 'NEW' || byManager || approvedBy !== null;
    },
    ticketIsOpen: ({ context, event }) => findTicket(context, (event as Ev<'TICKET_BUMPED'>).ticketId)?.status === 'OPEN',
    ticketIsBumped: ({ context, event }) => findTicket(context, (event as Ev<'TICKET_RECALLED'>).ticketId)?.status === 'BUMPED',
    ticketExists: ({ context, event }) => findTicket(context, (event as Ev<'TICKET_RECEIVED'>).ticketId) !== undefined,
    ticketNotReceived: ({ context, event }) =>
      findTicket(context, (event as Ev<'TICKET_RECEIVED'>).ticketId)?.receivedAt === null,
    notServed: ({ context }) => context.servedAt === null,
    somethingFired: ({ context }) => context.items.some((i) => i.status === 'FIRED'),
    everyTicketBumped: ({ context }) => context.tickets.every((t) => t.status === 'BUMPED'),
  },
  actions: {
    // Decisions: what a command makes happen.
    decideOpen: emit(({ event }) => {
      const { orderId, number, dayNumber, terminalId, table, covers, at } = event as Ev<'OPEN'>;
      return { type: 'OrderOpened' as const, orderId, number, dayNumber, terminalId, table, covers, at };
    }),
    decideAddItem: emit(({ event }) => {
      const { item, at } = event as Ev<'ADD_ITEM'>;
      return { type: 'ItemAdded' as const, item, at };
    }),
    decideSend: emit(({ context, event }) => {
      const { course, at } = event as Ev<'SEND'>;
      return { type: 'OrderSent' as const, send: context.sends + 1, course, tickets: ticketsToFire(context, { course, at }), at };
    }),
    decideVoid: emit(({ context, event }) => {
      const { itemId, reason, approvedBy, at } = event as Ev<'VOID_ITEM'>;
      const item = findItem(context, itemId)!;
      const onTicket = item.ticketId !== null && item.status !== 'NEW';
      const { productId, quantity, priceCents } = item;
      return {
        type: 'ItemVoided' as const,
        itemId,
        reason,
        productId,
        quantity,
        priceCents,
        ticketId: onTicket ? item.ticketId : null,
        stationId: onTicket ? item.station : null,
        ...(approvedBy && onTicket ? { approvedBy } : {}),
        at,
      };
    }),
    decideCancel: emit(({ context, event }) => {
      const { reason, at } = event as Ev<'CANCEL'>;
      const items = context.items
        .filter((i) => i.status !== 'VOIDED')
        .map(({ productId, quantity, priceCents }) => ({ productId, quantity, priceCents }));
      return { type: 'OrderCancelled' as const, reason, items, at };
    }),
    decideReceived: emit(({ event }) => {
      const { ticketId, terminalId, receivedAt, at } = event as Ev<'TICKET_RECEIVED'>;
      return { type: 'TicketReceived' as const, ticketId, terminalId, receivedAt, at };
    }),
    decideUnacknowledged: emit(({ event }) => {
      const { ticketId, at } = event as Ev<'TICKET_UNACKNOWLEDGED'>;
      return { type: 'TicketUnacknowledged' as const, ticketId, at };
    }),
    decideBumped: emit(({ event }) => {
      const { ticketId, at } = event as Ev<'TICKET_BUMPED'>;
      return { type: 'TicketBumped' as const, ticketId, at };
    }),
    decideRecalled: emit(({ event }) => {
      const { ticketId, at } = event as Ev<'TICKET_RECALLED'>;
      return { type: 'TicketRecalled' as const, ticketId, at };
    }),
    decideServe: emit(({ event }) => ({ type: 'OrderServed' as const, at: event.at })),

    // Evolution: what a fact changes.
    opened: assign(({ event }) => {
      const { orderId: id, number, terminalId, table, covers, at: openedAt } = event as Ev<'OrderOpened'>;
      return { id, number, terminalId, table, covers, openedAt };
    }),
    itemAdded: assign({
      items: ({ context, event }) => [
        ...context.items,
        { ...(event as Ev<'ItemAdded'>).item, status: 'NEW' as const, ticketId: null },
      ],
    }),
    sent: assign(({ context, event }) => {
      const { send, tickets } = event as Ev<'OrderSent'>;
      const ticketOf = new Map(tickets.flatMap((t) => t.items.map((i) => [i.itemId, t.id] as const)));
      return {
        sends: send,
        servedAt: null,
        items: context.items.map((i) =>
          ticketOf.has(i.id) ? { ...i, status: 'FIRED' as const, ticketId: ticketOf.get(i.id)! } : i,
        ),
        tickets: [
          ...context.tickets,
          ...tickets.map((t) => ({
            id: t.id,
            stationId: t.stationId,
            status: 'OPEN' as const,
            itemIds: t.items.map((i) => i.itemId),
            firedAt: t.firedAt,
            receivedAt: null,
            receivedBy: null,
            unacknowledged: false,
            bumpedAt: null,
          })),
        ],
      };
    }),
    itemVoided: assign({
      items: ({ context, event }) =>
        context.items.map((i) => (i.id === (event as Ev<'ItemVoided'>).itemId ? { ...i, status: 'VOIDED' as const } : i)),
    }),
    ticketBumped: assign(({ context, event }) => {
      const { ticketId, at } = event as Ev<'TicketBumped'>;
      return {
        items: withTicketItems(context, ticketId, 'READY'),
        tickets: withTicket(context, ticketId, { status: 'BUMPED', bumpedAt: at }),
      };
    }),
    ticketRecalled: assign(({ context, event }) => {
      const { ticketId } = event as Ev<'TicketRecalled'>;
      return {
        items: withTicketItems(context, ticketId, 'FIRED'),
        tickets: withTicket(context, ticketId, { status: 'OPEN', bumpedAt: null }),
        servedAt: null,
      };
    }),
    ticketReceived: assign({
      tickets: ({ context, event }) => {
        const { ticketId, terminalId, receivedAt } = event as Ev<'TicketReceived'>;
        return withTicket(context, ticketId, { receivedAt, receivedBy: terminalId, unacknowledged: false });
      },
    }),
    ticketUnacknowledged: assign({
      tickets: ({ context, event }) =>
        withTicket(context, (event as Ev<'TicketUnacknowledged'>).ticketId, { unacknowledged: true }),
    }),
    served: assign({ servedAt: ({ event }) => event.at }),
  },
}).createMachine({
  id: 'order',
  context: {
    id: '',
    number: 0,
    terminalId: '',
    table: null,
    covers: null,
    openedAt: '',
    items: [],
    tickets: [],
    sends: 0,
    servedAt: null,
  },
  initial: 'new',
  states: {
    new: {
      on: {
        OPEN: { actions: 'decideOpen' },
        OrderOpened: { target: 'opened', actions: 'opened' },
      },
    },
    opened: {
      type: 'parallel',
      on: {
        TICKET_BUMPED: { guard: and(['ticketExists', 'ticketIsOpen']), actions: 'decideBumped' },
        TICKET_RECALLED: { guard: and(['ticketExists', 'ticketIsBumped']), actions: 'decideRecalled' },
        TICKET_RECEIVED: { guard: and(['ticketExists', 'ticketNotReceived']), actions: 'decideReceived' },
        TICKET_UNACKNOWLEDGED: { guard: and(['ticketExists', 'ticketNotReceived']), actions: 'decideUnacknowledged' },
        // A fact names a ticket or item the order holds; one that does not is not taken, and the fold says so.
        TicketBumped: { guard: 'ticketExists', actions: 'ticketBumped' },
        TicketRecalled: { guard: 'ticketExists', actions: 'ticketRecalled' },
        TicketReceived: { guard: 'ticketExists', actions: 'ticketReceived' },
        TicketUnacknowledged: { guard: 'ticketExists', actions: 'ticketUnacknowledged' },
      },
      states: {
        status: {
          initial: 'OPEN',
          states: {
            OPEN: {
              on: {
                ADD_ITEM: { guard: 'productAvailable', actions: 'decideAddItem' },
                SEND: { guard: 'hasUnsentItems', actions: 'decideSend' },
                VOID_ITEM: { guard: and(['itemExists', 'itemNotVoided', 'voidApproved']), actions: 'decideVoid' },
                CANCEL: { guard: 'nothingSent', actions: 'decideCancel' },
                ItemAdded: { actions: 'itemAdded' },
                OrderSent: { actions: 'sent' },
                ItemVoided: { guard: 'itemExists', actions: 'itemVoided' },
                OrderCancelled: { target: 'CANCELLED' },
              },
            },
            CANCELLED: {},
          },
        },
        // The kitchen state follows from the items and tickets: it is never commanded directly.
        kitchen: {
          initial: 'NONE',
          states: {
            NONE: { always: { guard: 'somethingFired', target: 'SENT' } },
            SENT: { always: { guard: 'everyTicketBumped', target: 'READY' } },
            READY: {
              always: { guard: 'somethingFired', target: 'SENT' },
              on: {
                SERVE: { guard: 'notServed', actions: 'decideServe' },
                OrderServed: { actions: 'served' },
              },
            },
          },
        },
      },
    },
  },
});

export const orderRefusals: Refusals<OrderContext, OrderCommand> = {
  productAvailable: {
    type: 'PRODUCT_UNAVAILABLE',
    message: (_, e) => `${(e as Ev<'ADD_ITEM'>).item.name} is 86'd (not available): pick another product.`,
  },
  hasUnsentItems: {
    type: 'NOTHING_TO_SEND',
    message: (_, e) => {
      const { course } = e as Ev<'SEND'>;
      return course === null
        ? 'Nothing to send: every item of this order was already sent.'
        : `Nothing to send in course ${course}.`;
    },
  },
  nothingSent: {
    type: 'ALREADY_SENT',
    message: () => 'Part of this order was already sent to the kitchen: void its items instead of cancelling it.',
  },
  itemExists: { type: 'UNKNOWN_ITEM', message: (_, e) => `This order has no item ${(e as Ev<'VOID_ITEM'>).itemId}.` },
  itemNotVoided: { type: 'ITEM_ALREADY_VOIDED', message: (_, e) => `Item ${(e as Ev<'VOID_ITEM'>).itemId} is already voided.` },
  voidApproved: {
    type: 'APPROVAL_REQUIRED',
    message: (context, e) =>
      `${findItem(context, (e as Ev<'VOID_ITEM'>).itemId)?.name ?? 'This item'} was already fired: voiding it needs a manager's approval (approval: { pin }).`,
  },
  ticketIsOpen: {
    type: 'TICKET_NOT_OPEN',
    message: (_, e) => `Ticket ${(e as Ev<'TICKET_BUMPED'>).ticketId} is not open on this order.`,
  },
  ticketIsBumped: {
    type: 'TICKET_NOT_BUMPED',
    message: (_, e) => `Ticket ${(e as Ev<'TICKET_RECALLED'>).ticketId} is not bumped on this order.`,
  },
  ticketExists: {
    type: 'UNKNOWN_TICKET',
    message: (_, e) => `This order has no ticket ${(e as Ev<'TICKET_RECEIVED'>).ticketId}.`,
  },
  ticketNotReceived: {
    type: 'INVALID_TRANSITION',
    message: (_, e) => `Ticket ${(e as Ev<'TICKET_RECEIVED'>).ticketId} was already received by its station.`,
  },
  notServed: { type: 'ALREADY_SERVED', message: () => 'This order was already served: nothing new is ready since.' },
};
