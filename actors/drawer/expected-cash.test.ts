import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MovementView } from '../../shared/contract/index.js';
import { restore } from '../../shared/runtime/actor-kind.js';
import { fold } from '../../shared/runtime/decider.js';
import { given, history } from '../../test/given.js';
import { drawerKind } from './drawer.kind.js';
import { drawerMachine, type Acting, type DrawerCommand, type DrawerContext, type DrawerFact } from './drawer.machine.js';
import { drawerView } from './drawer.projection.js';
import { expectedCash } from './expected-cash.js';

const at = '2026-12-01T10:00:00.000Z';
const carla: Acting = { userId: 'carla', role: 'CASHIER' };
const open = (floatCents: number, by = carla): DrawerCommand => ({
  type: 'OPEN',
  drawerId: 'drawer-1',
  terminalId: 'pos-1',
  floatCents,
  maxCents: 500000,
  dayNumber: 1,
  by,
  at,
});
const sale = (amountCents: number): DrawerCommand => ({ type: 'CASH_SALE', orderId: 'o1', amountCents, userId: 'wagner', at });
const refund = (amountCents: number): DrawerCommand => ({ type: 'CASH_REFUND', orderId: 'o1', amountCents, by: carla, at });
const payIn = (amountCents: number): DrawerCommand => ({ type: 'PAY_IN', amountCents, reason: 'change', by: carla, at });
const payOut = (amountCents: number): DrawerCommand => ({
  type: 'PAY_OUT',
  amountCents,
  reason: 'supplier',
  limitCents: 20000,
  approvedBy: 'maria',
  by: carla,
  at,
});
const drop = (amountCents: number): DrawerCommand => ({ type: 'DROP', amountCents, by: carla, at });
const noSale: DrawerCommand = { type: 'NO_SALE', reason: 'change', approvedBy: 'maria', by: carla, at };
const count: DrawerCommand = { type: 'COUNT', by: carla, at };
const close = (countedCents: number): DrawerCommand => ({ type: 'CLOSE', countedCents, by: carla, at });

const stateOf = (facts: DrawerFact[]) => fold(drawerMachine, restore<DrawerContext>(drawerMachine, null), facts);
const cashOf = (...commands: DrawerCommand[]) => drawerView('drawer-1', 1, stateOf(history(drawerKind, commands))).cashCents;
const closeOf = (...commands: DrawerCommand[]) => drawerView('drawer-1', 1, stateOf(history(drawerKind, commands))).lastClose;

describe('expected cash: the bugs other systems shipped', () => {
  it('counts what a sale cost, not what was tendered: the change went back out of the drawer (erpnext#23125)', () => {
    // A 30.00 bill paid with a 50.00 note: 50.00 in, 20.00 change out, 30.00 stays.
    expect(cashOf(open(10000), sale(3000))).toBe(13000);
  });

  it('deducts cash refunds (POS-Awesome#386)', () => {
    expect(cashOf(open(10000), sale(3000), refund(1000))).toBe(12000);
  });

  it('counts the float once: it is the FLOAT movement, not added again beside it', () => {
    expect(cashOf(open(10000))).toBe(10000);
    expect(expectedCash([{ type: 'FLOAT', amountCents: 10000 }])).toBe(10000);
  });

  it('deducts pay-outs and drops, and a no-sale moves nothing', () => {
    expect(cashOf(open(10000), payIn(5000), payOut(2500), drop(4000), noSale)).toBe(8500);
  });

  it("starts a reopened drawer from this opening's float, not from the last close (odoo PR #196395)", () => {
    expect(cashOf(open(10000), sale(3000), count, close(12000), open(5000))).toBe(5000);
    expect(closeOf(open(10000), sale(3000), count, close(12000), open(5000), sale(100), count, close(5100))).toMatchObject({
      expectedCents: 5100,
      overShortCents: 0,
    });
  });

  it('keeps the difference at close (odoo#58915) and closes with none (odoo#72720)', () => {
    expect(closeOf(open(10000), sale(3000), count, close(12500))).toMatchObject({
      expectedCents: 13000,
      countedCents: 12500,
      overShortCents: -500,
    });
    expect(closeOf(open(10000), sale(3000), count, close(13000))).toMatchObject({ overShortCents: 0 });
  });

  it('counts cash sales taken by anyone at the drawer, each once (odoo#85007: two cash tenders)', () => {
    const byTwo: DrawerCommand = { type: 'CASH_SALE', orderId: 'o2', amountCents: 700, userId: 'maria', at };
    expect(cashOf(open(0), sale(300), byTwo)).toBe(1000);
  });
});

const amount = fc.integer({ min: 1, max: 1_000_000 });
/** Any command an open drawer may be given, well formed, by its cashier. */
const command: fc.Arbitrary<DrawerCommand> = fc.oneof(
  amount.map(sale),
  amount.map(refund),
  amount.map(payIn),
  amount.map(payOut),
  amount.map(drop),
  fc.constant(noSale),
);

describe('expected cash: random days at one drawer', () => {
  it('is float + sales − refunds + pay-ins − pay-outs − drops, and never negative under the guards', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.array(command, { maxLength: 60 }), (float, commands) => {
        let facts = history(drawerKind, [open(float)]);
        for (const next of commands) {
          const then = given(drawerKind, facts).when(next);
          facts = [...facts, ...then.facts];
          const { movements } = stateOf(facts).context;
          expect(expectedCash(movements)).toBeGreaterThanOrEqual(0);
        }
        const { movements } = stateOf(facts).context;
        const sum = (type: MovementView['type']) =>
          movements.filter((m) => m.type === type).reduce((total, m) => total + m.amountCents, 0);
        expect(expectedCash(movements)).toBe(float + sum('SALE') - sum('REFUND') + sum('PAY_IN') - sum('PAY_OUT') - sum('DROP'));
      }),
      { numRuns: 200 },
    );
  });

  it('closes at the counted cash less what the movements say, wherever the count lands', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 30 }), fc.integer({ min: 0, max: 100_000_000 }), (commands, counted) => {
        let facts = history(drawerKind, [open(10000)]);
        for (const next of commands) facts = [...facts, ...given(drawerKind, facts).when(next).facts];
        const expected = expectedCash(stateOf(facts).context.movements);
        const closed = given(drawerKind, [...facts, ...given(drawerKind, facts).when(count).facts]).when(close(counted));
        expect(closed.facts).toMatchObject([
          { expectedCents: expected, countedCents: counted, overShortCents: counted - expected },
        ]);
      }),
      { numRuns: 100 },
    );
  });
});
