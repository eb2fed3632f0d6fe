import type { TicketView } from '../../shared/contract/index.js';
import type { ViewRow } from '../../shared/db/event-store.js';
import type { Snapshot } from '../../shared/runtime/decider.js';
import type { StationContext, StationFact, StationTicket } from './station.machine.js';

/** The ticket view of the contract. Its version is the station's: a KDS sees one gap-free sequence. */
export function ticketView(stationId: string, version: number, ticket: StationTicket): TicketView {
  const { bumpedAt, printed, ...rest } = ticket;
  return { ...rest, stationId, version, ...(bumpedAt ? { bumpedAt } : {}), ...(printed ? { printed } : {}) };
}

export const ticketIdOf = (fact: StationFact) => (fact.type === 'TicketFired' ? fact.ticket.id : fact.ticketId);

/** The ticket a fact touched, as the station holds it now (none once it is forgotten). */
export const ticketOfFact = ({ context }: Snapshot<StationContext>, fact: StationFact) => {
  const id = ticketIdOf(fact);
  return Object.hasOwn(context.tickets, id) ? context.tickets[id]! : null;
};

/** Read model: one `ticket` row per ticket, rewritten by each fact that touches it. */
export function projectTickets(
  stationId: string,
  version: number,
  snapshot: Snapshot<StationContext>,
  fact: StationFact,
): ViewRow[] {
  const ticket = ticketOfFact(snapshot, fact);
  return ticket ? [{ kind: 'ticket', id: ticket.id, version, data: ticketView(stationId, version, ticket) }] : [];
}
