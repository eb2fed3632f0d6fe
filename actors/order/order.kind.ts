import type { ActorKind, Call } from '../../shared/runtime/actor-kind.js';
import { followUpId } from '../../shared/runtime/actor-service.js';
import {
  ORDER_FACTS,
  orderMachine,
  orderRefusals,
  type OrderCommand,
  type OrderContext,
  type OrderFact,
} from './order.machine.js';
import { orderStates, orderView, projectOrder } from './order.projection.js';
import { receiptCalls } from './order.receipt.js';

/** The command that opens the check a split made, from the split's fact: the outbox and the split's answer both send it. */
export function splitCall(fact: Extract<OrderFact, { type: 'ItemsSplitOff' }>, commandId: string): Call {
  return {
    action: 'orders.openSplit',
    params: { orderId: fact.toOrderId, commandId: followUpId(commandId, 'split'), split: fact },
  };
}

/** What a station said of a ticket, passed on to the checks a split moved its items to. */
const KITCHEN_NEWS = {
  TicketBumped: 'orders.ticketBumped',
  TicketRecalled: 'orders.ticketRecalled',
  TicketReceived: 'orders.ticketReceived',
  TicketUnacknowledged: 'orders.ticketUnacknowledged',
  TicketPrinted: 'orders.ticketPrinted',
} as const;

function passedOn(fact: OrderFact, commandId: string): Call[] {
  if (!Object.hasOwn(KITCHEN_NEWS, fact.type)) return [];
  const news = fact as Extract<OrderFact, { type: keyof typeof KITCHEN_NEWS }>;
  const extra =
    news.type === 'TicketReceived'
      ? { terminalId: news.terminalId, receivedAt: news.receivedAt }
      : news.type === 'TicketPrinted'
        ? { deviceId: news.deviceId, printedAt: news.printedAt }
        : {};
  return (news.movedTo ?? []).map((orderId) => ({
    action: KITCHEN_NEWS[news.type],
    params: { orderId, ticketId: news.ticketId, ...extra, commandId: followUpId(commandId, `moved:${orderId}`) },
  }));
}

/** Commands stored as events before the log held facts: each is decided again, once, to learn its fact. */
const LEGACY_COMMANDS = [
  'OPEN',
  'ADD_ITEM',
  'SEND',
  'VOID_ITEM',
  'CANCEL',
  'TICKET_RECEIVED',
  'TICKET_UNACKNOWLEDGED',
  'TICKET_BUMPED',
  'TICKET_RECALLED',
  'SERVE',
];

export const orderKind: ActorKind<OrderContext, OrderCommand, OrderFact> = {
  type: 'order',
  machine: orderMachine,
  refusals: orderRefusals,
  facts: ORDER_FACTS,
  bornBy: 'OPEN',
  unknown: { type: 'UNKNOWN_ORDER', message: (id) => `No order has the id ${id}.` },
  stateName: (snapshot) => orderStates(snapshot)?.status ?? 'not open',
  view: orderView,
  views: ['order', 'order-item'],
  project: projectOrder,
  react: (facts, commandId, states) =>
    facts.flatMap((fact, i): Call[] => {
      if (fact.type === 'ItemsSplitOff') return [splitCall(fact, commandId)];
      const state = states?.[i];
      if (state && (fact.type === 'PaymentRecorded' || fact.type === 'PaymentConfirmed'))
        return receiptCalls(fact, state, commandId);
      if (fact.type === 'OrderSent') {
        return fact.tickets.map((ticket) => ({
          action: 'stations.fire',
          params: { stationId: ticket.stationId, commandId: followUpId(commandId, `fire:${ticket.stationId}`), ticket },
        }));
      }
      if (fact.type === 'ItemVoided' && fact.ticketId !== null && fact.stationId !== null) {
        const { stationId, ticketId, itemId } = fact;
        return [
          {
            action: 'stations.voidItem',
            params: { stationId, ticketId, itemId, commandId: followUpId(commandId, `void:${stationId}`) },
          },
        ];
      }
      return passedOn(fact, commandId);
    }),
  upcast: {
    types: LEGACY_COMMANDS,
    // An ADD_ITEM stored before products could be 86'd has no `available`: it was rung, so it was. An OPEN
    // stored before business days was on no day.
    command: (legacy) => {
      if (legacy.type === 'ADD_ITEM') return { ...legacy, available: legacy.available !== false } as OrderCommand;
      // An OPEN stored before the service charge had none: the rule of its time.
      if (legacy.type === 'OPEN') return { ...legacy, dayNumber: legacy.dayNumber ?? null, servicePercent: 0 } as OrderCommand;
      // Voids were stored before voiding fired food took a manager: the rule of their time.
      if (legacy.type === 'VOID_ITEM')
        return { ...legacy, approvalRequired: false, byManager: false, approvedBy: null } as OrderCommand;
      return legacy as OrderCommand;
    },
  },
};
