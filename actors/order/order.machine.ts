import { and, assign, emit, not, setup } from 'xstate';
import {
  checkTotals,
  kilos,
  pendingOf,
  subtotalOf,
  type CheckTotals,
  type DiscountRule,
  type PaymentView,
  type TicketItemView,
  type TicketPrinted,
} from '../../shared/contract/index.js';
import type { Refusals } from '../../shared/runtime/refusal.js';

/** One line of an order: what the waiter rang, priced and routed when it was rung. */
export interface OrderItem {
  id: string;
  productId: string;
  name: string;
  priceCents: number;
  /** The product's category on the menu, for the day's report; absent on items rung before it was kept. */
  category?: string;
  station: string;
  prepSeconds: number;
  quantity: number;
  /** What the scale read, for a product sold by weight: `priceCents` is the price of these grams, `quantity` 1. */
  grams?: number;
  /** The price of a kilogram those grams were priced at, kept so the paper and screens show it as it was. */
  pricePerKgCents?: number;
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
  /** The station's printer printed it: the POS shows where, as the ticket's receipt. */
  printed?: TicketPrinted;
}

/** A discount as it was given: a percent of the subtotal or an amount, with why and the manager who approved it. */
export interface OrderDiscount extends DiscountRule {
  id: string;
  reason: string;
  approvedBy: string;
}

/** Items of this order's tickets that a split moved to another check: what the kitchen says of them is passed on. */
export interface SplitOff {
  orderId: string;
  ticketIds: string[];
}

export interface OrderContext {
  id: string;
  number: number;
  /** The business day it was rung on; null for orders opened before there were days. */
  dayNumber: number | null;
  terminalId: string;
  table: number | null;
  covers: number | null;
  openedAt: string;
  items: OrderItem[];
  /** Each as fired, its `itemIds` only those still on this order (none once a split moved them all). */
  tickets: OrderTicket[];
  sends: number;
  /** The expeditor sent what the kitchen made out of the pass; a new send clears it. */
  servedAt: string | null;
  /** SERVICE_CHARGE_PERCENT as it was when the order was opened (0 for orders opened before there was one). */
  servicePercent: number;
  discounts: OrderDiscount[];
  serviceWaived: boolean;
  payments: PaymentView[];
  splits: SplitOff[];
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

type RungItem = Omit<OrderItem, 'status' | 'ticketId'>;

/** What a new check is born with when items are split off onto it: the items, their tickets, as they were. */
export interface SplitItems {
  orderId: string;
  items: OrderItem[];
  tickets: OrderTicket[];
  servedAt: string | null;
}

/** Who answers for a weighed item's grams, as the orders service found it. */
export interface Weighing {
  readByScale: boolean;
  byManager: boolean;
  approvedBy: string | null;
}

/** A payment as its payment step hands it over: `APPROVED`, or `PENDING` until its PSP confirms it (PIX). */
export type PaymentTaken = Omit<PaymentView, 'status' | 'refundedCents' | 'at' | 'userId'> & { status: 'APPROVED' | 'PENDING' };

/** What a waiter, a station or the expeditor asks of an order. The machine decides; only facts are stored. */
export type OrderCommand =
  /**
   * `dayNumber`: the business day the order is rung on (null only for orders opened before there were days);
   * `servicePercent`: SERVICE_CHARGE_PERCENT as it is; `splitFrom`: the check whose items it is born with.
   */
  | {
      type: 'OPEN';
      orderId: string;
      number: number;
      dayNumber: number | null;
      terminalId: string;
      table: number | null;
      covers: number | null;
      servicePercent: number;
      splitFrom?: SplitItems;
      at: string;
    }
  /**
   * `available`: whether the menu had the product (not 86'd) when it was rung. `weighing`, for an item with
   * grams: who answers for them: the terminal's scale read them, a manager rang them, or a manager's PIN approved
   * them; one of these it takes.
   */
  | { type: 'ADD_ITEM'; item: RungItem; available: boolean; weighing?: Weighing; at: string }
  | { type: 'SEND'; course: number | null; at: string }
  /**
   * `approvalRequired`: the rule at the time, that voiding food already fired takes a manager (false for voids
   * stored before the rule); `byManager` or `approvedBy` meet it.
   */
  | {
      type: 'VOID_ITEM';
      itemId: string;
      reason: string;
      approvalRequired: boolean;
      byManager: boolean;
      approvedBy: string | null;
      at: string;
    }
  | { type: 'CANCEL'; reason: string; at: string }
  /** Any discount takes a manager: `approvedBy` is the one whose PIN approved it, or the manager who gives it. */
  | { type: 'GIVE_DISCOUNT'; discount: DiscountRule & { id: string; reason: string }; approvedBy: string | null; at: string }
  /** Waiving the service charge takes a manager, as a discount does; charging it again takes none. */
  | { type: 'SET_SERVICE'; waived: boolean; reason: string; approvedBy: string | null; at: string }
  /** Those items move to a new check, `newOrderId`, for the same table; `splitBy` is who moved them, where. */
  | {
      type: 'SPLIT';
      itemIds: string[];
      newOrderId: string;
      splitBy: { userId: string | null; terminalId: string | null };
      at: string;
    }
  | { type: 'CLOSE'; at: string }
  /** From the payment step: a payment taken (`userId` took it), approved or pending. */
  | { type: 'RECORD_PAYMENT'; payment: PaymentTaken; userId: string; at: string }
  /**
   * From the payment step: a pending payment went through (its PSP confirmed it, or its card's charge was found
   * approved), with the acquirer and authorisation code a card's charge came back with.
   */
  | { type: 'CONFIRM_PAYMENT'; paymentId: string; acquirer?: string; authCode?: string; at: string }
  /** From the payment step: a pending payment did not go through (declined, no acquirer reachable): nothing was paid. */
  | { type: 'FAIL_PAYMENT'; paymentId: string; reason: string; at: string }
  /** From the payment step: money given back the way it came, once the step's own rules (approvals) were met. */
  | { type: 'REFUND_PAYMENT'; paymentId: string; amountCents: number; reason: string; approvedBy: string | null; at: string }
  | { type: 'TICKET_RECEIVED'; ticketId: string; terminalId: string; receivedAt: string; at: string }
  | { type: 'TICKET_UNACKNOWLEDGED'; ticketId: string; at: string }
  | { type: 'TICKET_BUMPED'; ticketId: string; at: string }
  | { type: 'TICKET_RECALLED'; ticketId: string; at: string }
  /** From a station: its printer printed the ticket as a chit, at `printedAt`. */
  | { type: 'TICKET_PRINTED'; ticketId: string; deviceId: string; printedAt: string; at: string }
  | { type: 'SERVE'; at: string };

/** What happened to an order, in the past tense, with every value the decision produced. */
export type OrderFact =
  | {
      type: 'OrderOpened';
      orderId: string;
      number: number;
      /** Absent in facts stored before there were business days; null in those upgraded from commands. */
      dayNumber?: number | null;
      terminalId: string;
      table: number | null;
      covers: number | null;
      /** Absent in facts stored before there was a service charge: their orders had none. */
      servicePercent?: number;
      /** The check it was split off from; its items come in the next fact. */
      splitFrom?: string;
      at: string;
    }
  /**
   * The item with its name, price, station and preparation time as they were when it was rung; `approvedBy`: the
   * manager whose PIN approved grams the terminal's scale did not read.
   */
  | { type: 'ItemAdded'; item: RungItem; approvedBy?: string; at: string }
  /** The `send`-th send: its tickets, one per station, with each item's start delay (cook-time sync). */
  | { type: 'OrderSent'; send: number; course: number | null; tickets: FiredTicket[]; at: string }
  /** `ticketId` and `stationId` when the item was already on a ticket: the station strikes it off. */
  | {
      type: 'ItemVoided';
      itemId: string;
      reason: string;
      productId: string;
      quantity: number;
      priceCents: number;
      /** What the plate weighed, for a product sold by weight: the day's report takes it off the kilos sold. */
      grams?: number;
      ticketId: string | null;
      stationId: string | null;
      /** The manager who approved voiding food already fired. */
      approvedBy?: string;
      at: string;
    }
  /** `items`: what was on the order (not voided) when it was cancelled. */
  | { type: 'OrderCancelled'; reason: string; items: { productId: string; quantity: number; priceCents: number }[]; at: string }
  /**
   * What a station said of a ticket. `movedTo`: the checks a split moved items of that ticket to, which are told
   * in turn (absent when none was).
   */
  | { type: 'TicketReceived'; ticketId: string; terminalId: string; receivedAt: string; movedTo?: string[]; at: string }
  | { type: 'TicketUnacknowledged'; ticketId: string; movedTo?: string[]; at: string }
  | { type: 'TicketBumped'; ticketId: string; movedTo?: string[]; at: string }
  | { type: 'TicketRecalled'; ticketId: string; movedTo?: string[]; at: string }
  | { type: 'TicketPrinted'; ticketId: string; deviceId: string; printedAt: string; movedTo?: string[]; at: string }
  | { type: 'OrderServed'; at: string }
  | { type: 'DiscountGiven'; discount: OrderDiscount; at: string }
  | { type: 'ServiceWaived'; reason: string; approvedBy: string; at: string }
  | { type: 'ServiceRestored'; reason: string; at: string }
  /**
   * Items of this order, `orderId`, moved to the new check `toOrderId`, with their kitchen state and their tickets
   * as this order knew them (each ticket's `itemIds` only the moved ones), and what that check is born with: it is
   * opened from this fact.
   */
  | {
      type: 'ItemsSplitOff';
      orderId: string;
      toOrderId: string;
      items: OrderItem[];
      tickets: OrderTicket[];
      dayNumber: number | null;
      terminalId: string;
      table: number | null;
      servicePercent: number;
      servedAt: string | null;
      splitBy: { userId: string | null; terminalId: string | null };
      at: string;
    }
  /** A check split off another is born with those items and tickets: nothing is fired again. */
  | { type: 'ItemsSplitIn'; fromOrderId: string; items: OrderItem[]; tickets: OrderTicket[]; servedAt: string | null; at: string }
  | { type: 'OrderClosed'; at: string }
  | { type: 'PaymentRecorded'; payment: PaymentView; at: string }
  | { type: 'PaymentConfirmed'; paymentId: string; acquirer?: string; authCode?: string; at: string }
  /** The pending payment is off the check: it blocks nothing, and a new attempt may be recorded under its id. */
  | { type: 'PaymentFailed'; paymentId: string; reason: string; at: string }
  | { type: 'PaymentRefunded'; paymentId: string; amountCents: number; reason: string; approvedBy?: string; at: string };

export const ORDER_FACTS = [
  'OrderOpened',
  'ItemAdded',
  'OrderSent',
  'ItemVoided',
  'OrderCancelled',
  'TicketReceived',
  'TicketUnacknowledged',
  'TicketBumped',
  'TicketRecalled',
  'TicketPrinted',
  'OrderServed',
  'DiscountGiven',
  'ServiceWaived',
  'ServiceRestored',
  'ItemsSplitOff',
  'ItemsSplitIn',
  'OrderClosed',
  'PaymentRecorded',
  'PaymentConfirmed',
  'PaymentFailed',
  'PaymentRefunded',
] as const satisfies readonly OrderFact['type'][];

type OrderEvent = OrderCommand | OrderFact;
type Ev<T extends OrderEvent['type']> = Extract<OrderEvent, { type: T }>;

const isUnsent = (item: OrderItem, course: number | null) => item.status === 'NEW' && (course === null || item.course === course);

const findItem = (context: OrderContext, itemId: string) => context.items.find((i) => i.id === itemId);
const findTicket = (context: OrderContext, ticketId: string) => context.tickets.find((t) => t.id === ticketId);
const findPayment = (context: OrderContext, paymentId: string) => context.payments.find((p) => p.id === paymentId);
const money = (cents: number) => (cents / 100).toFixed(2);

/** What of an order its check is made of. */
type Check = Pick<OrderContext, 'items' | 'table' | 'servicePercent' | 'serviceWaived' | 'payments'> & {
  discounts: readonly DiscountRule[];
};

/** The check's totals as the order stands (shared/contract/check.ts). */
export const totalsOf = (check: Check): CheckTotals =>
  checkTotals({
    subtotalCents: subtotalOf(check.items),
    discounts: check.discounts,
    servicePercent: check.servicePercent,
    onTable: check.table !== null,
    serviceWaived: check.serviceWaived,
    payments: check.payments,
  });

/** Nothing is due and no payment is pending. */
const nothingDue = (context: OrderContext) => totalsOf(context).dueCents === 0 && pendingOf(context.payments) === 0;

/** The check as a command that changes what it comes to would leave it (what the covering guard weighs). */
function checkAfter(context: OrderContext, event: OrderEvent): Check {
  switch (event.type) {
    case 'VOID_ITEM':
      return { ...context, items: context.items.map((i) => (i.id === event.itemId ? { ...i, status: 'VOIDED' as const } : i)) };
    case 'CANCEL':
      return { ...context, items: [] };
    case 'GIVE_DISCOUNT':
      return { ...context, discounts: [...context.discounts, event.discount] };
    case 'SET_SERVICE':
      return { ...context, serviceWaived: event.waived };
    case 'SPLIT':
      return { ...context, items: context.items.filter((i) => !event.itemIds.includes(i.id)) };
    default:
      return context;
  }
}

/** The checks a split moved items of that ticket to: they hear what its station says of it. */
const movedTo = (context: OrderContext, ticketId: string) => {
  const orders = context.splits.filter((s) => s.ticketIds.includes(ticketId)).map((s) => s.orderId);
  return orders.length > 0 ? { movedTo: orders } : {};
};

/** Whether a ticket still holds any item of this order: one whose items a split moved away all is not its own. */
const holdsItems = (ticket: OrderTicket | undefined) => (ticket?.itemIds.length ?? 0) > 0;

/**
 * The tickets a send makes: the unsent items (of the course, if given), grouped by station. Each item
 * waits for the longest preparation of the send minus its own, so the send finishes together.
 */
export function ticketsToFire(context: OrderContext, send: { course: number | null; at: string }): FiredTicket[] {
  const number = context.sends + 1;
  const unsent = context.items.filter((i) => isUnsent(i, send.course));
  const longest = Math.max(...unsent.map((i) => i.prepSeconds));
  const byStation = new Map<string, OrderItem[]>();
  for (const item of unsent) {
    byStation.set(item.station, [...(byStation.get(item.station) ?? []), item]);
  }
  return [...byStation].map(([stationId, items]) => ({
    id: `${context.id}-${number}-${stationId}`,
    stationId,
    orderId: context.id,
    orderNumber: context.number,
    table: context.table,
    firedAt: send.at,
    items: items.map((i) => ({
      itemId: i.id,
      name: i.name,
      quantity: i.quantity,
      ...(i.grams !== undefined && { grams: i.grams }),
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

/** What an order takes while its check is open or paid, and the facts those commands make. */
const ON_THE_CHECK = {
  ADD_ITEM: { guard: and(['productAvailable', 'weightVouchedFor']), actions: 'decideAddItem' },
  SEND: { guard: 'hasUnsentItems', actions: 'decideSend' },
  VOID_ITEM: { guard: and(['itemExists', 'itemNotVoided', 'voidApproved', 'staysCovered']), actions: 'decideVoid' },
  GIVE_DISCOUNT: { guard: and(['discountApproved', 'staysCovered']), actions: 'decideDiscount' },
  SET_SERVICE: {
    guard: and(['hasServiceCharge', 'serviceChanges', 'waiverApproved', 'staysCovered']),
    actions: 'decideService',
  },
  SPLIT: { guard: and(['splitItemsExist', 'splitItemsNotVoided', 'staysCovered']), actions: 'decideSplit' },
  CLOSE: { guard: 'nothingDue', actions: 'decideClose' },
  RECORD_PAYMENT: { guard: and(['paymentIsNew', 'withinDue']), actions: 'decidePayment' },
  CONFIRM_PAYMENT: { guard: and(['paymentExists', 'paymentPending']), actions: 'decideConfirm' },
  FAIL_PAYMENT: { guard: and(['paymentExists', 'paymentPending']), actions: 'decideFail' },
  REFUND_PAYMENT: { guard: and(['paymentExists', 'refundable']), actions: 'decideRefund' },
  ItemAdded: { actions: 'itemAdded' },
  OrderSent: { actions: 'sent' },
  ItemVoided: { guard: 'itemExists', actions: 'itemVoided' },
  DiscountGiven: { actions: 'discountGiven' },
  ServiceWaived: { actions: 'serviceWaived' },
  ServiceRestored: { actions: 'serviceRestored' },
  ItemsSplitOff: { actions: 'splitOff' },
  OrderClosed: { target: 'CLOSED' },
  PaymentRecorded: { actions: 'paymentRecorded' },
  PaymentConfirmed: { guard: 'paymentExists', actions: 'paymentConfirmed' },
  PaymentFailed: { guard: 'paymentExists', actions: 'paymentFailed' },
  PaymentRefunded: { guard: 'paymentExists', actions: 'paymentRefunded' },
} as const;

/**
 * An order, from opening through the pass to its closed check. Commands (upper case) are decided by guards and
 * emit facts; facts (past tense) change the context and never refuse. The host stores the facts and folds them
 * back through this machine, so rebuilding an order never runs a guard or reads the menu again.
 */
export const orderMachine = setup({
  types: {
    context: {} as OrderContext,
    events: {} as OrderEvent,
    emitted: {} as OrderFact,
  },
  guards: {
    productAvailable: ({ event }) => (event as Ev<'ADD_ITEM'>).available,
    /** Grams are what this terminal's scale read, or a manager's: a typed 1 g of buffet is no plate. */
    weightVouchedFor: ({ event }) => {
      const { item, weighing } = event as Ev<'ADD_ITEM'>;
      if (item.grams === undefined) return true;
      return weighing !== undefined && (weighing.readByScale || weighing.byManager || weighing.approvedBy !== null);
    },
    hasUnsentItems: ({ context, event }) => context.items.some((i) => isUnsent(i, (event as Ev<'SEND'>).course)),
    nothingSent: ({ context }) => context.tickets.length === 0,
    itemExists: ({ context, event }) => findItem(context, (event as Ev<'VOID_ITEM'>).itemId) !== undefined,
    itemNotVoided: ({ context, event }) => findItem(context, (event as Ev<'VOID_ITEM'>).itemId)?.status !== 'VOIDED',
    voidApproved: ({ context, event }) => {
      const { itemId, approvalRequired, byManager, approvedBy } = event as Ev<'VOID_ITEM'>;
      return !approvalRequired || findItem(context, itemId)?.status === 'NEW' || byManager || approvedBy !== null;
    },
    /** Whatever is paid (or pending) stays within the check's new total: money taken is never more than it comes to. */
    staysCovered: ({ context, event }) => {
      if (context.payments.length === 0) return true;
      const after = checkAfter(context, event);
      const { totalCents, paidCents } = totalsOf(after);
      return paidCents + pendingOf(after.payments) <= totalCents;
    },
    discountApproved: ({ event }) => (event as Ev<'GIVE_DISCOUNT'>).approvedBy !== null,
    hasServiceCharge: ({ context }) => context.table !== null && context.servicePercent > 0,
    serviceChanges: ({ context, event }) => (event as Ev<'SET_SERVICE'>).waived !== context.serviceWaived,
    waiverApproved: ({ event }) => {
      const { waived, approvedBy } = event as Ev<'SET_SERVICE'>;
      return !waived || approvedBy !== null;
    },
    splitItemsExist: ({ context, event }) => (event as Ev<'SPLIT'>).itemIds.every((id) => findItem(context, id) !== undefined),
    splitItemsNotVoided: ({ context, event }) =>
      (event as Ev<'SPLIT'>).itemIds.every((id) => findItem(context, id)?.status !== 'VOIDED'),
    nothingDue: ({ context }) => nothingDue(context),
    /** Some payment was taken, nothing is left to pay and nothing pending: the check is paid. */
    settled: ({ context }) => context.payments.some((p) => p.status !== 'PENDING') && nothingDue(context),
    paymentIsNew: ({ context, event }) => findPayment(context, (event as Ev<'RECORD_PAYMENT'>).payment.id) === undefined,
    withinDue: ({ context, event }) =>
      (event as Ev<'RECORD_PAYMENT'>).payment.amountCents <= totalsOf(context).dueCents - pendingOf(context.payments),
    paymentExists: ({ context, event }) => findPayment(context, (event as Ev<'CONFIRM_PAYMENT'>).paymentId) !== undefined,
    paymentPending: ({ context, event }) =>
      findPayment(context, (event as Ev<'CONFIRM_PAYMENT'>).paymentId)?.status === 'PENDING',
    refundable: ({ context, event }) => {
      const { paymentId, amountCents } = event as Ev<'REFUND_PAYMENT'>;
      const payment = findPayment(context, paymentId);
      return payment?.status === 'APPROVED' && amountCents <= payment.amountCents - payment.refundedCents;
    },
    ticketIsOpen: ({ context, event }) => findTicket(context, (event as Ev<'TICKET_BUMPED'>).ticketId)?.status === 'OPEN',
    ticketIsBumped: ({ context, event }) => findTicket(context, (event as Ev<'TICKET_RECALLED'>).ticketId)?.status === 'BUMPED',
    ticketExists: ({ context, event }) => findTicket(context, (event as Ev<'TICKET_RECEIVED'>).ticketId) !== undefined,
    ticketNotReceived: ({ context, event }) =>
      findTicket(context, (event as Ev<'TICKET_RECEIVED'>).ticketId)?.receivedAt === null,
    ticketNotPrinted: ({ context, event }) =>
      findTicket(context, (event as Ev<'TICKET_PRINTED'>).ticketId)?.printed === undefined,
    notServed: ({ context }) => context.servedAt === null,
    somethingFired: ({ context }) => context.items.some((i) => i.status === 'FIRED'),
    /** A check born of a split may come with its food already made. */
    somethingReady: ({ context }) => context.items.some((i) => i.status === 'READY'),
    everyTicketBumped: ({ context }) => context.tickets.every((t) => t.status === 'BUMPED' || !holdsItems(t)),
    /** Every item this order sent was split off onto another check: nothing of its own is in the kitchen. */
    nothingOnTickets: ({ context }) => !context.tickets.some(holdsItems),
    isSplitOff: ({ event }) => (event as Ev<'OPEN'>).splitFrom !== undefined,
  },
  actions: {
    // Decisions: what a command makes happen.
    decideOpen: emit(({ event }) => {
      const { orderId, number, dayNumber, terminalId, table, covers, servicePercent, splitFrom, at } = event as Ev<'OPEN'>;
      return {
        type: 'OrderOpened' as const,
        orderId,
        number,
        dayNumber,
        terminalId,
        table,
        covers,
        servicePercent,
        ...(splitFrom ? { splitFrom: splitFrom.orderId } : {}),
        at,
      };
    }),
    decideSplitIn: emit(({ event }) => {
      const { splitFrom, at } = event as Ev<'OPEN'>;
      const { orderId: fromOrderId, items, tickets, servedAt } = splitFrom!;
      return { type: 'ItemsSplitIn' as const, fromOrderId, items, tickets, servedAt, at };
    }),
    decideAddItem: emit(({ event }) => {
      const { item, weighing, at } = event as Ev<'ADD_ITEM'>;
      const approvedBy = weighing && !weighing.readByScale ? weighing.approvedBy : null;
      return { type: 'ItemAdded' as const, item, ...(approvedBy ? { approvedBy } : {}), at };
    }),
    decideSend: emit(({ context, event }) => {
      const { course, at } = event as Ev<'SEND'>;
      return { type: 'OrderSent' as const, send: context.sends + 1, course, tickets: ticketsToFire(context, { course, at }), at };
    }),
    decideVoid: emit(({ context, event }) => {
      const { itemId, reason, approvedBy, at } = event as Ev<'VOID_ITEM'>;
      const item = findItem(context, itemId)!;
      const onTicket = item.ticketId !== null && item.status !== 'NEW';
      const { productId, quantity, priceCents, grams } = item;
      return {
        type: 'ItemVoided' as const,
        itemId,
        reason,
        productId,
        quantity,
        priceCents,
        ...(grams !== undefined ? { grams } : {}),
        ticketId: onTicket ? item.ticketId : null,
        stationId: onTicket ? item.station : null,
        ...(approvedBy && onTicket ? { approvedBy } : {}),
        at,
      };
    }),
    decideCancel: emit(({ context, event }) => {
      const { reason, at } = event as Ev<'CANCEL'>;
      const items = context.items
        .filter((i) => i.status !== 'VOIDED')
        .map(({ productId, quantity, priceCents }) => ({ productId, quantity, priceCents }));
      return { type: 'OrderCancelled' as const, reason, items, at };
    }),
    decideReceived: emit(({ context, event }) => {
      const { ticketId, terminalId, receivedAt, at } = event as Ev<'TICKET_RECEIVED'>;
      return { type: 'TicketReceived' as const, ticketId, terminalId, receivedAt, ...movedTo(context, ticketId), at };
    }),
    decideUnacknowledged: emit(({ context, event }) => {
      const { ticketId, at } = event as Ev<'TICKET_UNACKNOWLEDGED'>;
      return { type: 'TicketUnacknowledged' as const, ticketId, ...movedTo(context, ticketId), at };
    }),
    decideBumped: emit(({ context, event }) => {
      const { ticketId, at } = event as Ev<'TICKET_BUMPED'>;
      return { type: 'TicketBumped' as const, ticketId, ...movedTo(context, ticketId), at };
    }),
    decideRecalled: emit(({ context, event }) => {
      const { ticketId, at } = event as Ev<'TICKET_RECALLED'>;
      return { type: 'TicketRecalled' as const, ticketId, ...movedTo(context, ticketId), at };
    }),
    decidePrinted: emit(({ context, event }) => {
      const { ticketId, deviceId, printedAt, at } = event as Ev<'TICKET_PRINTED'>;
      return { type: 'TicketPrinted' as const, ticketId, deviceId, printedAt, ...movedTo(context, ticketId), at };
    }),
    decideServe: emit(({ event }) => ({ type: 'OrderServed' as const, at: event.at })),
    decideDiscount: emit(({ event }) => {
      const { discount, approvedBy, at } = event as Ev<'GIVE_DISCOUNT'>;
      return { type: 'DiscountGiven' as const, discount: { ...discount, approvedBy: approvedBy! }, at };
    }),
    decideService: emit(({ event }): OrderFact => {
      const { waived, reason, approvedBy, at } = event as Ev<'SET_SERVICE'>;
      return waived ? { type: 'ServiceWaived', reason, approvedBy: approvedBy!, at } : { type: 'ServiceRestored', reason, at };
    }),
    decideSplit: emit(({ context, event }) => {
      const { itemIds, newOrderId, splitBy, at } = event as Ev<'SPLIT'>;
      const items = context.items.filter((i) => itemIds.includes(i.id));
      const tickets = context.tickets.flatMap((t) => {
        const moved = t.itemIds.filter((id) => itemIds.includes(id));
        return moved.length > 0 ? [{ ...t, itemIds: moved }] : [];
      });
      const { id: orderId, dayNumber, terminalId, table, servicePercent, servedAt } = context;
      return {
        type: 'ItemsSplitOff' as const,
        orderId,
        toOrderId: newOrderId,
        items,
        tickets,
        dayNumber,
        terminalId,
        table,
        servicePercent,
        servedAt,
        splitBy,
        at,
      };
    }),
    decideClose: emit(({ event }) => ({ type: 'OrderClosed' as const, at: event.at })),
    decidePayment: emit(({ event }) => {
      const { payment, userId, at } = event as Ev<'RECORD_PAYMENT'>;
      return { type: 'PaymentRecorded' as const, payment: { ...payment, refundedCents: 0, at, userId }, at };
    }),
    decideConfirm: emit(({ event }) => {
      const { paymentId, acquirer, authCode, at } = event as Ev<'CONFIRM_PAYMENT'>;
      return { type: 'PaymentConfirmed' as const, paymentId, ...(acquirer && authCode ? { acquirer, authCode } : {}), at };
    }),
    decideFail: emit(({ event }) => {
      const { paymentId, reason, at } = event as Ev<'FAIL_PAYMENT'>;
      return { type: 'PaymentFailed' as const, paymentId, reason, at };
    }),
    decideRefund: emit(({ event }) => {
      const { paymentId, amountCents, reason, approvedBy, at } = event as Ev<'REFUND_PAYMENT'>;
      return { type: 'PaymentRefunded' as const, paymentId, amountCents, reason, ...(approvedBy ? { approvedBy } : {}), at };
    }),

    // Evolution: what a fact changes.
    opened: assign(({ event }) => {
      const {
        orderId: id,
        number,
        dayNumber = null,
        terminalId,
        table,
        covers,
        servicePercent = 0,
        at,
      } = event as Ev<'OrderOpened'>;
      return { id, number, dayNumber, terminalId, table, covers, servicePercent, openedAt: at };
    }),
    splitIn: assign(({ event }) => {
      const { items, tickets, servedAt } = event as Ev<'ItemsSplitIn'>;
      return { items, tickets, servedAt };
    }),
    itemAdded: assign({
      items: ({ context, event }) => [
        ...context.items,
        { ...(event as Ev<'ItemAdded'>).item, status: 'NEW' as const, ticketId: null },
      ],
    }),
    sent: assign(({ context, event }) => {
      const { send, tickets } = event as Ev<'OrderSent'>;
      const ticketOf = new Map(tickets.flatMap((t) => t.items.map((i) => [i.itemId, t.id] as const)));
      return {
        sends: send,
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
    itemVoided: assign({
      items: ({ context, event }) =>
        context.items.map((i) => (i.id === (event as Ev<'ItemVoided'>).itemId ? { ...i, status: 'VOIDED' as const } : i)),
    }),
    ticketBumped: assign(({ context, event }) => {
      const { ticketId, at } = event as Ev<'TicketBumped'>;
      return {
        items: withTicketItems(context, ticketId, 'READY'),
        tickets: withTicket(context, ticketId, { status: 'BUMPED', bumpedAt: at }),
      };
    }),
    ticketRecalled: assign(({ context, event }) => {
      const { ticketId } = event as Ev<'TicketRecalled'>;
      return {
        items: withTicketItems(context, ticketId, 'FIRED'),
        tickets: withTicket(context, ticketId, { status: 'OPEN', bumpedAt: null }),
        // A ticket whose items all moved to another check brings nothing of this order back to the pass.
        servedAt: holdsItems(findTicket(context, ticketId)) ? null : context.servedAt,
      };
    }),
    ticketReceived: assign({
      tickets: ({ context, event }) => {
        const { ticketId, terminalId, receivedAt } = event as Ev<'TicketReceived'>;
        return withTicket(context, ticketId, { receivedAt, receivedBy: terminalId, unacknowledged: false });
      },
    }),
    ticketUnacknowledged: assign({
      tickets: ({ context, event }) =>
        withTicket(context, (event as Ev<'TicketUnacknowledged'>).ticketId, { unacknowledged: true }),
    }),
    ticketPrinted: assign({
      tickets: ({ context, event }) => {
        const { ticketId, deviceId, printedAt } = event as Ev<'TicketPrinted'>;
        return withTicket(context, ticketId, { printed: { deviceId, at: printedAt } });
      },
    }),
    served: assign({ servedAt: ({ event }) => event.at }),
    discountGiven: assign({
      discounts: ({ context, event }) => [...context.discounts, (event as Ev<'DiscountGiven'>).discount],
    }),
    serviceWaived: assign({ serviceWaived: true }),
    serviceRestored: assign({ serviceWaived: false }),
    splitOff: assign(({ context, event }) => {
      const { toOrderId, items, tickets } = event as Ev<'ItemsSplitOff'>;
      const moved = new Set(items.map((i) => i.id));
      return {
        items: context.items.filter((i) => !moved.has(i.id)),
        tickets: context.tickets.map((t) =>
          t.itemIds.some((id) => moved.has(id)) ? { ...t, itemIds: t.itemIds.filter((id) => !moved.has(id)) } : t,
        ),
        splits:
          tickets.length > 0 ? [...context.splits, { orderId: toOrderId, ticketIds: tickets.map((t) => t.id) }] : context.splits,
      };
    }),
    paymentRecorded: assign({
      payments: ({ context, event }) => [...context.payments, (event as Ev<'PaymentRecorded'>).payment],
    }),
    paymentConfirmed: assign({
      payments: ({ context, event }) => {
        const { paymentId, acquirer, authCode } = event as Ev<'PaymentConfirmed'>;
        return context.payments.map((p) =>
          p.id === paymentId ? { ...p, status: 'APPROVED' as const, ...(acquirer && authCode ? { acquirer, authCode } : {}) } : p,
        );
      },
    }),
    paymentFailed: assign({
      payments: ({ context, event }) => context.payments.filter((p) => p.id !== (event as Ev<'PaymentFailed'>).paymentId),
    }),
    paymentRefunded: assign({
      payments: ({ context, event }) => {
        const { paymentId, amountCents } = event as Ev<'PaymentRefunded'>;
        return context.payments.map((p) => {
          if (p.id !== paymentId) return p;
          const refundedCents = p.refundedCents + amountCents;
          return { ...p, refundedCents, status: refundedCents === p.amountCents ? ('REFUNDED' as const) : p.status };
        });
      },
    }),
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
    dayNumber: null,
    items: [],
    tickets: [],
    sends: 0,
    servedAt: null,
    servicePercent: 0,
    discounts: [],
    serviceWaived: false,
    payments: [],
    splits: [],
  },
  initial: 'new',
  states: {
    new: {
      on: {
        OPEN: [{ guard: 'isSplitOff', actions: ['decideOpen', 'decideSplitIn'] }, { actions: 'decideOpen' }],
        OrderOpened: { target: 'opened', actions: 'opened' },
      },
    },
    opened: {
      type: 'parallel',
      on: {
        TICKET_BUMPED: { guard: and(['ticketExists', 'ticketIsOpen']), actions: 'decideBumped' },
        TICKET_RECALLED: { guard: and(['ticketExists', 'ticketIsBumped']), actions: 'decideRecalled' },
        TICKET_RECEIVED: { guard: and(['ticketExists', 'ticketNotReceived']), actions: 'decideReceived' },
        TICKET_UNACKNOWLEDGED: { guard: and(['ticketExists', 'ticketNotReceived']), actions: 'decideUnacknowledged' },
        TICKET_PRINTED: { guard: and(['ticketExists', 'ticketNotPrinted']), actions: 'decidePrinted' },
        // A fact names a ticket or item the order holds; one that does not is not taken, and the fold says so.
        TicketBumped: { guard: 'ticketExists', actions: 'ticketBumped' },
        TicketRecalled: { guard: 'ticketExists', actions: 'ticketRecalled' },
        TicketReceived: { guard: 'ticketExists', actions: 'ticketReceived' },
        TicketUnacknowledged: { guard: 'ticketExists', actions: 'ticketUnacknowledged' },
        TicketPrinted: { guard: 'ticketExists', actions: 'ticketPrinted' },
      },
      states: {
        // OPEN and PAID follow from the check, as the kitchen follows from the tickets: PAID once a payment was
        // taken and nothing is due or pending, OPEN again as soon as something is (an item rung, a refund).
        status: {
          initial: 'OPEN',
          states: {
            OPEN: {
              always: { guard: 'settled', target: 'PAID' },
              on: {
                ...ON_THE_CHECK,
                CANCEL: { guard: and(['nothingSent', 'staysCovered']), actions: 'decideCancel' },
                OrderCancelled: { target: 'CANCELLED' },
                ItemsSplitIn: { actions: 'splitIn' },
              },
            },
            PAID: { always: { guard: not('settled'), target: 'OPEN' }, on: ON_THE_CHECK },
            // A closed check's table is free, but its payments may still be refunded.
            CLOSED: {
              on: { REFUND_PAYMENT: ON_THE_CHECK.REFUND_PAYMENT, PaymentRefunded: ON_THE_CHECK.PaymentRefunded },
            },
            CANCELLED: {},
          },
        },
        // The kitchen state follows from the items and tickets: it is never commanded directly.
        // A split may take all that an order sent (back to NONE) or bring a new check food already made (READY).
        kitchen: {
          initial: 'NONE',
          states: {
            NONE: {
              always: [
                { guard: 'somethingFired', target: 'SENT' },
                { guard: 'somethingReady', target: 'READY' },
              ],
            },
            SENT: {
              always: [
                { guard: 'nothingOnTickets', target: 'NONE' },
                { guard: 'everyTicketBumped', target: 'READY' },
              ],
            },
            READY: {
              always: [
                { guard: 'nothingOnTickets', target: 'NONE' },
                { guard: 'somethingFired', target: 'SENT' },
              ],
              on: {
                SERVE: { guard: 'notServed', actions: 'decideServe' },
                OrderServed: { actions: 'served' },
              },
            },
          },
        },
      },
    },
  },
});

export const orderRefusals: Refusals<OrderContext, OrderCommand> = {
  productAvailable: {
    type: 'PRODUCT_UNAVAILABLE',
    message: (_, e) => `${(e as Ev<'ADD_ITEM'>).item.name} is 86'd (not available): pick another product.`,
  },
  weightVouchedFor: {
    type: 'APPROVAL_REQUIRED',
    // The weight as the English of the messages reads it (the screens say it in their own language).
    message: (_, e) =>
      `${kilos((e as Ev<'ADD_ITEM'>).item.grams!, 'en')} was not read by this terminal's scale: weigh the plate, or have a manager type the weight (approval: { pin }).`,
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
  voidApproved: {
    type: 'APPROVAL_REQUIRED',
    message: (context, e) =>
      `${findItem(context, (e as Ev<'VOID_ITEM'>).itemId)?.name ?? 'This item'} was already fired: voiding it needs a manager's approval (approval: { pin }).`,
  },
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
  ticketNotPrinted: {
    type: 'INVALID_TRANSITION',
    message: (_, e) => `Ticket ${(e as Ev<'TICKET_PRINTED'>).ticketId} was printed already.`,
  },
  notServed: { type: 'ALREADY_SERVED', message: () => 'This order was already served: nothing new is ready since.' },
  staysCovered: {
    type: 'PAID_BEYOND_TOTAL',
    message: (context) =>
      `${money(totalsOf(context).paidCents + pendingOf(context.payments))} is paid on this check: this would leave it owing less than that. Refund a payment first.`,
  },
  discountApproved: {
    type: 'APPROVAL_REQUIRED',
    message: () => "A discount needs a manager's approval (approval: { pin }).",
  },
  hasServiceCharge: {
    type: 'INVALID_TRANSITION',
    message: (context) =>
      context.table === null
        ? 'This order has no table: it has no service charge to waive or charge.'
        : 'This order has no service charge (SERVICE_CHARGE_PERCENT was 0 when it was opened).',
  },
  serviceChanges: {
    type: 'INVALID_TRANSITION',
    message: (context) => `The service charge is already ${context.serviceWaived ? 'waived' : 'charged'} on this order.`,
  },
  waiverApproved: {
    type: 'APPROVAL_REQUIRED',
    message: () => "Waiving the service charge needs a manager's approval (approval: { pin }).",
  },
  splitItemsExist: {
    type: 'UNKNOWN_ITEM',
    message: (context, e) =>
      `This order has no item ${(e as Ev<'SPLIT'>).itemIds.find((id) => !findItem(context, id))}: nothing was moved.`,
  },
  splitItemsNotVoided: {
    type: 'ITEM_ALREADY_VOIDED',
    message: (context, e) =>
      `Item ${(e as Ev<'SPLIT'>).itemIds.find((id) => findItem(context, id)?.status === 'VOIDED')} is voided: it cannot move to another check.`,
  },
  nothingDue: {
    type: 'AMOUNT_DUE',
    message: (context) => {
      const pending = pendingOf(context.payments);
      const due = totalsOf(context).dueCents;
      return pending > 0
        ? `${money(pending)} of this check is pending (a PIX not yet paid, or a card charge whose outcome is not known yet): it closes once that is paid.`
        : `${money(due)} is still due on this check: take payment before closing it.`;
    },
    data: (context) => ({ dueCents: totalsOf(context).dueCents }),
  },
  paymentIsNew: {
    type: 'INVALID_TRANSITION',
    message: (_, e) => `Payment ${(e as Ev<'RECORD_PAYMENT'>).payment.id} is already on this order.`,
  },
  withinDue: {
    type: 'OVERPAYMENT',
    message: (context, e) =>
      `${money((e as Ev<'RECORD_PAYMENT'>).payment.amountCents)} is more than the ${money(totalsOf(context).dueCents - pendingOf(context.payments))} due: tips go in tipCents.`,
  },
  paymentExists: {
    type: 'UNKNOWN_PAYMENT',
    message: (_, e) => `This order has no payment ${(e as Ev<'CONFIRM_PAYMENT'>).paymentId}.`,
  },
  paymentPending: {
    type: 'INVALID_TRANSITION',
    message: (_, e) => `Payment ${(e as Ev<'CONFIRM_PAYMENT'>).paymentId} is not pending.`,
  },
  refundable: {
    type: 'INVALID_TRANSITION',
    message: (context, e) => {
      const { paymentId } = e as Ev<'REFUND_PAYMENT'>;
      const payment = findPayment(context, paymentId)!;
      return payment.status === 'APPROVED'
        ? `At most ${money(payment.amountCents - payment.refundedCents)} of payment ${paymentId} is left to refund.`
        : `Payment ${paymentId} is ${payment.status === 'PENDING' ? 'still pending' : 'refunded already'}: there is nothing to refund.`;
    },
  },
};
