import { and, assign, emit, setup } from 'xstate';
import type { Refusals } from '../../shared/runtime/refusal.js';
import type { FiredTicket } from '../order/order.machine.js';

export interface StationTicket extends Omit<FiredTicket, 'items'> {
  status: 'OPEN' | 'BUMPED';
  bumpedAt: string | null;
  items: (FiredTicket['items'][number] & { voided: boolean })[];
}

export interface StationContext {
  tickets: Record<string, StationTicket>;
  /** Bumped ticket ids, most recent last: what a cook can still recall. */
  bumped: string[];
}

export type StationEvent =
  | { type: 'FIRE_TICKET'; ticket: FiredTicket; at: string }
  | { type: 'BUMP'; ticketId: string; at: string }
  | { type: 'RECALL'; ticketId: string; at: string }
  | { type: 'VOID_ITEM'; ticketId: string; itemId: string; at: string };

export type StationEmitted =
  { type: 'ticketBumped'; orderId: string; ticketId: string } | { type: 'ticketRecalled'; orderId: string; ticketId: string };

/** How many bumped tickets a station remembers for recall; older ones leave the actor's memory. */
export const RECALLABLE_TICKETS = 20;

type Ev<T extends StationEvent['type']> = Extract<StationEvent, { type: T }>;
type TicketEvent = Ev<'BUMP'> | Ev<'RECALL'> | Ev<'VOID_ITEM'>;

const ticketOf = (context: StationContext, event: StationEvent) =>
  context.tickets[(event as TicketEvent).ticketId] as StationTicket | undefined;

const withTicket = (context: StationContext, ticket: StationTicket) => ({
  ...context.tickets,
  [ticket.id]: ticket,
});

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
  },
  actions: {
    fireTicket: assign({
      tickets: ({ context, event }) => {
        const { ticket } = event as Ev<'FIRE_TICKET'>;
        return withTicket(context, {
          ...ticket,
          status: 'OPEN',
          bumpedAt: null,
          items: ticket.items.map((i) => ({ ...i, voided: false })),
        });
      },
    }),
    bumpTicket: assign(({ context, event }) => {
      const ticket = ticketOf(context, event)!;
      const bumped = [...context.bumped.filter((id) => id !== ticket.id), ticket.id];
      const forgotten = bumped.slice(0, Math.max(0, bumped.length - RECALLABLE_TICKETS));
      const tickets = withTicket(context, { ...ticket, status: 'BUMPED', bumpedAt: (event as Ev<'BUMP'>).at });
      for (const id of forgotten) delete tickets[id];
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
  ticketIsBumped: {
    type: 'TICKET_NOT_BUMPED',
    message: (_, e) => `Ticket ${(e as TicketEvent).ticketId} is open: only a bumped ticket can be recalled.`,
  },
};
