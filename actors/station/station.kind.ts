import type { ActorKind, Call } from '../../shared/runtime/actor-kind.js';
import { followUpId } from '../../shared/runtime/actor-service.js';
import {
  STATION_FACTS,
  stationMachine,
  stationRefusals,
  type StationCommand,
  type StationContext,
  type StationFact,
} from './station.machine.js';
import { projectTickets, ticketOfFact, ticketView } from './station.projection.js';

/**
 * What the station's printer hears: a ticket fired (printed if no screen of the station is online) and a
 * ticket no screen drew in time (printed). The printer queues it once, whichever comes first.
 */
function toPrinter(fact: StationFact, commandId: string): Call | null {
  // The ticket's id is enough: its view, written with the fact, says the rest. A fired one names its station too,
  // so that a station with no printer (most) costs the printers nothing on each ticket.
  const ask = (ticketId: string, reason: 'FIRED' | 'UNACKNOWLEDGED', stationId?: string): Call => ({
    action: 'printers.fallback',
    params: { ticketId, reason, ...(stationId ? { stationId } : {}), commandId: followUpId(commandId, 'printer') },
  });
  if (fact.type === 'TicketFired') return ask(fact.ticket.id, 'FIRED', fact.ticket.stationId);
  if (fact.type === 'TicketUnacknowledged') return ask(fact.ticketId, 'UNACKNOWLEDGED');
  return null;
}

/** What an order hears of its tickets: the station's fact, as the order's command. */
function toOrder(fact: StationFact, commandId: string): Call | null {
  if (fact.type === 'TicketFired') return null;
  const call = (action: string, params: Record<string, unknown>): Call => ({
    action,
    params: { orderId: fact.orderId, ticketId: fact.ticketId, ...params, commandId: followUpId(commandId, 'order') },
  });
  switch (fact.type) {
    case 'TicketBumped':
      return call('orders.ticketBumped', {});
    case 'TicketRecalled':
      return call('orders.ticketRecalled', {});
    case 'TicketAcknowledged':
      return fact.first ? call('orders.ticketReceived', { terminalId: fact.terminalId, receivedAt: fact.at }) : null;
    case 'TicketUnacknowledged':
      return call('orders.ticketUnacknowledged', {});
    case 'TicketPrinted':
      return call('orders.ticketPrinted', { deviceId: fact.deviceId, printedAt: fact.printedAt });
    default:
      return null;
  }
}

/** Commands stored as events before the log held facts: each is decided again, once, to learn its fact. */
const LEGACY_COMMANDS = ['FIRE_TICKET', 'ACK_TICKET', 'FLAG_UNACKNOWLEDGED', 'BUMP', 'RECALL', 'VOID_ITEM'];

export const stationKind: ActorKind<StationContext, StationCommand, StationFact> = {
  type: 'station',
  machine: stationMachine,
  refusals: stationRefusals,
  facts: STATION_FACTS,
  unknown: { type: 'UNKNOWN_STATION', message: (id) => `No kitchen station has the id ${id}.` },
  stateName: () => 'serving',
  view: (stationId, version, snapshot, fact) => {
    const ticket = ticketOfFact(snapshot, fact);
    return ticket ? ticketView(stationId, version, ticket) : null;
  },
  views: ['ticket'],
  project: projectTickets,
  react: (facts, commandId) =>
    facts.flatMap((fact) => [toOrder(fact, commandId), toPrinter(fact, commandId)].filter((c) => c !== null)),
  upcast: { types: LEGACY_COMMANDS, command: (legacy) => legacy as unknown as StationCommand },
};
