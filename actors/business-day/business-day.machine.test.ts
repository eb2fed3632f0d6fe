import { describe, expect, it } from 'vitest';
import { restore } from '../../shared/runtime/actor-kind.js';
import { evolve, fold, FactNotApplicable } from '../../shared/runtime/decider.js';
import { given as givenKind, history } from '../../test/given.js';
import type { OrderSales } from '../order/order-sales.projection.js';
import { businessDayKind } from './business-day.kind.js';
import { businessDayMachine, isCalendarDate, type DayCommand, type DayFact } from './business-day.machine.js';
import { dayView } from './business-day.projection.js';
import { dayReport } from './day-report.js';

const at = '2026-11-25T11:00:00.000Z';
const later = '2026-11-26T02:00:00.000Z';
const given = (facts: DayFact[]) => givenKind(businessDayKind, facts);
const past = (...commands: DayCommand[]) => history(businessDayKind, commands);

const open = (businessDate = '2026-11-25', today = '2026-11-25'): DayCommand => ({
  type: 'OPEN_DAY',
  businessDate,
  today,
  by: 'maria',
  at,
});
const close = (extra: Partial<Extract<DayCommand, { type: 'CLOSE_DAY' }>> = {}): DayCommand => ({
  type: 'CLOSE_DAY',
  dayNumber: 1,
  openOrders: [],
  openDrawers: [],
  orders: [],
  drawers: [],
  by: 'maria',
  at: later,
  ...extra,
});
const opened = (number = 1, businessDate = '2026-11-25'): DayFact => ({
  type: 'DayOpened',
  number,
  businessDate,
  openedBy: 'maria',
  at,
});
const sold: OrderSales = {
  date: '2026-11-25',
  dayNumber: 1,
  userId: 'wagner',
  terminalId: 'pos-1',
  covers: 2,
  cancelled: false,
  lines: [{ productId: 'picanha', name: 'Picanha', category: 'Carnes', quantity: 2, cents: 17980 }],
  voids: { count: 0, cents: 0 },
  check: { onTable: true, servicePercent: 10, serviceWaived: false, discounts: [] },
  discounts: { count: 0, cents: 0 },
  serviceCents: 1798,
};

describe('business day machine: opening', () => {
  it('given no day, when OPEN_DAY for today, then day 1 opens for that date, by that manager', () => {
    const { refusal, facts, next } = given([]).when(open());
    expect(refusal).toBeNull();
    expect(facts).toEqual([opened()]);
    expect(next.value).toBe('OPEN');
    expect(dayView(1, next)).toEqual({
      number: 1,
      businessDate: '2026-11-25',
      status: 'OPEN',
      openedAt: at,
      openedBy: 'maria',
      version: 1,
    });
  });

  it('given no day, when OPEN_DAY for a day before today, then it opens for that date', () => {
    expect(given([]).when(open('2026-11-24')).facts).toEqual([opened(1, '2026-11-24')]);
  });

  it('given an open day, when OPEN_DAY, then it is refused: DAY_ALREADY_OPEN, naming the open day', () => {
    const { refusal, facts } = given([opened()]).when(open());
    expect(refusal).toEqual({ type: 'DAY_ALREADY_OPEN', message: expect.stringContaining('Day 1 (2026-11-25)') });
    expect(facts).toEqual([]);
  });

  it('given no day, when OPEN_DAY for a date after today, then it is refused: BUSINESS_DATE_INVALID', () => {
    expect(given([]).when(open('2026-11-26')).refusal).toMatchObject({ type: 'BUSINESS_DATE_INVALID' });
  });

  it('given no day, when OPEN_DAY for a date the calendar does not have, then it is refused: BUSINESS_DATE_INVALID', () => {
    for (const date of ['2026-02-29', '2026-11-31', '2026-13-01', '2026-00-10', '2026-11-00']) {
      expect(given([]).when(open(date, '2027-01-01')).refusal, date).toMatchObject({ type: 'BUSINESS_DATE_INVALID' });
    }
    expect(given([]).when(open('2024-02-29', '2027-01-01')).refusal).toBeNull();
  });

  it('given a closed day, when OPEN_DAY for a date before its date, then it is refused; for the same date, day 2 opens', () => {
    const days = past(open(), close());
    expect(given(days).when(open('2026-11-24', '2026-11-26')).refusal).toMatchObject({
      type: 'BUSINESS_DATE_INVALID',
      message: expect.stringContaining('2026-11-25, day 1'),
    });
    const { facts, next } = given(days).when(open('2026-11-25', '2026-11-26'));
    expect(facts).toEqual([opened(2)]);
    expect(dayView(3, next)).toMatchObject({ number: 2, status: 'OPEN', version: 3 });
    expect(dayView(3, next)).not.toHaveProperty('closedAt');
  });
});

describe('business day machine: closing', () => {
  it('given an open day, when CLOSE_DAY with nothing open, then it closes with the Z report of the rows it was given', () => {
    const { refusal, facts, next } = given([opened()]).when(close({ orders: [sold] }));
    expect(refusal).toBeNull();
    const zReport = dayReport({ dayNumber: 1, businessDate: '2026-11-25', openedAt: at, closedAt: later }, [sold], []);
    expect(facts).toEqual([{ type: 'DayClosed', number: 1, zReport, closedBy: 'maria', at: later }]);
    expect(zReport).toMatchObject({ closedAt: later, orders: { count: 1 }, sales: { grossCents: 17980 } });
    expect(next.value).toBe('CLOSED');
    expect(dayView(2, next)).toEqual({
      number: 1,
      businessDate: '2026-11-25',
      status: 'CLOSED',
      openedAt: at,
      openedBy: 'maria',
      closedAt: later,
      closedBy: 'maria',
      version: 2,
    });
  });

  it('given an open day, when CLOSE_DAY while orders are open, then it is refused: ORDERS_OPEN, naming them', () => {
    const openOrders = [
      { id: 'o1', number: 7, table: 4 },
      { id: 'o2', number: 9, table: null },
    ];
    const { refusal, facts } = given([opened()]).when(close({ openOrders }));
    expect(refusal).toEqual({
      type: 'ORDERS_OPEN',
      message: expect.stringContaining('#7 (table 4), #9'),
      data: { orders: openOrders },
    });
    expect(facts).toEqual([]);
  });

  it('given an open day, when CLOSE_DAY while drawers are open, then it is refused: DRAWERS_OPEN, naming them', () => {
    const { refusal } = given([opened()]).when(close({ openDrawers: ['drawer-1'] }));
    expect(refusal).toEqual({
      type: 'DRAWERS_OPEN',
      message: expect.stringContaining('drawer-1'),
      data: { drawers: ['drawer-1'] },
    });
  });

  it('given no day, or a closed one, when CLOSE_DAY, then it is refused: DAY_NOT_OPEN', () => {
    expect(given([]).when(close({ dayNumber: null })).refusal).toMatchObject({ type: 'DAY_NOT_OPEN' });
    expect(given(past(open(), close())).when(close({ dayNumber: null })).refusal).toMatchObject({ type: 'DAY_NOT_OPEN' });
  });

  it('given day 2 open, when CLOSE_DAY summed for day 1 (it closed meanwhile), then it is refused: DAY_NOT_OPEN', () => {
    const days = past(open(), close(), open('2026-11-25', '2026-11-26'));
    expect(given(days).when(close({ dayNumber: 1 })).refusal).toMatchObject({
      type: 'DAY_NOT_OPEN',
      message: expect.stringContaining('day 2 was opened since'),
    });
    expect(given(days).when(close({ dayNumber: 2 })).facts).toMatchObject([{ type: 'DayClosed', number: 2 }]);
  });
});

describe('business day machine: facts', () => {
  it('takes no fact out of its order: a close before an open, an open while a day is open', () => {
    const none = restore(businessDayMachine, null);
    const [, closed] = past(open(), close());
    expect(() => evolve(businessDayMachine, none, closed!)).toThrow(FactNotApplicable);
    expect(() => evolve(businessDayMachine, fold(businessDayMachine, none, [opened()]), opened(2))).toThrow(FactNotApplicable);
  });

  it('replaying the log rebuilds the same days', () => {
    const log = past(open(), close({ orders: [sold] }), open('2026-11-25', '2026-11-26'));
    const rebuilt = fold(businessDayMachine, restore(businessDayMachine, null), log);
    expect(rebuilt.value).toBe('OPEN');
    expect(rebuilt.context).toEqual(given(log).snapshot.context);
    expect(rebuilt.context).toMatchObject({ number: 2, closedAt: null });
  });
});

describe('a calendar date', () => {
  it('has its month and its day, leap years included', () => {
    expect(['2026-11-30', '2024-02-29', '2000-02-29', '2026-12-31'].map(isCalendarDate)).toEqual([true, true, true, true]);
    expect(['1900-02-29', '2026-04-31', '2026-1-01', 'yesterday'].map(isCalendarDate)).toEqual([false, false, false, false]);
  });
});
