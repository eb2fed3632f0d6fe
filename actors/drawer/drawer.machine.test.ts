import { describe, expect, it } from 'vitest';
import { drawerSeenBy } from '../../shared/contract/index.js';
import { replay, restore } from '../../shared/runtime/actor-kind.js';
import { FactNotApplicable, fold } from '../../shared/runtime/decider.js';
import { asStored, given as givenKind, history } from '../../test/given.js';
import { drawerKind } from './drawer.kind.js';
import { drawerMachine, type Acting, type DrawerCommand, type DrawerContext, type DrawerFact } from './drawer.machine.js';
import { drawerView } from './drawer.projection.js';

const at = '2026-12-01T10:00:00.000Z';
const carla: Acting = { userId: 'carla', role: 'CASHIER' };
const rita: Acting = { userId: 'rita', role: 'CASHIER' };
const maria: Acting = { userId: 'maria', role: 'MANAGER' };

const given = (facts: DrawerFact[]) => givenKind(drawerKind, facts);
/** The facts a run of commands made: the past a test starts from. */
const past = (...commands: DrawerCommand[]) => history(drawerKind, commands);
const view = (facts: DrawerFact[]) =>
  drawerView('drawer-1', facts.length, fold(drawerMachine, restore(drawerMachine, null), facts));

const open = (floatCents = 20000, by = carla, dayNumber: number | null = 1): DrawerCommand => ({
  type: 'OPEN',
  drawerId: 'drawer-1',
  terminalId: 'pos-1',
  floatCents,
  maxCents: 500000,
  dayNumber,
  by,
  at,
});
const payIn = (amountCents: number, by = carla): DrawerCommand => ({
  type: 'PAY_IN',
  amountCents,
  reason: 'change from the bank',
  by,
  at,
});
const payOut = (amountCents: number, approvedBy: string | null = null, by = carla): DrawerCommand => ({
  type: 'PAY_OUT',
  amountCents,
  reason: 'ice delivery',
  limitCents: 20000,
  approvedBy,
  by,
  at,
});
const drop = (amountCents: number, by = carla): DrawerCommand => ({ type: 'DROP', amountCents, by, at });
const noSale = (approvedBy: string | null = null, by = carla): DrawerCommand => ({
  type: 'NO_SALE',
  reason: 'change for a note',
  approvedBy,
  by,
  at,
});
const sale = (amountCents: number, userId = 'wagner'): DrawerCommand => ({
  type: 'CASH_SALE',
  orderId: 'o1',
  amountCents,
  userId,
  at,
});
const refund = (amountCents: number, by = carla): DrawerCommand => ({ type: 'CASH_REFUND', orderId: 'o1', amountCents, by, at });
const count = (by = carla): DrawerCommand => ({ type: 'COUNT', by, at });
const close = (countedCents: number, by = carla): DrawerCommand => ({ type: 'CLOSE', countedCents, by, at });

const opened: DrawerFact = {
  type: 'DrawerOpened',
  drawerId: 'drawer-1',
  terminalId: 'pos-1',
  cashierId: 'carla',
  floatCents: 20000,
  maxCents: 500000,
  dayNumber: 1,
  at,
};

describe('drawer machine: opening', () => {
  it('given a closed drawer, when OPEN with a float, then it is open, the caller its cashier, the float its first movement', () => {
    const { refusal, facts, next } = given([]).when(open());
    expect(refusal).toBeNull();
    expect(facts).toEqual([opened]);
    expect(next.value).toBe('OPEN');
    expect(drawerView('drawer-1', 1, next)).toEqual({
      id: 'drawer-1',
      terminalId: 'pos-1',
      status: 'OPEN',
      cashierId: 'carla',
      openedAt: at,
      floatCents: 20000,
      cashCents: 20000,
      alerts: [],
      movements: [{ at, type: 'FLOAT', amountCents: 20000, userId: 'carla' }],
      version: 1,
    });
  });

  it('given no business day open, when OPEN, then DAY_NOT_OPEN', () => {
    expect(given([]).when(open(20000, carla, null))).toMatchObject({ refusal: { type: 'DAY_NOT_OPEN' }, facts: [] });
  });

  it('given an open or counted drawer, when OPEN, then it is refused naming its state', () => {
    expect(given([opened]).when(open(0, rita))).toMatchObject({ refusal: { type: 'INVALID_TRANSITION' }, facts: [] });
    expect(given(past(open(), count())).when(open(0, rita))).toMatchObject({ refusal: { type: 'INVALID_TRANSITION' } });
  });

  it('given a closed drawer, when anything but OPEN, then it is refused', () => {
    for (const command of [payIn(100), payOut(100), drop(100), noSale('maria'), count(), close(0)]) {
      expect(given([]).when(command), command.type).toMatchObject({ refusal: { type: 'INVALID_TRANSITION' }, facts: [] });
    }
  });

  it('given a drawer never opened, or closed since, when payments give it a CASH_SALE or CASH_REFUND, then DRAWER_NOT_OPEN', () => {
    const closedSince = past(open(), count(), close(20000));
    for (const facts of [[], closedSince]) {
      for (const command of [sale(100), refund(100)]) {
        expect(given(facts).when(command), command.type).toMatchObject({ refusal: { type: 'DRAWER_NOT_OPEN' }, facts: [] });
      }
    }
  });
});

describe('drawer machine: cash in and out of an open drawer', () => {
  it('given an open drawer, when PAY_IN, then the cash grows by it, with its reason and who paid it in', () => {
    const { facts, next } = given([opened]).when(payIn(5000));
    expect(facts).toEqual([{ type: 'CashPaidIn', amountCents: 5000, reason: 'change from the bank', userId: 'carla', at }]);
    expect(drawerView('drawer-1', 2, next)).toMatchObject({ cashCents: 25000 });
    expect(next.context.movements.at(-1)).toEqual({
      at,
      type: 'PAY_IN',
      amountCents: 5000,
      reason: 'change from the bank',
      userId: 'carla',
    });
  });

  it('given an open drawer, when PAY_OUT within the limit, then the cash shrinks by it with no approval', () => {
    const { facts, next } = given([opened]).when(payOut(15000));
    expect(facts).toEqual([
      { type: 'CashPaidOut', amountCents: 15000, reason: 'ice delivery', userId: 'carla', approvedBy: null, at },
    ]);
    expect(next.context.movements.at(-1)).toEqual({
      at,
      type: 'PAY_OUT',
      amountCents: 15000,
      reason: 'ice delivery',
      userId: 'carla',
    });
    expect(drawerView('drawer-1', 2, next).cashCents).toBe(5000);
  });

  it("given an open drawer, when PAY_OUT over the limit, then it takes a manager's approval (or a manager)", () => {
    const drawer = given(past(open(), payIn(30000)));
    expect(drawer.when(payOut(20001))).toMatchObject({ refusal: { type: 'APPROVAL_REQUIRED' }, facts: [] });
    const approved = drawer.when(payOut(25000, 'maria'));
    expect(approved.facts).toMatchObject([{ type: 'CashPaidOut', amountCents: 25000, approvedBy: 'maria' }]);
    expect(approved.next.context.movements.at(-1)).toMatchObject({ type: 'PAY_OUT', userId: 'carla', approvedBy: 'maria' });
    expect(drawer.when(payOut(25000, null, maria)).facts).toMatchObject([{ userId: 'maria', approvedBy: null }]);
  });

  it('given an open drawer, when PAY_OUT, DROP or CASH_REFUND of more than it holds, then NOT_ENOUGH_CASH', () => {
    const drawer = given([opened]);
    for (const command of [payOut(20001, 'maria'), drop(20001), refund(20001)]) {
      expect(drawer.when(command), command.type).toMatchObject({ refusal: { type: 'NOT_ENOUGH_CASH' }, facts: [] });
    }
    // All of it may go: a drawer may be emptied, never overdrawn.
    expect(drawer.when(drop(20000)).refusal).toBeNull();
  });

  it('given an open drawer, when DROP, then the cash goes to the safe', () => {
    const { facts, next } = given([opened]).when(drop(12000));
    expect(facts).toEqual([{ type: 'CashDropped', amountCents: 12000, userId: 'carla', at }]);
    expect(next.context.movements.at(-1)).toEqual({ at, type: 'DROP', amountCents: 12000, userId: 'carla' });
    expect(drawerView('drawer-1', 2, next).cashCents).toBe(8000);
  });

  it("given an open drawer, when NO_SALE, then it takes a manager's approval and moves no cash", () => {
    const drawer = given([opened]);
    expect(drawer.when(noSale())).toMatchObject({ refusal: { type: 'APPROVAL_REQUIRED' }, facts: [] });
    const { facts, next } = drawer.when(noSale('maria'));
    expect(facts).toEqual([{ type: 'NoSaleOpened', reason: 'change for a note', userId: 'carla', approvedBy: 'maria', at }]);
    expect(next.context.movements.at(-1)).toEqual({
      at,
      type: 'NO_SALE',
      amountCents: 0,
      reason: 'change for a note',
      userId: 'carla',
      approvedBy: 'maria',
    });
    expect(drawerView('drawer-1', 2, next).cashCents).toBe(20000);
    expect(drawer.when(noSale(null, maria)).facts).toMatchObject([{ type: 'NoSaleOpened', userId: 'maria', approvedBy: null }]);
  });

  it("given an open drawer, when CASH_SALE by anyone who takes payments, then the order's cash goes in", () => {
    const { facts, next } = given([opened]).when(sale(4590));
    expect(facts).toEqual([{ type: 'CashSaleTaken', orderId: 'o1', amountCents: 4590, userId: 'wagner', at }]);
    expect(next.context.movements.at(-1)).toEqual({ at, type: 'SALE', amountCents: 4590, userId: 'wagner', orderId: 'o1' });
    expect(drawerView('drawer-1', 2, next).cashCents).toBe(24590);
  });

  it("given an open drawer with a sale, when CASH_REFUND by its cashier, then the order's cash goes back out", () => {
    const { facts, next } = given(past(open(), sale(4590))).when(refund(4590));
    expect(facts).toEqual([{ type: 'CashRefunded', orderId: 'o1', amountCents: 4590, userId: 'carla', at }]);
    expect(next.context.movements.at(-1)).toEqual({ at, type: 'REFUND', amountCents: 4590, userId: 'carla', orderId: 'o1' });
    expect(drawerView('drawer-1', 3, next).cashCents).toBe(20000);
  });

  it("given carla's open drawer, when another cashier moves it, then NOT_YOUR_DRAWER; a manager may", () => {
    const drawer = given([opened]);
    for (const command of [
      payIn(100, rita),
      payOut(100, null, rita),
      drop(100, rita),
      noSale('maria', rita),
      refund(100, rita),
      count(rita),
    ]) {
      expect(drawer.when(command), command.type).toMatchObject({ refusal: { type: 'NOT_YOUR_DRAWER' }, facts: [] });
    }
    for (const command of [payIn(100, maria), payOut(100, null, maria), drop(100, maria), refund(100, maria), count(maria)]) {
      expect(drawer.when(command).refusal, command.type).toBeNull();
    }
    // Putting the cash of a sale in is for whoever took it.
    expect(drawer.when(sale(100, 'rita')).refusal).toBeNull();
  });

  it('given an open drawer, when another cashier pays out over the limit unapproved, then it is not theirs first', () => {
    expect(given([opened]).when(payOut(90000, null, rita)).refusal?.type).toBe('NOT_YOUR_DRAWER');
    expect(given([opened]).when(payOut(90000, 'maria')).refusal?.type).toBe('NOT_ENOUGH_CASH');
  });
});

describe('drawer machine: drop alert', () => {
  const max = (facts: DrawerFact[]) => view(facts).alerts;

  it('given cash above the drawer maximum, then DROP_NEEDED, until a drop brings it under', () => {
    const facts = past(open(20000), payIn(480000));
    expect(max(facts)).toEqual([]);
    const over = [...facts, ...given(facts).when(sale(1)).facts];
    expect(max(over)).toEqual(['DROP_NEEDED']);
    const dropped = [...over, ...given(over).when(drop(1)).facts];
    expect(max(dropped)).toEqual([]);
  });
});

describe('drawer machine: left open', () => {
  const since = '2026-12-01T10:05:00.000Z';
  const later = '2026-12-01T10:09:00.000Z';
  const leftOpen = (from = since): DrawerCommand => ({
    type: 'LEFT_OPEN',
    drawerId: 'drawer-1',
    terminalId: 'pos-1',
    since: from,
    seconds: 60,
    at,
  });
  const shut = (from = since): DrawerCommand => ({ type: 'SHUT', drawerId: 'drawer-1', terminalId: 'pos-1', since: from, at });
  const alerts = (facts: DrawerFact[]) => view(facts).alerts;

  it('given an open drawer, when its printer finds it left open, then LEFT_OPEN beside DROP_NEEDED, until it shuts', () => {
    const full = past(open(20000), payIn(490000));
    const { refusal, facts } = given(full).when(leftOpen());
    expect(refusal).toBeNull();
    expect(facts).toEqual([{ type: 'LeftOpenAlertRaised', drawerId: 'drawer-1', terminalId: 'pos-1', since, seconds: 60, at }]);
    const raised = [...full, ...facts];
    expect(alerts(raised)).toEqual(['DROP_NEEDED', 'LEFT_OPEN']);
    const shutAgain = [...raised, ...given(raised).when(shut()).facts];
    expect(shutAgain.at(-1)).toEqual({ type: 'LeftOpenAlertCleared', drawerId: 'drawer-1', terminalId: 'pos-1', since, at });
    expect(alerts(shutAgain)).toEqual(['DROP_NEEDED']);
  });

  it('given a drawer never opened, or closed, when its printer finds it left open, then the alert stands all the same', () => {
    const raised = given([]).when(leftOpen()).facts;
    expect(view(raised)).toMatchObject({ terminalId: 'pos-1', status: 'CLOSED', alerts: ['LEFT_OPEN'] });
    const closed = past(open(), count(), close(20000));
    expect(alerts([...closed, ...given(closed).when(leftOpen()).facts])).toEqual(['LEFT_OPEN']);
    // A session opened while it hangs open keeps the alert.
    expect(alerts([...raised, opened])).toEqual(['LEFT_OPEN']);
  });

  it('given the alert was raised, when the same spell is told again, then it is refused: the managers are told once', () => {
    const raised = given([]).when(leftOpen()).facts;
    expect(given(raised).when(leftOpen()).refusal?.type).toBe('INVALID_TRANSITION');
    // The next spell is news.
    const next = [...raised, ...given(raised).when(shut()).facts];
    expect(given(next).when(leftOpen(later)).facts).toHaveLength(1);
  });

  it('given its shut overtook its alert on the way, when the alert comes, then it stays down', () => {
    const shutFirst = given([]).when(shut()).facts;
    expect(alerts(shutFirst)).toEqual([]);
    expect(given(shutFirst).when(leftOpen()).refusal?.type).toBe('INVALID_TRANSITION');
  });

  it("given a newer spell's alert, when an older spell's shut comes, then the alert stands", () => {
    const raised = given([]).when(leftOpen(later)).facts;
    expect(given(raised).when(shut(since)).refusal?.type).toBe('INVALID_TRANSITION');
    expect(alerts(raised)).toEqual(['LEFT_OPEN']);
  });

  it('given a counted drawer left open, then its cashier sees it hang open but not the drop it needs', () => {
    const counted = past(open(20000), payIn(490000), count());
    const seen = drawerSeenBy(view([...counted, ...given(counted).when(leftOpen()).facts]), 'CASHIER');
    expect(seen.alerts).toEqual(['LEFT_OPEN']);
  });

  it('raising it tells the managers once, in their words; its shut tells nobody', () => {
    const raised = given([]).when(leftOpen()).facts;
    expect(drawerKind.react(raised, 'cmd')).toEqual([
      {
        action: 'gateway.alert',
        params: {
          alert: {
            type: 'DRAWER_LEFT_OPEN',
            message: 'Drawer drawer-1 at pos-1 open for 60 s.',
            at,
            drawerId: 'drawer-1',
            terminalId: 'pos-1',
            since,
            seconds: 60,
          },
          commandId: 'cmd:alert',
        },
      },
    ]);
    expect(drawerKind.react(given(raised).when(shut()).facts, 'cmd')).toEqual([]);
  });
});

describe('drawer machine: blind count and close', () => {
  const counting = past(open(20000), sale(4590), payIn(1000), count());

  it('given an open drawer, when COUNT, then it is COUNTING and no cash moves while it is counted', () => {
    const { facts, next } = given(past(open(20000), sale(4590), payIn(1000))).when(count());
    expect(facts).toEqual([{ type: 'BlindCountStarted', userId: 'carla', at }]);
    expect(next.value).toBe('COUNTING');
    for (const command of [payIn(1), payOut(1), drop(1), noSale('maria'), count(), open()]) {
      expect(given(counting).when(command), command.type).toMatchObject({ refusal: { type: 'INVALID_TRANSITION' } });
    }
    // What payments bring or take is told why: the drawer is not open.
    for (const command of [sale(1), refund(1)]) {
      expect(given(counting).when(command), command.type).toMatchObject({ refusal: { type: 'DRAWER_NOT_OPEN' }, facts: [] });
    }
  });

  it('given an open drawer, when CLOSE before it is counted, then it is refused: the count comes first', () => {
    expect(given([opened]).when(close(20000))).toMatchObject({ refusal: { type: 'INVALID_TRANSITION' }, facts: [] });
  });

  it('given a counted drawer, when its cashier or a manager CLOSEs it short, then CLOSED with the expected, the counted and the shortage', () => {
    const { facts, next } = given(counting).when(close(25000));
    expect(facts).toEqual([
      {
        type: 'DrawerClosed',
        drawerId: 'drawer-1',
        terminalId: 'pos-1',
        expectedCents: 25590,
        countedCents: 25000,
        overShortCents: -590,
        cashierId: 'carla',
        closedBy: 'carla',
        at,
      },
    ]);
    expect(next.value).toBe('CLOSED');
    const closed = drawerView('drawer-1', 5, next);
    expect(closed).toMatchObject({ status: 'CLOSED', alerts: [] });
    expect(closed.lastClose).toEqual({
      expectedCents: 25590,
      countedCents: 25000,
      overShortCents: -590,
      closedAt: at,
      closedBy: 'carla',
      cashierId: 'carla',
    });
    expect(closed).not.toHaveProperty('cashCents');
    expect(closed).not.toHaveProperty('cashierId');
    expect(given(counting).when(close(26000, maria)).facts).toMatchObject([
      { overShortCents: 410, closedBy: 'maria', cashierId: 'carla' },
    ]);
  });

  it('given a counted drawer, when another cashier closes it, then NOT_YOUR_DRAWER', () => {
    expect(given(counting).when(close(25590, rita))).toMatchObject({ refusal: { type: 'NOT_YOUR_DRAWER' }, facts: [] });
  });

  it('given a counted drawer, then the cashier and a waiter see no cash while it is counted; a manager does', () => {
    const counted = view(counting);
    expect(counted.cashCents).toBe(25590);
    for (const role of ['CASHIER', 'WAITER', undefined] as const) {
      const blind = drawerSeenBy(counted, role);
      expect(blind).not.toHaveProperty('cashCents');
      // What would add up to it is left out too.
      expect(blind.movements).toEqual([]);
      expect(blind).toMatchObject({ status: 'COUNTING', cashierId: 'carla', floatCents: 20000 });
    }
    expect(drawerSeenBy(counted, 'MANAGER')).toBe(counted);
    // Open, the contract hides nothing.
    expect(drawerSeenBy(view(past(open())), 'CASHIER').cashCents).toBe(20000);
  });
});

describe('drawer machine: rebuilding', () => {
  const log = past(
    open(20000),
    sale(4590),
    payIn(1000),
    payOut(25000, 'maria'),
    drop(500),
    noSale('maria'),
    count(),
    close(0),
    open(10000, rita),
  );

  it('replaying the log rebuilds the same state, whatever the snapshot it starts from', () => {
    const whole = fold(drawerMachine, restore<DrawerContext>(drawerMachine, null), log);
    const stored = asStored(log);
    const fromSnapshot = replay(
      drawerMachine,
      restore<DrawerContext>(
        drawerMachine,
        drawerMachine.getPersistedSnapshot(fold(drawerMachine, restore(drawerMachine, null), log.slice(0, 4)) as never),
      ),
      stored.slice(4),
    );
    expect(fromSnapshot.context).toEqual(whole.context);
    expect(fromSnapshot.value).toEqual(whole.value);
    expect(whole.value).toBe('OPEN');
    expect(whole.context.cashierId).toBe('rita');
  });

  it('a stored fact the drawer cannot take where it is, is an error', () => {
    const cashIn: DrawerFact = { type: 'CashPaidIn', amountCents: 1, reason: 'x', userId: 'carla', at };
    expect(() => fold(drawerMachine, restore(drawerMachine, null), [cashIn])).toThrow(FactNotApplicable);
  });
});
