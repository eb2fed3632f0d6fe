import type { TicketView } from '../../shared/contract/index.js';
import type { ViewRow } from '../../shared/db/event-store.js';
import type { Snapshot } from '../../shared/runtime/actor-host.js';
import type { StationContext, StationEvent, StationTicket } from './station.machine.js';

/** The ticket view of the contract. Its version is the station's: a KDS sees one gap-free sequence. */
export function ticketView(stationId: string, version: number, ticket: StationTicket): TicketView {
  const { bumpedAt, ...rest } = ticket;
  return { ...rest, stationId, version, ...(bumpedAt ? { bumpedAt } : {}) };
}

export const ticketIdOf = (event: StationEvent) => (event.type === 'FIRE_TICKET' ? event.ticket.id : event.ticketId);

/** Read model: one `ticket` row per ticket, rewritten by each event that touches it. */
export function projectTickets(
  stationId: string,
  version: number,
  snapshot: Snapshot<StationContext>,
  event: StationEvent,
): ViewRow[] {
  const ticket = snapshot.context.tickets[ticketIdOf(event)];
  return ticket ? [{ kind: 'ticket', id: ticket.id, version, data: ticketView(stationId, version, ticket) }] : [];
}
