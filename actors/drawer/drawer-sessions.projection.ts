import type { MovementType } from '../../shared/contract/index.js';
import type { LoggedFact } from '../../shared/db/event-store.js';
import type { Projection } from '../../shared/runtime/projector.js';
import { movementOf, type DrawerFact } from './drawer.machine.js';

/** One session of a drawer, from its float to its close, as the day's report shows it. */
export interface DrawerSession {
  cashierId: string;
  openedAt: string;
  /** Its cash by movement type: the float, cash sales and refunds, pay-ins, pay-outs and drops. */
  cents: Record<MovementType, number>;
  /** As its DrawerClosed decided them; null while it is open or counted. */
  close: { expectedCents: number; countedCents: number; overShortCents: number; closedAt: string } | null;
}

/** A drawer's sessions of the business day it was last opened on, oldest first. */
export interface DrawerDay {
  drawerId: string;
  /** Null for sessions opened before drawers knew their day. */
  dayNumber: number | null;
  sessions: DrawerSession[];
}

const NO_CASH: Record<MovementType, number> = { FLOAT: 0, SALE: 0, REFUND: 0, PAY_IN: 0, PAY_OUT: 0, DROP: 0, NO_SALE: 0 };

/** The row with its last session, the one a fact after the opening is of, changed. */
function withLast(row: DrawerDay | null, logged: LoggedFact, change: (session: DrawerSession) => DrawerSession): DrawerDay {
  const last = row?.sessions.at(-1);
  if (!row || !last) throw new Error(`drawer-sessions: ${logged.type} of drawer ${logged.streamId} before it was opened`);
  return { ...row, sessions: [...row.sessions.slice(0, -1), change(last)] };
}

/**
 * Read model of the drawers' facts: one row per drawer, with each of its sessions of its day, for the X and Z
 * reports (actors/business-day/day-report.ts). A drawer opened, closed and opened again keeps both sessions;
 * the first session of a new day drops the days before, whose Z reports keep them.
 */
export const drawerSessions: Projection<DrawerDay> = {
  name: 'drawer-sessions',
  // No-sales move no cash and a count moves none until its close: the report reads neither.
  handles: {
    drawer: ['DrawerOpened', 'CashPaidIn', 'CashPaidOut', 'CashDropped', 'CashSaleTaken', 'CashRefunded', 'DrawerClosed'],
  },
  keys: (fact) => [fact.streamId],
  evolve(row, logged: LoggedFact) {
    const fact = logged.data as unknown as DrawerFact;
    switch (fact.type) {
      case 'DrawerOpened': {
        const dayNumber = fact.dayNumber ?? null;
        const session: DrawerSession = {
          cashierId: fact.cashierId,
          openedAt: fact.at,
          cents: { ...NO_CASH, FLOAT: fact.floatCents },
          close: null,
        };
        const sameDay = row !== null && row.dayNumber === dayNumber;
        return { drawerId: logged.streamId, dayNumber, sessions: [...(sameDay ? row.sessions : []), session] };
      }
      case 'CashPaidIn':
      case 'CashPaidOut':
      case 'CashDropped':
      case 'CashSaleTaken':
      case 'CashRefunded': {
        const { type, amountCents } = movementOf(fact);
        return withLast(row, logged, (s) => ({ ...s, cents: { ...s.cents, [type]: s.cents[type] + amountCents } }));
      }
      case 'DrawerClosed': {
        const { expectedCents, countedCents, overShortCents, at: closedAt } = fact;
        return withLast(row, logged, (s) => ({ ...s, close: { expectedCents, countedCents, overShortCents, closedAt } }));
      }
      default:
        return row;
    }
  },
};
