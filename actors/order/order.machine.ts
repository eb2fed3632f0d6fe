import { and, assign, enqueueActions, setup } from 'xstate';
import type { TicketItemView } from '../../shared/contract/index.js';
import type { Refusals } from '../../shared/runtime/refusal.js';

/** One line of an order: what the waiter rang, priced and routed when it was rung. */
export interface OrderItem {
  id: string;
  productId: string;
  name: string;
  priceCents: number;
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

export type OrderEvent =
  | { type: 'OPEN'; orderId: string; number: number; terminalId: string; table: number | null; covers: number | null; at: string }
  | {
      type: 'ADD_ITEM';
      item: Omit<OrderItem, 'status' | 'ticketId'>;
      /** Whether the menu had the product available (not 86'd) when it was rung; absent in events stored before. */
      available?: boolean;
      at: string;
    }
  | { type: 'SEND'; course: number | null; at: string }
  | { type: 'VOID_ITEM'; itemId: string; reason: string; at: string }
  | { type: 'CANCEL'; reason: string; at: string }
  | { type: 'TICKET_RECEIVED'; ticketId: string; terminalId: string; receivedAt: string; at: string }
  | { type: 'TICKET_UNACKNOWLEDGED'; ticketId: string; at: string }
  | { type: 'TICKET_BUMPED'; ticketId: string; at: string }
  | { type: 'TICKET_RECALLED'; ticketId: string; at: string }
  | { type: 'SERVE'; at: string };

export type OrderEmitted =
  { type: 'ticketFired'; ticket: FiredTicket } | { type: 'firedItemVoided'; stationId: string; ticketId: string; itemId: string };

type Ev<T extends OrderEvent['type']> = Extract<OrderEvent, { type: T }>;

const isUnsent = (item: OrderItem, course: number | null) => item.status === 'NEW' && (course === null || item.course === course);

const findItem = (context: OrderContext, itemId: string) => context.items.find((i) => i.id === itemId);
const findTicket = (context: OrderContext, ticketId: string) => context.tickets.find((t) => t.id === ticketId);

/**
 * The tickets a send makes: the unsent items (of the course, if given), grouped by station. Each item
 * waits for the longest preparation of the send minus its own, so the send finishes together.
 */
export function ticketsToFire(context: OrderContext, event: Ev<'SEND'>): FiredTicket[] {
  const send = context.sends + 1;
  const unsent = context.items.filter((i) => isUnsent(i, event.course));
  const longest = Math.max(...unsent.map((i) => i.prepSeconds));
  const byStation = new Map<string, OrderItem[]>();
  for (const item of unsent) {
    byStation.set(item.station, [...(byStation.get(item.station) ?? []), item]);
  }
  return [...byStation].map(([stationId, items]) => ({
    id: `${context.id}-${send}-${stationId}`,
    stationId,
    orderId: context.id,
    orderNumber: context.number,
    table: context.table,
    firedAt: event.at,
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

export const orderMachine = setup({
  types: {
    context: {} as OrderContext,
    events: {} as OrderEvent,
    emitted: {} as OrderEmitted,
  },
  guards: {
    productAvailable: ({ event }) => (event as Ev<'ADD_ITEM'>).available !== false,
    hasUnsentItems: ({ context, event }) => context.items.some((i) => isUnsent(i, (event as Ev<'SEND'>).course)),
    nothingSent: ({ context }) => context.tickets.length === 0,
    itemExists: ({ context, event }) => findItem(context, (event as Ev<'VOID_ITEM'>).itemId) !== undefined,
    itemNotVoided: ({ context, event }) => findItem(context, (event as Ev<'VOID_ITEM'>).itemId)?.status !== 'VOIDED',
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
    open: assign(({ event }) => {
      const e = event as Ev<'OPEN'>;
      return {
        id: e.orderId,
        number: e.number,
        terminalId: e.terminalId,
        table: e.table,
        covers: e.covers,
        openedAt: e.at,
      };
    }),
    addItem: assign({
      items: ({ context, event }) => [
        ...context.items,
        { ...(event as Ev<'ADD_ITEM'>).item, status: 'NEW' as const, ticketId: null },
      ],
    }),
    fire: assign(({ context, event }) => {
      const tickets = ticketsToFire(context, event as Ev<'SEND'>);
      const ticketOf = new Map(tickets.flatMap((t) => t.items.map((i) => [i.itemId, t.id] as const)));
      return {
        sends: context.sends + 1,
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
    announceTickets: enqueueActions(({ context, event, enqueue }) => {
      for (const ticket of ticketsToFire(context, event as Ev<'SEND'>)) enqueue.emit({ type: 'ticketFired', ticket });
    }),
    announceVoid: enqueueActions(({ context, event, enqueue }) => {
      const item = findItem(context, (event as Ev<'VOID_ITEM'>).itemId);
      if (item?.ticketId && item.status !== 'NEW') {
        enqueue.emit({ type: 'firedItemVoided', stationId: item.station, ticketId: item.ticketId, itemId: item.id });
      }
    }),
    voidItem: assign({
      items: ({ context, event }) =>
        context.items.map((i) => (i.id === (event as Ev<'VOID_ITEM'>).itemId ? { ...i, status: 'VOIDED' as const } : i)),
    }),
    markTicketBumped: assign(({ context, event }) => {
      const { ticketId } = event as Ev<'TICKET_BUMPED'>;
      return {
        items: withTicketItems(context, ticketId, 'READY'),
        tickets: withTicket(context, ticketId, { status: 'BUMPED', bumpedAt: event.at }),
      };
    }),
    markTicketRecalled: assign(({ context, event }) => {
      const { ticketId } = event as Ev<'TICKET_RECALLED'>;
      return {
        items: withTicketItems(context, ticketId, 'FIRED'),
        tickets: withTicket(context, ticketId, { status: 'OPEN', bumpedAt: null }),
        servedAt: null,
      };
    }),
    markTicketReceived: assign({
      tickets: ({ context, event }) => {
        const { ticketId, terminalId, receivedAt } = event as Ev<'TICKET_RECEIVED'>;
        return withTicket(context, ticketId, { receivedAt, receivedBy: terminalId, unacknowledged: false });
      },
    }),
    markTicketUnacknowledged: assign({
      tickets: ({ context, event }) =>
        withTicket(context, (event as Ev<'TICKET_UNACKNOWLEDGED'>).ticketId, { unacknowledged: true }),
    }),
    serve: assign({ servedAt: ({ event }) => event.at }),
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
      on: { OPEN: { target: 'opened', actions: 'open' } },
    },
    opened: {
      type: 'parallel',
      on: {
        TICKET_BUMPED: { guard: 'ticketIsOpen', actions: 'markTicketBumped' },
        TICKET_RECALLED: { guard: 'ticketIsBumped', actions: 'markTicketRecalled' },
        TICKET_RECEIVED: { guard: and(['ticketExists', 'ticketNotReceived']), actions: 'markTicketReceived' },
        TICKET_UNACKNOWLEDGED: { guard: and(['ticketExists', 'ticketNotReceived']), actions: 'markTicketUnacknowledged' },
      },
      states: {
        status: {
          initial: 'OPEN',
          states: {
            OPEN: {
              on: {
                ADD_ITEM: { guard: 'productAvailable', actions: 'addItem' },
                SEND: { guard: 'hasUnsentItems', actions: ['announceTickets', 'fire'] },
                VOID_ITEM: { guard: and(['itemExists', 'itemNotVoided']), actions: ['announceVoid', 'voidItem'] },
                CANCEL: { guard: 'nothingSent', target: 'CANCELLED' },
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
              on: { SERVE: { guard: 'notServed', actions: 'serve' } },
            },
          },
        },
      },
    },
  },
});

export const orderRefusals: Refusals<OrderContext, OrderEvent> = {
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
