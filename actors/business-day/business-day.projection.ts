import { DAY_VIEWS, type DayView } from '../../shared/contract/index.js';
import type { ViewRow } from '../../shared/db/event-store.js';
import type { Snapshot } from '../../shared/runtime/decider.js';
import type { DayContext, DayFact } from './business-day.machine.js';

/** The one stream of the business days: every day command goes to its one writer. */
export const DAYS_STREAM = 'business-day';

/** The day view of the contract: the last day, open or closed. */
export function dayView(version: number, { context }: Snapshot<DayContext>): DayView {
  const { number, businessDate, openedAt, openedBy, closedAt, closedBy } = context;
  return {
    number,
    businessDate,
    status: closedAt === null ? 'OPEN' : 'CLOSED',
    openedAt,
    openedBy,
    ...(closedAt !== null && closedBy !== null ? { closedAt, closedBy } : {}),
    version,
  };
}

/**
 * Read models, written with the facts: the `day` row (the last day, what `GET /api/day` answers and every
 * `POST /api/orders` reads) and, at each close, the day's `z-report` row, the report as its fact keeps it.
 */
export function projectDay(id: string, version: number, snapshot: Snapshot<DayContext>, fact: DayFact): ViewRow[] {
  const day: ViewRow = { kind: DAY_VIEWS.day, id, version, data: dayView(version, snapshot) };
  if (fact.type !== 'DayClosed') return [day];
  // A Z report is no screen's live view: it is read when asked for, never pushed.
  return [day, { kind: DAY_VIEWS.zReport, id: String(fact.number), version, data: fact.zReport, pushed: null }];
}
