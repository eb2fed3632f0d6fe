import type { LoggedFact } from '../../shared/db/event-store.js';
import type { Projection } from '../../shared/runtime/projector.js';
import type { StationFact } from './station.machine.js';

/** A station's tickets as the manager watches them: when each was fired, when it should be done, whether it is open. */
export interface StationLoad {
  tickets: Record<string, { firedAt: string; dueAt: string; open: boolean }>;
}

/** When the last item of a fired ticket should be done: its start delay plus its preparation. */
const dueAt = (ticket: Extract<StationFact, { type: 'TicketFired' }>['ticket']) =>
  new Date(Math.max(...ticket.items.map((i) => Date.parse(i.startAt) + i.prepSeconds * 1000))).toISOString();

const setOpen = (row: StationLoad, ticketId: string, open: boolean): StationLoad =>
  Object.hasOwn(row.tickets, ticketId) ? { tickets: { ...row.tickets, [ticketId]: { ...row.tickets[ticketId]!, open } } } : row;

/** Read model across stations: one row per station, for its open count, oldest ticket and late count. */
export const stationLoad: Projection<StationLoad> = {
  name: 'station-load',
  handles: { station: ['TicketFired', 'TicketBumped', 'TicketRecalled'] },
  keys: (fact) => [fact.streamId],
  evolve(row, logged: LoggedFact) {
    const fact = logged.data as unknown as StationFact;
    const load = row ?? { tickets: {} };
    switch (fact.type) {
      case 'TicketFired':
        return {
          tickets: { ...load.tickets, [fact.ticket.id]: { firedAt: fact.ticket.firedAt, dueAt: dueAt(fact.ticket), open: true } },
        };
      case 'TicketBumped': {
        const bumped = setOpen(load, fact.ticketId, false);
        // Tickets the station forgot can no longer come back: the row stays as small as the station's memory.
        const tickets = Object.fromEntries(Object.entries(bumped.tickets).filter(([id]) => !fact.forgotten.includes(id)));
        return { tickets };
      }
      case 'TicketRecalled':
        return setOpen(load, fact.ticketId, true);
      default:
        return load;
    }
  },
};

/** What `/manager/` shows of a station, at `now`. */
export function stationLoadView(stationId: string, load: StationLoad | null, now: Date) {
  const open = Object.values(load?.tickets ?? {}).filter((t) => t.open);
  const oldest = open.reduce<string | null>((min, t) => (min === null || t.firedAt < min ? t.firedAt : min), null);
  return {
    stationId,
    open: open.length,
    oldestFiredAt: oldest,
    late: open.filter((t) => Date.parse(t.dueAt) < now.getTime()).length,
  };
}
