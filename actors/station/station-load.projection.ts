import type { LoggedFact } from '../../shared/db/event-store.js';
import type { Projection } from '../../shared/runtime/projector.js';
import type { StationFact } from './station.machine.js';

/**
 * A ticket as the manager's station cards count it: when it was fired, when its last item should be done,
 * whether it is open. One row per ticket, so a fact writes one row however busy the station is.
 */
export interface TicketLoad {
  stationId: string;
  firedAt: string;
  dueAt: string;
  open: boolean;
}

/** When the last item of a fired ticket should be done: its start delay plus its preparation. */
const dueAt = (ticket: Extract<StationFact, { type: 'TicketFired' }>['ticket']) =>
  new Date(Math.max(...ticket.items.map((i) => Date.parse(i.startAt) + i.prepSeconds * 1000))).toISOString();

/** Read model across stations: their tickets, open or recallable, summed by station in `stations.load`. */
export const stationLoad: Projection<TicketLoad> = {
  name: 'station-load',
  handles: { station: ['TicketFired', 'TicketBumped', 'TicketRecalled'] },
  // A bump also names the tickets the station forgot: they can no longer come back, so their rows go.
  keys: (logged) => {
    const fact = logged.data as unknown as StationFact;
    if (fact.type === 'TicketFired') return [fact.ticket.id];
    return fact.type === 'TicketBumped' ? [fact.ticketId, ...fact.forgotten] : [fact.ticketId];
  },
  evolve(row, logged: LoggedFact, key) {
    const fact = logged.data as unknown as StationFact;
    switch (fact.type) {
      case 'TicketFired':
        return { stationId: logged.streamId, firedAt: fact.ticket.firedAt, dueAt: dueAt(fact.ticket), open: true };
      case 'TicketBumped':
        if (key !== fact.ticketId) return null;
        return row && { ...row, open: false };
      case 'TicketRecalled':
        return row && { ...row, open: true };
      default:
        return row;
    }
  },
};

/** What `/manager/` shows of a station: open tickets, the oldest one's firing time, and how many are late. */
export interface StationLoadView {
  stationId: string;
  open: number;
  oldestFiredAt: string | null;
  late: number;
}
