import { and, assign, emit, setup } from 'xstate';
import type { LastCloseView, MovementView, Role } from '../../shared/contract/index.js';
import type { Refusals } from '../../shared/runtime/refusal.js';
import { expectedCash } from './expected-cash.js';

/** Who gives a command: the drawer's cashier, a manager, or someone else. */
export interface Acting {
  userId: string;
  role: Role;
}

export interface DrawerContext {
  id: string;
  terminalId: string;
  /** Null while the drawer is closed. */
  cashierId: string | null;
  openedAt: string | null;
  floatCents: number | null;
  /** Cash above this wants a drop to the safe: DRAWER_MAX_CENTS as it was when the drawer was opened. */
  maxCents: number;
  /** This session's movements, oldest first; the last session's once closed. */
  movements: MovementView[];
  lastClose: LastCloseView | null;
  /**
   * What its printer's sensor last told of an open spell: open since `since`, and left open (the alert stands)
   * or shut since. Absent until a printer first told it; kept whether or not a session is open.
   */
  sensor?: { since: string; leftOpen: boolean };
}

/** What cashiers, managers and payments ask of a drawer. The machine decides; only facts are stored. */
export type DrawerCommand =
  /** `dayNumber`: the business day open when it was asked, null when none was. */
  | {
      type: 'OPEN';
      drawerId: string;
      terminalId: string;
      floatCents: number;
      maxCents: number;
      dayNumber: number | null;
      by: Acting;
      at: string;
    }
  | { type: 'PAY_IN'; amountCents: number; reason: string; by: Acting; at: string }
  /** `limitCents`: PAYOUT_LIMIT_CENTS as it was; `approvedBy`: the manager whose PIN approved it, if any. */
  | {
      type: 'PAY_OUT';
      amountCents: number;
      reason: string;
      limitCents: number;
      approvedBy: string | null;
      by: Acting;
      at: string;
    }
  | { type: 'DROP'; amountCents: number; by: Acting; at: string }
  | { type: 'NO_SALE'; reason: string; approvedBy: string | null; by: Acting; at: string }
  /** Anyone who takes payments puts cash in: `userId` took it. */
  | { type: 'CASH_SALE'; orderId: string; amountCents: number; userId: string; at: string }
  /** Taking cash out for a refund is for the drawer's cashier or a manager, like any cash out. */
  | { type: 'CASH_REFUND'; orderId: string; amountCents: number; by: Acting; at: string }
  | { type: 'COUNT'; by: Acting; at: string }
  | { type: 'CLOSE'; countedCents: number; by: Acting; at: string }
  /** From its terminal's receipt printer: open since `since`, `seconds` when it was found left open. */
  | { type: 'LEFT_OPEN'; drawerId: string; terminalId: string; since: string; seconds: number; at: string }
  /** From its terminal's receipt printer: the spell left open since `since` ended, the drawer is shut. */
  | { type: 'SHUT'; drawerId: string; terminalId: string; since: string; at: string };

/** What happened to a drawer, in the past tense, with every value the decision produced. */
export type DrawerFact =
  | {
      type: 'DrawerOpened';
      drawerId: string;
      terminalId: string;
      cashierId: string;
      floatCents: number;
      maxCents: number;
      /** The business day the session is of; absent in facts stored before drawers knew their day. */
      dayNumber?: number;
      at: string;
    }
  | { type: 'CashPaidIn'; amountCents: number; reason: string; userId: string; at: string }
  | { type: 'CashPaidOut'; amountCents: number; reason: string; userId: string; approvedBy: string | null; at: string }
  | { type: 'CashDropped'; amountCents: number; userId: string; at: string }
  | { type: 'NoSaleOpened'; reason: string; userId: string; approvedBy: string | null; at: string }
  | { type: 'CashSaleTaken'; orderId: string; amountCents: number; userId: string; at: string }
  | { type: 'CashRefunded'; orderId: string; amountCents: number; userId: string; at: string }
  | { type: 'BlindCountStarted'; userId: string; at: string }
  /**
   * The expected cash as it was decided: a rebuild never sums it again. `drawerId` and `terminalId` tell its
   * terminal (absent in closes stored before terminals showed their drawers; nothing folds them).
   */
  | {
      type: 'DrawerClosed';
      drawerId: string;
      terminalId: string;
      expectedCents: number;
      countedCents: number;
      overShortCents: number;
      cashierId: string;
      closedBy: string;
      at: string;
    }
  /** Its printer found it open since `since` for `seconds`: the manager is told, and the alert stands until it shuts. */
  | { type: 'LeftOpenAlertRaised'; drawerId: string; terminalId: string; since: string; seconds: number; at: string }
  | { type: 'LeftOpenAlertCleared'; drawerId: string; terminalId: string; since: string; at: string };

export const DRAWER_FACTS = [
  'DrawerOpened',
  'CashPaidIn',
  'CashPaidOut',
  'CashDropped',
  'NoSaleOpened',
  'CashSaleTaken',
  'CashRefunded',
  'BlindCountStarted',
  'DrawerClosed',
  'LeftOpenAlertRaised',
  'LeftOpenAlertCleared',
] as const satisfies readonly DrawerFact['type'][];

type DrawerEvent = DrawerCommand | DrawerFact;
type Ev<T extends DrawerEvent['type']> = Extract<DrawerEvent, { type: T }>;
type MovementFact = Ev<'CashPaidIn' | 'CashPaidOut' | 'CashDropped' | 'NoSaleOpened' | 'CashSaleTaken' | 'CashRefunded'>;
/** Commands that name who gives them. */
type ActingCommand = Extract<DrawerCommand, { by: Acting }>;
/** Commands that take cash out. */
type CashOut = Ev<'PAY_OUT' | 'DROP' | 'CASH_REFUND'>;

const optional = <K extends string, V>(key: K, value: V | null) => (value === null ? {} : ({ [key]: value } as Record<K, V>));

/** The movement a fact records: the drawer's own and the day's report (drawer-sessions) read it alike. */
export function movementOf(fact: MovementFact): MovementView {
  const { at, userId } = fact;
  switch (fact.type) {
    case 'CashPaidIn':
      return { at, type: 'PAY_IN', amountCents: fact.amountCents, reason: fact.reason, userId };
    case 'CashPaidOut':
      return {
        at,
        type: 'PAY_OUT',
        amountCents: fact.amountCents,
        reason: fact.reason,
        userId,
        ...optional('approvedBy', fact.approvedBy),
      };
    case 'CashDropped':
      return { at, type: 'DROP', amountCents: fact.amountCents, userId };
    case 'NoSaleOpened':
      return { at, type: 'NO_SALE', amountCents: 0, reason: fact.reason, userId, ...optional('approvedBy', fact.approvedBy) };
    case 'CashSaleTaken':
      return { at, type: 'SALE', amountCents: fact.amountCents, userId, orderId: fact.orderId };
    case 'CashRefunded':
      return { at, type: 'REFUND', amountCents: fact.amountCents, userId, orderId: fact.orderId };
  }
}

const money = (cents: number) => (cents / 100).toFixed(2);

/**
 * A cash drawer, from its float to its blind count and close. Commands (upper case) are decided by guards and
 * emit facts; facts (past tense) change the context and never refuse. Cash is never stored: it is summed from
 * the movements (expectedCash) wherever it is needed.
 */
export const drawerMachine = setup({
  types: {
    context: {} as DrawerContext,
    events: {} as DrawerEvent,
    emitted: {} as DrawerFact,
  },
  guards: {
    dayIsOpen: ({ event }) => (event as Ev<'OPEN'>).dayNumber !== null,
    // Reached only where cash cannot move (CLOSED, COUNTING): the OPEN state takes cash sales and refunds first.
    drawerIsOpen: () => false,
    byItsCashierOrAManager: ({ context, event }) => {
      const { by } = event as ActingCommand;
      return by.role === 'MANAGER' || by.userId === context.cashierId;
    },
    approvedOverTheLimit: ({ event }) => {
      const { amountCents, limitCents, approvedBy, by } = event as Ev<'PAY_OUT'>;
      return amountCents <= limitCents || approvedBy !== null || by.role === 'MANAGER';
    },
    approvedOrAManager: ({ event }) => {
      const { approvedBy, by } = event as Ev<'NO_SALE'>;
      return approvedBy !== null || by.role === 'MANAGER';
    },
    enoughCash: ({ context, event }) => (event as CashOut).amountCents <= expectedCash(context.movements),
    // The printer's messages come through the outbox, where one may be retried after the next: a spell already
    // told of (a shut that overtook its alert) is not raised again, and an older spell's shut clears no newer alert.
    aNewSpell: ({ context, event }) => (event as Ev<'LEFT_OPEN'>).since > (context.sensor?.since ?? ''),
    notAnOlderSpell: ({ context, event }) => (event as Ev<'SHUT'>).since >= (context.sensor?.since ?? ''),
  },
  actions: {
    // Decisions: what a command makes happen.
    decideOpen: emit(({ event }) => {
      const { drawerId, terminalId, floatCents, maxCents, dayNumber, by, at } = event as Ev<'OPEN'>;
      return {
        type: 'DrawerOpened' as const,
        drawerId,
        terminalId,
        cashierId: by.userId,
        floatCents,
        maxCents,
        dayNumber: dayNumber!,
        at,
      };
    }),
    decidePayIn: emit(({ event }) => {
      const { amountCents, reason, by, at } = event as Ev<'PAY_IN'>;
      return { type: 'CashPaidIn' as const, amountCents, reason, userId: by.userId, at };
    }),
    decidePayOut: emit(({ event }) => {
      const { amountCents, reason, approvedBy, by, at } = event as Ev<'PAY_OUT'>;
      return { type: 'CashPaidOut' as const, amountCents, reason, userId: by.userId, approvedBy, at };
    }),
    decideDrop: emit(({ event }) => {
      const { amountCents, by, at } = event as Ev<'DROP'>;
      return { type: 'CashDropped' as const, amountCents, userId: by.userId, at };
    }),
    decideNoSale: emit(({ event }) => {
      const { reason, approvedBy, by, at } = event as Ev<'NO_SALE'>;
      return { type: 'NoSaleOpened' as const, reason, userId: by.userId, approvedBy, at };
    }),
    decideCashSale: emit(({ event }) => {
      const { orderId, amountCents, userId, at } = event as Ev<'CASH_SALE'>;
      return { type: 'CashSaleTaken' as const, orderId, amountCents, userId, at };
    }),
    decideCashRefund: emit(({ event }) => {
      const { orderId, amountCents, by, at } = event as Ev<'CASH_REFUND'>;
      return { type: 'CashRefunded' as const, orderId, amountCents, userId: by.userId, at };
    }),
    decideCount: emit(({ event }) => {
      const { by, at } = event as Ev<'COUNT'>;
      return { type: 'BlindCountStarted' as const, userId: by.userId, at };
    }),
    decideClose: emit(({ context, event }) => {
      const { countedCents, by, at } = event as Ev<'CLOSE'>;
      const expectedCents = expectedCash(context.movements);
      return {
        type: 'DrawerClosed' as const,
        drawerId: context.id,
        terminalId: context.terminalId,
        expectedCents,
        countedCents,
        overShortCents: countedCents - expectedCents,
        cashierId: context.cashierId!,
        closedBy: by.userId,
        at,
      };
    }),
    decideLeftOpen: emit(({ event }) => {
      const { drawerId, terminalId, since, seconds, at } = event as Ev<'LEFT_OPEN'>;
      return { type: 'LeftOpenAlertRaised' as const, drawerId, terminalId, since, seconds, at };
    }),
    decideShut: emit(({ event }) => {
      const { drawerId, terminalId, since, at } = event as Ev<'SHUT'>;
      return { type: 'LeftOpenAlertCleared' as const, drawerId, terminalId, since, at };
    }),

    // Evolution: what a fact changes.
    opened: assign(({ event }) => {
      const { drawerId: id, terminalId, cashierId, floatCents, maxCents, at } = event as Ev<'DrawerOpened'>;
      // A new session: the last one's movements are gone from the drawer, its close stays on record.
      const float: MovementView = { at, type: 'FLOAT', amountCents: floatCents, userId: cashierId };
      return { id, terminalId, cashierId, openedAt: at, floatCents, maxCents, movements: [float] };
    }),
    moved: assign({
      movements: ({ context, event }) => [...context.movements, movementOf(event as MovementFact)],
    }),
    closed: assign(({ event }) => {
      const { expectedCents, countedCents, overShortCents, cashierId, closedBy, at } = event as Ev<'DrawerClosed'>;
      return {
        cashierId: null,
        openedAt: null,
        floatCents: null,
        lastClose: { expectedCents, countedCents, overShortCents, closedAt: at, closedBy, cashierId },
      };
    }),
    // A drawer never opened learns its place from the first fact it gets.
    sensed: assign(({ event }) => {
      const { type, drawerId: id, terminalId, since } = event as Ev<'LeftOpenAlertRaised' | 'LeftOpenAlertCleared'>;
      return { id, terminalId, sensor: { since, leftOpen: type === 'LeftOpenAlertRaised' } };
    }),
  },
}).createMachine({
  id: 'drawer',
  context: {
    id: '',
    terminalId: '',
    cashierId: null,
    openedAt: null,
    floatCents: null,
    maxCents: 0,
    movements: [],
    lastClose: null,
  },
  initial: 'CLOSED',
  // Payments bring and take cash whatever the drawer's state: anywhere but OPEN they are told it is not open.
  // A drawer left open is an alert whatever its session: an idle drawer hanging open is as much the manager's.
  on: {
    CASH_SALE: { guard: 'drawerIsOpen' },
    CASH_REFUND: { guard: 'drawerIsOpen' },
    LEFT_OPEN: { guard: 'aNewSpell', actions: 'decideLeftOpen' },
    SHUT: { guard: 'notAnOlderSpell', actions: 'decideShut' },
    LeftOpenAlertRaised: { actions: 'sensed' },
    LeftOpenAlertCleared: { actions: 'sensed' },
  },
  states: {
    CLOSED: {
      on: {
        OPEN: { guard: 'dayIsOpen', actions: 'decideOpen' },
        DrawerOpened: { target: 'OPEN', actions: 'opened' },
      },
    },
    OPEN: {
      on: {
        PAY_IN: { guard: 'byItsCashierOrAManager', actions: 'decidePayIn' },
        PAY_OUT: {
          guard: and(['byItsCashierOrAManager', 'approvedOverTheLimit', 'enoughCash']),
          actions: 'decidePayOut',
        },
        DROP: { guard: and(['byItsCashierOrAManager', 'enoughCash']), actions: 'decideDrop' },
        NO_SALE: { guard: and(['byItsCashierOrAManager', 'approvedOrAManager']), actions: 'decideNoSale' },
        CASH_SALE: { actions: 'decideCashSale' },
        CASH_REFUND: { guard: and(['byItsCashierOrAManager', 'enoughCash']), actions: 'decideCashRefund' },
        COUNT: { guard: 'byItsCashierOrAManager', actions: 'decideCount' },
        CashPaidIn: { actions: 'moved' },
        CashPaidOut: { actions: 'moved' },
        CashDropped: { actions: 'moved' },
        NoSaleOpened: { actions: 'moved' },
        CashSaleTaken: { actions: 'moved' },
        CashRefunded: { actions: 'moved' },
        BlindCountStarted: { target: 'COUNTING' },
      },
    },
    // No cash moves while it is counted.
    COUNTING: {
      on: {
        CLOSE: { guard: 'byItsCashierOrAManager', actions: 'decideClose' },
        DrawerClosed: { target: 'CLOSED', actions: 'closed' },
      },
    },
  },
});

export const drawerRefusals: Refusals<DrawerContext, DrawerCommand> = {
  dayIsOpen: { type: 'DAY_NOT_OPEN', message: () => 'No business day is open: a manager opens the day before any drawer.' },
  drawerIsOpen: {
    type: 'DRAWER_NOT_OPEN',
    message: (c) =>
      c.cashierId === null
        ? 'The drawer is closed: a cashier opens it with a float before cash is taken or given back.'
        : 'The drawer is being counted: no cash moves until it is closed and opened again.',
  },
  byItsCashierOrAManager: {
    type: 'NOT_YOUR_DRAWER',
    message: (c) => `Drawer ${c.id} is ${c.cashierId}'s: only ${c.cashierId} or a manager moves it.`,
  },
  approvedOverTheLimit: {
    type: 'APPROVAL_REQUIRED',
    message: (_, e) => `A pay-out over ${money((e as Ev<'PAY_OUT'>).limitCents)} needs a manager's approval: approval: { pin }.`,
  },
  approvedOrAManager: { type: 'APPROVAL_REQUIRED', message: () => "A no-sale needs a manager's approval: approval: { pin }." },
  aNewSpell: {
    type: 'INVALID_TRANSITION',
    message: (c) => `Drawer ${c.id} was told of its spell open since ${c.sensor?.since} already.`,
  },
  notAnOlderSpell: {
    type: 'INVALID_TRANSITION',
    message: (c) => `Drawer ${c.id} has been opened again since (${c.sensor?.since}): that shut is old news.`,
  },
  enoughCash: {
    type: 'NOT_ENOUGH_CASH',
    message: (c, e) =>
      `The drawer should hold ${money(expectedCash(c.movements))}: it cannot give ${money((e as CashOut).amountCents)}.`,
  },
};
