import { and, assign, emit, setup } from 'xstate';
import type { TicketItemView, TicketPrinted } from '../../shared/contract/index.js';
import type { Refusals } from '../../shared/runtime/refusal.js';
import type { FiredTicket } from '../order/order.machine.js';

export interface StationTicket extends Omit<FiredTicket, 'items'> {
  status: 'OPEN' | 'BUMPED';
  bumpedAt: string | null;
  /** The screens that drew it, first ack of each. */
  acks: { terminalId: string; at: string }[];
  /** No screen drew it in time. */
  unacknowledged: boolean;
  /** The station's printer printed it (absent on tickets from before printers, as on those never printed). */
  printed?: TicketPrinted;
  items: TicketItemView[];
}

export interface StationContext {
  tickets: Record<string, StationTicket>;
  /** Bumped ticket ids, most recent last: what a cook can still recall. */
  bumped: string[];
}

/** What orders, screens and the clock ask of a station. The machine decides; only facts are stored. */
export type StationCommand =
  /** `capacity`: how many items the station cooks at once, as configured when the ticket arrived. */
  | { type: 'FIRE_TICKET'; ticket: FiredTicket; capacity: number; at: string }
  | { type: 'ACK_TICKET'; ticketId: string; terminalId: string; at: string }
  | { type: 'FLAG_UNACKNOWLEDGED'; ticketId: string; at: string }
  | { type: 'BUMP'; ticketId: string; at: string }
  | { type: 'RECALL'; ticketId: string; at: string }
  | { type: 'VOID_ITEM'; ticketId: string; itemId: string; at: string }
  /** From the station's printer: it printed the ticket as a chit at `printedAt`. */
  | { type: 'MARK_PRINTED'; ticketId: string; deviceId: string; printedAt: string; at: string };

/** What happened at a station, in the past tense, with every value the decision produced. */
export type StationFact =
  /** The ticket as the station placed it in time: each item's start delay includes `heldSeconds` of hold-back. */
  | {
      type: 'TicketFired';
      ticket: Omit<StationTicket, 'status' | 'bumpedAt' | 'acks' | 'unacknowledged' | 'printed'>;
      heldSeconds: number;
      capacity: number;
      at: string;
    }
  /** `first`: no screen had drawn it before, so its order hears that the station received it. */
  | { type: 'TicketAcknowledged'; ticketId: string; orderId: string; terminalId: string; first: boolean; at: string }
  | { type: 'TicketUnacknowledged'; ticketId: string; orderId: string; at: string }
  /** `forgotten`: bumped tickets too old to recall that leave the station's memory. */
  | { type: 'TicketBumped'; ticketId: string; orderId: string; forgotten: string[]; at: string }
  | { type: 'TicketRecalled'; ticketId: string; orderId: string; at: string }
  | { type: 'TicketItemVoided'; ticketId: string; orderId: string; itemId: string; at: string }
  | { type: 'TicketPrinted'; ticketId: string; orderId: string; deviceId: string; printedAt: string; at: string };

export const STATION_FACTS = [
  'TicketFired',
  'TicketAcknowledged',
  'TicketUnacknowledged',
  'TicketBumped',
  'TicketRecalled',
  'TicketItemVoided',
  'TicketPrinted',
] as const satisfies readonly StationFact['type'][];

type StationEvent = StationCommand | StationFact;

/** How many bumped tickets a station remembers for recall; older ones leave the actor's memory. */
export const RECALLABLE_TICKETS = 20;
/** How many screens' acks a ticket keeps: a station has a few screens, never dozens. */
export const MAX_ACKS_PER_TICKET = 8;

type Ev<T extends StationEvent['type']> = Extract<StationEvent, { type: T }>;
type TicketEvent = Exclude<StationEvent, Ev<'FIRE_TICKET'> | Ev<'TicketFired'>>;

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

// Own keys only: a ticket id such as "__proto__" names no ticket.
const ticketOf = (context: StationContext, event: StationEvent): StationTicket | undefined => {
  const { ticketId } = event as TicketEvent;
  return Object.hasOwn(context.tickets, ticketId) ? context.tickets[ticketId] : undefined;
};

/**
 * The station's tickets with one changed, and those too old to recall left out. A busy station holds
 * hundreds: a plain copy is several times cheaper than spreading the record and deleting from it.
 */
function withTicket(context: StationContext, ticket: StationTicket, forget: readonly string[] = []) {
  const tickets: Record<string, StationTicket> = {};
  for (const id in context.tickets) if (!forget.includes(id)) tickets[id] = context.tickets[id]!;
  // "__proto__" assigned would set the record's prototype: that one id is defined instead. Only that one: a
  // defined key turns the record into a slow dictionary, and a busy station copies it on every ticket.
  if (ticket.id === '__proto__') Object.defineProperty(tickets, ticket.id, { value: ticket, enumerable: true, writable: true });
  else tickets[ticket.id] = ticket;
  return tickets;
}

/**
 * A kitchen station's tickets. Commands (upper case) are decided by guards and emit facts; facts (past
 * tense) change the context and never refuse, so a rebuild never computes a hold-back again.
 */
export const stationMachine = setup({
  types: {
    context: {} as StationContext,
    events: {} as StationEvent,
    emitted: {} as StationFact,
  },
  guards: {
    ticketIsNew: ({ context, event }) => !Object.hasOwn(context.tickets, (event as Ev<'FIRE_TICKET'>).ticket.id),
    ticketExists: ({ context, event }) => ticketOf(context, event) !== undefined,
    ticketIsOpen: ({ context, event }) => ticketOf(context, event)?.status === 'OPEN',
    ticketIsBumped: ({ context, event }) => ticketOf(context, event)?.status === 'BUMPED',
    notAckedByThisScreen: ({ context, event }) =>
      !ticketOf(context, event)?.acks.some((a) => a.terminalId === (event as Ev<'ACK_TICKET'>).terminalId),
    roomForAnAck: ({ context, event }) => (ticketOf(context, event)?.acks.length ?? 0) < MAX_ACKS_PER_TICKET,
    itemOnTicket: ({ context, event }) =>
      ticketOf(context, event)?.items.some((i) => i.itemId === (event as Ev<'VOID_ITEM'>).itemId) === true,
    itemNotVoided: ({ context, event }) =>
      ticketOf(context, event)?.items.find((i) => i.itemId === (event as Ev<'VOID_ITEM'>).itemId)?.voided === false,
    nobodyAcked: ({ context, event }) => ticketOf(context, event)?.acks.length === 0,
    notFlagged: ({ context, event }) => ticketOf(context, event)?.unacknowledged === false,
    notPrinted: ({ context, event }) => ticketOf(context, event)?.printed === undefined,
  },
  actions: {
    // Decisions: what a command makes happen.
    decideFire: emit(({ context, event }) => {
      const fire = event as Ev<'FIRE_TICKET'>;
      const heldSeconds = holdBackSeconds(context, fire);
      return {
        type: 'TicketFired' as const,
        ticket: {
          ...fire.ticket,
          items: fire.ticket.items.map((i) => {
            const startDelaySeconds = i.startDelaySeconds + heldSeconds;
            return { ...i, startDelaySeconds, startAt: seconds(fire.ticket.firedAt, startDelaySeconds), voided: false };
          }),
        },
        heldSeconds,
        capacity: fire.capacity,
        at: fire.at,
      };
    }),
    decideAck: emit(({ context, event }) => {
      const ticket = ticketOf(context, event)!;
      const { terminalId, at } = event as Ev<'ACK_TICKET'>;
      return {
        type: 'TicketAcknowledged' as const,
        ticketId: ticket.id,
        orderId: ticket.orderId,
        terminalId,
        first: ticket.acks.length === 0,
        at,
      };
    }),
    decideUnacknowledged: emit(({ context, event }) => {
      const ticket = ticketOf(context, event)!;
      return { type: 'TicketUnacknowledged' as const, ticketId: ticket.id, orderId: ticket.orderId, at: event.at };
    }),
    decideBump: emit(({ context, event }) => {
      const ticket = ticketOf(context, event)!;
      const bumped = [...context.bumped.filter((id) => id !== ticket.id), ticket.id];
      const forgotten = bumped.slice(0, Math.max(0, bumped.length - RECALLABLE_TICKETS));
      return { type: 'TicketBumped' as const, ticketId: ticket.id, orderId: ticket.orderId, forgotten, at: event.at };
    }),
    decideRecall: emit(({ context, event }) => {
      const ticket = ticketOf(context, event)!;
      return { type: 'TicketRecalled' as const, ticketId: ticket.id, orderId: ticket.orderId, at: event.at };
    }),
    decideVoid: emit(({ context, event }) => {
      const ticket = ticketOf(context, event)!;
      const { itemId, at } = event as Ev<'VOID_ITEM'>;
      return { type: 'TicketItemVoided' as const, ticketId: ticket.id, orderId: ticket.orderId, itemId, at };
    }),
    decidePrinted: emit(({ context, event }) => {
      const ticket = ticketOf(context, event)!;
      const { deviceId, printedAt, at } = event as Ev<'MARK_PRINTED'>;
      return { type: 'TicketPrinted' as const, ticketId: ticket.id, orderId: ticket.orderId, deviceId, printedAt, at };
    }),

    // Evolution: what a fact changes.
    ticketFired: assign({
      tickets: ({ context, event }) => {
        const { ticket } = event as Ev<'TicketFired'>;
        return withTicket(context, { ...ticket, status: 'OPEN', bumpedAt: null, acks: [], unacknowledged: false });
      },
    }),
    ticketAcknowledged: assign({
      tickets: ({ context, event }) => {
        const ticket = ticketOf(context, event)!;
        const { terminalId, at } = event as Ev<'TicketAcknowledged'>;
        return withTicket(context, { ...ticket, acks: [...ticket.acks, { terminalId, at }], unacknowledged: false });
      },
    }),
    ticketUnacknowledged: assign({
      tickets: ({ context, event }) => withTicket(context, { ...ticketOf(context, event)!, unacknowledged: true }),
    }),
    ticketBumped: assign(({ context, event }) => {
      const ticket = ticketOf(context, event)!;
      const { forgotten, at } = event as Ev<'TicketBumped'>;
      const tickets = withTicket(context, { ...ticket, status: 'BUMPED', bumpedAt: at }, forgotten);
      const bumped = [...context.bumped.filter((id) => id !== ticket.id && !forgotten.includes(id)), ticket.id];
      return { tickets, bumped };
    }),
    ticketRecalled: assign(({ context, event }) => {
      const ticket = ticketOf(context, event)!;
      return {
        tickets: withTicket(context, { ...ticket, status: 'OPEN', bumpedAt: null }),
        bumped: context.bumped.filter((id) => id !== ticket.id),
      };
    }),
    ticketPrinted: assign({
      tickets: ({ context, event }) => {
        const { deviceId, printedAt } = event as Ev<'TicketPrinted'>;
        return withTicket(context, { ...ticketOf(context, event)!, printed: { deviceId, at: printedAt } });
      },
    }),
    ticketItemVoided: assign({
      tickets: ({ context, event }) => {
        const ticket = ticketOf(context, event)!;
        const { itemId } = event as Ev<'TicketItemVoided'>;
        return withTicket(context, {
          ...ticket,
          items: ticket.items.map((i) => (i.itemId === itemId ? { ...i, voided: true } : i)),
        });
      },
    }),
  },
}).createMachine({
  id: 'station',
  context: { tickets: {}, bumped: [] },
  initial: 'serving',
  states: {
    serving: {
      on: {
        FIRE_TICKET: { guard: 'ticketIsNew', actions: 'decideFire' },
        BUMP: { guard: and(['ticketExists', 'ticketIsOpen']), actions: 'decideBump' },
        RECALL: { guard: and(['ticketExists', 'ticketIsBumped']), actions: 'decideRecall' },
        VOID_ITEM: { guard: and(['ticketExists', 'itemOnTicket', 'itemNotVoided']), actions: 'decideVoid' },
        ACK_TICKET: { guard: and(['ticketExists', 'notAckedByThisScreen', 'roomForAnAck']), actions: 'decideAck' },
        FLAG_UNACKNOWLEDGED: {
          guard: and(['ticketExists', 'ticketIsOpen', 'nobodyAcked', 'notFlagged']),
          actions: 'decideUnacknowledged',
        },
        // A bumped ticket may print too: its chit was on its way when the cook bumped it from memory.
        MARK_PRINTED: { guard: and(['ticketExists', 'notPrinted']), actions: 'decidePrinted' },
        TicketFired: { actions: 'ticketFired' },
        // A fact names a ticket the station holds; one that does not is not taken, and the fold says so.
        TicketAcknowledged: { guard: 'ticketExists', actions: 'ticketAcknowledged' },
        TicketUnacknowledged: { guard: 'ticketExists', actions: 'ticketUnacknowledged' },
        TicketBumped: { guard: 'ticketExists', actions: 'ticketBumped' },
        TicketRecalled: { guard: 'ticketExists', actions: 'ticketRecalled' },
        TicketItemVoided: { guard: 'ticketExists', actions: 'ticketItemVoided' },
        TicketPrinted: { guard: 'ticketExists', actions: 'ticketPrinted' },
      },
    },
  },
});

export const stationRefusals: Refusals<StationContext, StationCommand> = {
  ticketIsNew: {
    type: 'INVALID_TRANSITION',
    message: (_, e) => `Ticket ${(e as Ev<'FIRE_TICKET'>).ticket.id} is already at this station.`,
  },
  ticketExists: {
    type: 'UNKNOWN_TICKET',
    message: (_, e) => `Ticket ${(e as TicketEvent).ticketId} is not at this station (or was bumped too long ago to recall).`,
  },
  ticketIsOpen: { type: 'TICKET_NOT_OPEN', message: (_, e) => `Ticket ${(e as TicketEvent).ticketId} is already bumped.` },
  itemOnTicket: {
    type: 'UNKNOWN_ITEM',
    message: (_, e) => `Ticket ${(e as TicketEvent).ticketId} has no item ${(e as Ev<'VOID_ITEM'>).itemId}.`,
  },
  itemNotVoided: {
    type: 'ITEM_ALREADY_VOIDED',
    message: (_, e) => `Item ${(e as Ev<'VOID_ITEM'>).itemId} is already struck off ticket ${(e as TicketEvent).ticketId}.`,
  },
  roomForAnAck: {
    type: 'INVALID_TRANSITION',
    message: (_, e) => `Ticket ${(e as TicketEvent).ticketId} was already drawn by ${MAX_ACKS_PER_TICKET} screens.`,
  },
  notAckedByThisScreen: {
    type: 'INVALID_TRANSITION',
    message: (_, e) => `This screen already acknowledged ticket ${(e as TicketEvent).ticketId}.`,
  },
  nobodyAcked: { type: 'INVALID_TRANSITION', message: (_, e) => `Ticket ${(e as TicketEvent).ticketId} was acknowledged.` },
  notFlagged: {
    type: 'INVALID_TRANSITION',
    message: (_, e) => `Ticket ${(e as TicketEvent).ticketId} is already flagged unacknowledged.`,
  },
  notPrinted: {
    type: 'INVALID_TRANSITION',
    message: (_, e) => `Ticket ${(e as TicketEvent).ticketId} was printed already.`,
  },
  ticketIsBumped: {
    type: 'TICKET_NOT_BUMPED',
    message: (_, e) => `Ticket ${(e as TicketEvent).ticketId} is open: only a bumped ticket can be recalled.`,
  },
};
