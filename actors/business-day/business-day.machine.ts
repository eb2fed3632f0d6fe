import { and, assign, emit, setup } from 'xstate';
import type { DayReport, DrawerReportLine } from '../../shared/contract/index.js';
import type { Refusals } from '../../shared/runtime/refusal.js';
import type { OrderSales } from '../order/order-sales.projection.js';
import { dayReport } from './day-report.js';

/** The days so far, as the one stream of days knows them: the last day, open or closed. */
export interface DayContext {
  /** The last day's number; 0 before the first. */
  number: number;
  businessDate: string;
  openedAt: string;
  openedBy: string;
  closedAt: string | null;
  closedBy: string | null;
}

/** An order still open when the day is to close, as the refusal names it. */
export interface OpenOrder {
  id: string;
  number: number;
  table: number | null;
}

/**
 * What a manager asks of the days. The machine cannot read other actors, so the service reads what the
 * close depends on (the orders and drawers still open, the day's order-sales rows and drawer lines) and
 * hands it over in the command: the guard refuses naming what is open, and the Z report is made here, once,
 * and kept in the fact, so it never changes.
 */
export type DayCommand =
  /** `today`: the server's local date; `by`: the manager. */
  | { type: 'OPEN_DAY'; businessDate: string; today: string; by: string; at: string }
  /** `dayNumber`: the day the service read open and summed `orders` of (another day may have opened since). */
  | {
      type: 'CLOSE_DAY';
      dayNumber: number | null;
      openOrders: OpenOrder[];
      openDrawers: string[];
      orders: OrderSales[];
      drawers: DrawerReportLine[];
      by: string;
      at: string;
    };

export type DayFact =
  | { type: 'DayOpened'; number: number; businessDate: string; openedBy: string; at: string }
  /** The Z report as it was at the close: it is never computed again. */
  | { type: 'DayClosed'; number: number; zReport: DayReport; closedBy: string; at: string };

export const DAY_FACTS = ['DayOpened', 'DayClosed'] as const satisfies readonly DayFact['type'][];

type DayEvent = DayCommand | DayFact;
type Ev<T extends DayEvent['type']> = Extract<DayEvent, { type: T }>;

const isOpen = (context: DayContext) => context.number > 0 && context.closedAt === null;

/** A real YYYY-MM-DD (the params check the pattern; this, that the month has that day). */
export function isCalendarDate(date: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

/**
 * The business days, one stream: OPEN_DAY numbers the next day (the one writer makes the numbers gap-free),
 * CLOSE_DAY closes it with its Z report. Commands are decided on the context (the last day) and only emit
 * facts; facts change the state and never refuse.
 */
export const businessDayMachine = setup({
  types: {
    context: {} as DayContext,
    events: {} as DayEvent,
    emitted: {} as DayFact,
  },
  guards: {
    noDayOpen: ({ context }) => !isOpen(context),
    isCalendarDate: ({ event }) => isCalendarDate((event as Ev<'OPEN_DAY'>).businessDate),
    notAfterToday: ({ event }) => (event as Ev<'OPEN_DAY'>).businessDate <= (event as Ev<'OPEN_DAY'>).today,
    notBeforeLastDay: ({ context, event }) => (event as Ev<'OPEN_DAY'>).businessDate >= context.businessDate,
    isTheOpenDay: ({ context, event }) => isOpen(context) && (event as Ev<'CLOSE_DAY'>).dayNumber === context.number,
    noDrawersOpen: ({ event }) => (event as Ev<'CLOSE_DAY'>).openDrawers.length === 0,
    noOrdersOpen: ({ event }) => (event as Ev<'CLOSE_DAY'>).openOrders.length === 0,
  },
  actions: {
    decideOpen: emit(({ context, event }) => {
      const { businessDate, by, at } = event as Ev<'OPEN_DAY'>;
      return { type: 'DayOpened' as const, number: context.number + 1, businessDate, openedBy: by, at };
    }),
    decideClose: emit(({ context, event }) => {
      const { orders, drawers, by, at } = event as Ev<'CLOSE_DAY'>;
      const { number: dayNumber, businessDate, openedAt } = context;
      const zReport = dayReport({ dayNumber, businessDate, openedAt, closedAt: at }, orders, drawers);
      return { type: 'DayClosed' as const, number: dayNumber, zReport, closedBy: by, at };
    }),
    opened: assign(({ event }) => {
      const { number, businessDate, openedBy, at } = event as Ev<'DayOpened'>;
      return { number, businessDate, openedAt: at, openedBy, closedAt: null, closedBy: null };
    }),
    closed: assign(({ event }) => {
      const { closedBy, at } = event as Ev<'DayClosed'>;
      return { closedAt: at, closedBy };
    }),
  },
}).createMachine({
  id: 'business-day',
  context: { number: 0, businessDate: '', openedAt: '', openedBy: '', closedAt: null, closedBy: null },
  initial: 'none',
  on: {
    OPEN_DAY: {
      guard: and(['noDayOpen', 'isCalendarDate', 'notAfterToday', 'notBeforeLastDay']),
      actions: 'decideOpen',
    },
    CLOSE_DAY: { guard: and(['isTheOpenDay', 'noDrawersOpen', 'noOrdersOpen']), actions: 'decideClose' },
  },
  states: {
    none: { on: { DayOpened: { target: 'OPEN', actions: 'opened' } } },
    OPEN: { on: { DayClosed: { target: 'CLOSED', actions: 'closed' } } },
    CLOSED: { on: { DayOpened: { target: 'OPEN', actions: 'opened' } } },
  },
});

const named = (orders: OpenOrder[]) =>
  orders.map((o) => (o.table === null ? `#${o.number}` : `#${o.number} (table ${o.table})`)).join(', ');

export const businessDayRefusals: Refusals<DayContext, DayCommand> = {
  noDayOpen: {
    type: 'DAY_ALREADY_OPEN',
    message: (c) => `Day ${c.number} (${c.businessDate}) is open: close it before opening another.`,
  },
  isCalendarDate: {
    type: 'BUSINESS_DATE_INVALID',
    message: (_, e) => `${(e as Ev<'OPEN_DAY'>).businessDate} is not a date of the calendar.`,
  },
  notAfterToday: {
    type: 'BUSINESS_DATE_INVALID',
    message: (_, e) => {
      const { businessDate, today } = e as Ev<'OPEN_DAY'>;
      return `${businessDate} is after today (${today}): a day is opened for today or a day before.`;
    },
  },
  notBeforeLastDay: {
    type: 'BUSINESS_DATE_INVALID',
    message: (c, e) =>
      `${(e as Ev<'OPEN_DAY'>).businessDate} is before the last day's date (${c.businessDate}, day ${c.number}).`,
  },
  isTheOpenDay: {
    type: 'DAY_NOT_OPEN',
    message: (c, e) => {
      if (c.number === 0) return 'No day was ever opened.';
      if (!isOpen(c)) return `No day is open: day ${c.number} is closed.`;
      return `Day ${(e as Ev<'CLOSE_DAY'>).dayNumber} is not open: day ${c.number} was opened since.`;
    },
  },
  noDrawersOpen: {
    type: 'DRAWERS_OPEN',
    message: (_, e) => `Close the cash drawers first: ${(e as Ev<'CLOSE_DAY'>).openDrawers.join(', ')} still open.`,
    data: (_, e) => ({ drawers: (e as Ev<'CLOSE_DAY'>).openDrawers }),
  },
  noOrdersOpen: {
    type: 'ORDERS_OPEN',
    message: (_, e) => `Close or cancel the open orders first: ${named((e as Ev<'CLOSE_DAY'>).openOrders)}.`,
    data: (_, e) => ({ orders: (e as Ev<'CLOSE_DAY'>).openOrders }),
  },
};
