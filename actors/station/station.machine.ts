import { and, assign, emit, enqueueActions, setup } from 'xstate';
import type { TicketItemView } from '../../shared/contract/index.js';
import type { Refusals } from '../../shared/runtime/refusal.js';
import type { FiredTicket } from '../order/order.machine.js';

export interface StationTicket extends Omit<FiredTicket, 'items'> {
  status: 'OPEN' | 'BUMPED';
  bumpedAt: string | null;
  /** The screens that drew it, first ack of each. */
  acks: { terminalId: string; at: string }[];
  /** No screen drew it in time. */
  unacknowledged: boolean;
  items: TicketItemView[];
}

export interface StationContext {
  tickets: Record<string, StationTicket>;
  /** Bumped ticket ids, most recent last: what a cook can still recall. */
  bumped: string[];
}

export type StationEvent =
  /** `capacity`: how many items the station cooks at once, as configured when the ticket arrived. */
  | { type: 'FIRE_TICKET'; ticket: FiredTicket; capacity: number; at: string }
  | { type: 'ACK_TICKET'; ticketId: string; terminalId: string; at: string }
  | { type: 'FLAG_UNACKNOWLEDGED'; ticketId: string; at: string }
  | { type: 'BUMP'; ticketId: string; at: string }
  | { type: 'RECALL'; ticketId: string; at: string }
  | { type: 'VOID_ITEM'; ticketId: string; itemId: string; at: string };

export type StationEmitted =
  | { type: 'ticketBumped'; orderId: string; ticketId: string }
  | { type: 'ticketRecalled'; orderId: string; ticketId: string }
  | { type: 'ticketReceived'; orderId: string; ticketId: string; terminalId: string; receivedAt: string }
  | { type: 'ticketUnacknowledged'; orderId: string; ticketId: string };

/** How many bumped tickets a station remembers for recall; older ones leave the actor's memory. */
export const RECALLABLE_TICKETS = 20;

type Ev<T extends StationEvent['type']> = Extract<StationEvent, { type: T }>;
type TicketEvent = Exclude<StationEvent, Ev<'FIRE_TICKET'>>;

const seconds = (iso: string, s: number) => new Date(Date.parse(iso) + s * 1000).toISOString();

// An item never changes once fired (a void replaces it), so when it finishes cooking is parsed once, not on
// every ticket fired after it: at a station holding 200 tickets, the parsing was most of the hold-back's cost.
const finishOf = new WeakMap<TicketItemView, number>();

function finishMs(item: TicketItemView): number {
  let finish = finishOf.get(item);
  if (finish === undefined) {
    finish = Date.parse(item.startAt) + item.prepSeconds * 1000;
    finishOf.set(item, finish);
  }
  return finish;
}

/**
 * Cook-time sync at the station: beyond the order's own delay, items wait for a free place when the
 * station already cooks more than its capacity (counted in units, earliest finishes first).
 */
export function holdBackSeconds(context: StationContext, event: Ev<'FIRE_TICKET'>): number {
  // Runs on every ticket fired at a busy station: plain loops, and items already done do not count.
  const now = Date.parse(event.at);
  const finishes: number[] = [];
  for (const id in context.tickets) {
    const ticket = context.tickets[id]!;
    if (ticket.status !== 'OPEN') continue;
    for (const item of ticket.items) {
      if (item.voided) continue;
      const finish = finishMs(item);
      if (finish <= now) continue;
      for (let unit = 0; unit < item.quantity; unit++) finishes.push(finish);
    }
  }
  const busy = finishes.length - event.capacity;
  if (busy < 0) return 0;
  finishes.sort((a, b) => a - b);
  return Math.ceil((finishes[busy]! - now) / 1000);
}

const ticketOf = (context: StationContext, event: StationEvent) =>
  context.tickets[(event as TicketEvent).ticketId] as StationTicket | undefined;

/**
 * The station's tickets with one changed, and those too old to recall left out. A busy station holds
 * hundreds: a plain copy is several times cheaper than spreading the record and deleting from it.
 */
function withTicket(context: StationContext, ticket: StationTicket, forget: readonly string[] = []) {
  const tickets: Record<string, StationTicket> = {};
  for (const id in context.tickets) if (!forget.includes(id)) tickets[id] = context.tickets[id]!;
  tickets[ticket.id] = ticket;
  return tickets;
}

export const stationMachine = setup({
  types: {
    context: {} as StationContext,
    events: {} as StationEvent,
    emitted: {} as StationEmitted,
  },
  guards: {
    ticketIsNew: ({ context, event }) => !context.tickets[(event as Ev<'FIRE_TICKET'>).ticket.id],
    ticketExists: ({ context, event }) => ticketOf(context, event) !== undefined,
    ticketIsOpen: ({ context, event }) => ticketOf(context, event)?.status === 'OPEN',
    ticketIsBumped: ({ context, event }) => ticketOf(context, event)?.status === 'BUMPED',
    notAckedByThisScreen: ({ context, event }) =>
      !ticketOf(context, event)?.acks.some((a) => a.terminalId === (event as Ev<'ACK_TICKET'>).terminalId),
    nobodyAcked: ({ context, event }) => ticketOf(context, event)?.acks.length === 0,
    notFlagged: ({ context, event }) => ticketOf(context, event)?.unacknowledged === false,
  },
  actions: {
    fireTicket: assign({
      tickets: ({ context, event }) => {
        const fire = event as Ev<'FIRE_TICKET'>;
        const held = holdBackSeconds(context, fire);
        return withTicket(context, {
          ...fire.ticket,
          status: 'OPEN',
          bumpedAt: null,
          acks: [],
          unacknowledged: false,
          items: fire.ticket.items.map((i) => {
            const startDelaySeconds = i.startDelaySeconds + held;
            return { ...i, startDelaySeconds, startAt: seconds(fire.ticket.firedAt, startDelaySeconds), voided: false };
          }),
        });
      },
    }),
    ackTicket: assign({
      tickets: ({ context, event }) => {
        const ticket = ticketOf(context, event)!;
        const { terminalId, at } = event as Ev<'ACK_TICKET'>;
        return withTicket(context, { ...ticket, acks: [...ticket.acks, { terminalId, at }], unacknowledged: false });
      },
    }),
    announceReceipt: enqueueActions(({ context, event, enqueue }) => {
      const ticket = ticketOf(context, event)!;
      const { terminalId, at } = event as Ev<'ACK_TICKET'>;
      if (ticket.acks.length === 0) {
        enqueue.emit({ type: 'ticketReceived', orderId: ticket.orderId, ticketId: ticket.id, terminalId, receivedAt: at });
      }
    }),
    flagUnacknowledged: assign({
      tickets: ({ context, event }) => withTicket(context, { ...ticketOf(context, event)!, unacknowledged: true }),
    }),
    announceUnacknowledged: emit(({ context, event }) => ({
      type: 'ticketUnacknowledged' as const,
      orderId: ticketOf(context, event)!.orderId,
      ticketId: (event as Ev<'FLAG_UNACKNOWLEDGED'>).ticketId,
    })),
    bumpTicket: assign(({ context, event }) => {
      const ticket = ticketOf(context, event)!;
      const bumped = [...context.bumped.filter((id) => id !== ticket.id), ticket.id];
      const forgotten = bumped.slice(0, Math.max(0, bumped.length - RECALLABLE_TICKETS));
      const tickets = withTicket(context, { ...ticket, status: 'BUMPED', bumpedAt: (event as Ev<'BUMP'>).at }, forgotten);
      return { tickets, bumped: bumped.slice(forgotten.length) };
    }),
    recallTicket: assign(({ context, event }) => {
      const ticket = ticketOf(context, event)!;
      return {
        tickets: withTicket(context, { ...ticket, status: 'OPEN', bumpedAt: null }),
        bumped: context.bumped.filter((id) => id !== ticket.id),
      };
    }),
    voidTicketItem: assign({
      tickets: ({ context, event }) => {
        const ticket = ticketOf(context, event)!;
        const { itemId } = event as Ev<'VOID_ITEM'>;
        return withTicket(context, {
          ...ticket,
          items: ticket.items.map((i) => (i.itemId === itemId ? { ...i, voided: true } : i)),
        });
      },
    }),
    announceBump: emit(({ context, event }) => ({
      type: 'ticketBumped' as const,
      orderId: ticketOf(context, event)!.orderId,
      ticketId: (event as Ev<'BUMP'>).ticketId,
    })),
    announceRecall: emit(({ context, event }) => ({
      type: 'ticketRecalled' as const,
      orderId: ticketOf(context, event)!.orderId,
      ticketId: (event as Ev<'RECALL'>).ticketId,
    })),
  },
}).createMachine({
  id: 'station',
  context: { tickets: {}, bumped: [] },
  initial: 'serving',
  states: {
    serving: {
      on: {
        FIRE_TICKET: { guard: 'ticketIsNew', actions: 'fireTicket' },
        BUMP: { guard: and(['ticketExists', 'ticketIsOpen']), actions: ['announceBump', 'bumpTicket'] },
        RECALL: { guard: and(['ticketExists', 'ticketIsBumped']), actions: ['announceRecall', 'recallTicket'] },
        VOID_ITEM: { guard: 'ticketExists', actions: 'voidTicketItem' },
        ACK_TICKET: { guard: and(['ticketExists', 'notAckedByThisScreen']), actions: ['announceReceipt', 'ackTicket'] },
        FLAG_UNACKNOWLEDGED: {
          guard: and(['ticketExists', 'ticketIsOpen', 'nobodyAcked', 'notFlagged']),
          actions: ['announceUnacknowledged', 'flagUnacknowledged'],
        },
      },
    },
  },
});

export const stationRefusals: Refusals<StationContext, StationEvent> = {
  ticketIsNew: {
    type: 'INVALID_TRANSITION',
    message: (_, e) => `Ticket ${(e as Ev<'FIRE_TICKET'>).ticket.id} is already at this station.`,
  },
  ticketExists: {
    type: 'UNKNOWN_TICKET',
    message: (_, e) => `Ticket ${(e as TicketEvent).ticketId} is not at this station (or was bumped too long ago to recall).`,
  },
  ticketIsOpen: { type: 'TICKET_NOT_OPEN', message: (_, e) => `Ticket ${(e as TicketEvent).ticketId} is already bumped.` },
  notAckedByThisScreen: {
    type: 'INVALID_TRANSITION',
    message: (_, e) => `This screen already acknowledged ticket ${(e as TicketEvent).ticketId}.`,
  },
  nobodyAcked: { type: 'INVALID_TRANSITION', message: (_, e) => `Ticket ${(e as TicketEvent).ticketId} was acknowledged.` },
  notFlagged: {
    type: 'INVALID_TRANSITION',
    message: (_, e) => `Ticket ${(e as TicketEvent).ticketId} is already flagged unacknowledged.`,
  },
  ticketIsBumped: {
    type: 'TICKET_NOT_BUMPED',
    message: (_, e) => `Ticket ${(e as TicketEvent).ticketId} is open: only a bumped ticket can be recalled.`,
  },
};
