import { assign, emit, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { orderKind } from '../../actors/order/order.kind.js';
import type { OrderCommand, OrderContext, OrderFact } from '../../actors/order/order.machine.js';
import { orderStates } from '../../actors/order/order.projection.js';
import { stationKind } from '../../actors/station/station.kind.js';
import type { StationCommand, StationContext } from '../../actors/station/station.machine.js';
import { openOrder, ringItem } from '../../test/fixtures.js';
import { history } from '../../test/given.js';
import { restore, type ActorKind } from './actor-kind.js';
import { decideGroup, type GroupCommand, type Outcome } from './decide-group.js';
import { fold } from './decider.js';
import { CommandError } from './errors.js';

const at = '2026-11-25T12:00:00.000Z';
const open = openOrder;
const add = (id: string) => ringItem(id, 'grill');
const send: OrderCommand = { type: 'SEND', course: null, at };
const newOrder = { snapshot: restore<OrderContext>(orderKind.machine, null), version: 0 };
const nothingKnown = () => false;

/** A group of commands, the i-th with commandId `c<i>` unless it names its own. */
const group = <Cmd>(...commands: (Cmd | [string, Cmd])[]): GroupCommand<Cmd>[] =>
  commands.map((c, i) => (Array.isArray(c) ? { commandId: c[0], command: c[1] } : { commandId: `c${i}`, command: c }));

const accepted = <C, F>(outcome: Outcome<C, F> | undefined) => {
  if (outcome?.kind !== 'accepted') throw new Error(`expected accepted, got ${JSON.stringify(outcome?.kind)}`);
  return outcome;
};
const kinds = (outcomes: Outcome<unknown, unknown>[]) => outcomes.map((o) => o.kind);
const itemIds = (outcome: Outcome<OrderContext, OrderFact> | undefined) =>
  accepted(outcome).snapshot.context.items.map((i) => i.id);

describe('deciding a group of commands for one actor', () => {
  it('decides each command on the state the ones before it left, each fact taking the next version', () => {
    const outcomes = decideGroup(orderKind, 'o1', newOrder, group(open, add('a'), add('b'), send), nothingKnown);
    expect(outcomes.map((o) => accepted(o).version)).toEqual([1, 2, 3, 4]);
    const last = accepted(outcomes[3]);
    expect(last.facts).toMatchObject([{ type: 'OrderSent', send: 1 }]);
    expect(last.snapshot).toBe(last.states.at(-1));
    expect(orderStates(last.snapshot)).toEqual({ status: 'OPEN', kitchen: 'SENT' });
    expect(last.snapshot.context.items.map((i) => i.status)).toEqual(['FIRED', 'FIRED']);
  });

  it('continues from the version the actor is at', () => {
    const facts = history(orderKind, [open, add('a')]);
    const start = { snapshot: fold(orderKind.machine, newOrder.snapshot, facts), version: facts.length };
    const [outcome] = decideGroup(orderKind, 'o1', start, group(add('b')), nothingKnown);
    expect(accepted(outcome).version).toBe(facts.length + 1);
    expect(itemIds(outcome)).toEqual(['a', 'b']);
  });

  it('answers a command it already accepted from the store, decides nothing for it and takes no version', () => {
    const outcomes = decideGroup(orderKind, 'o1', newOrder, group(open, add('a'), add('b')), (id) => id === 'c1');
    expect(kinds(outcomes)).toEqual(['accepted', 'known', 'accepted']);
    expect(accepted(outcomes[2]).version).toBe(2);
    expect(itemIds(outcomes[2])).toEqual(['b']);
  });

  it('answers a twin (the same commandId again in the group) as the first, without deciding it again', () => {
    const outcomes = decideGroup(
      orderKind,
      'o1',
      newOrder,
      group(open, ['ring-a', add('a')], ['ring-a', add('a')]),
      nothingKnown,
    );
    expect(outcomes[2]).toEqual({ kind: 'twin', of: 1 });
    expect(itemIds(outcomes[1])).toEqual(['a']);

    // The twin of a refused command is that refusal, even once the state would take it.
    const late = decideGroup(orderKind, 'o1', newOrder, group(open, ['send', send], add('a'), ['send', send]), nothingKnown);
    expect(kinds(late)).toEqual(['accepted', 'refused', 'accepted', 'twin']);
    expect(late[3]).toEqual({ kind: 'twin', of: 1 });
  });

  it('refuses one command of the group without touching the ones before or after it', () => {
    const voidUnknown: OrderCommand = {
      type: 'VOID_ITEM',
      itemId: 'zz',
      reason: 'rung by mistake',
      approvalRequired: true,
      byManager: false,
      approvedBy: null,
      at,
    };
    const outcomes = decideGroup(orderKind, 'o1', newOrder, group(open, add('a'), voidUnknown, add('b')), nothingKnown);
    expect(kinds(outcomes)).toEqual(['accepted', 'accepted', 'refused', 'accepted']);
    const refused = outcomes[2];
    if (refused?.kind !== 'refused') throw new Error('expected refused');
    expect(refused.refusal).toBeInstanceOf(CommandError);
    expect(refused.refusal).toMatchObject({ type: 'UNKNOWN_ITEM', code: 404, message: 'This order has no item zz.' });
    expect(accepted(outcomes[1]).version).toBe(2);
    expect(accepted(outcomes[3]).version).toBe(3);
    expect(itemIds(outcomes[3])).toEqual(['a', 'b']);
  });

  it('names the state in a refusal the machine gives no reason for', () => {
    const cancel: OrderCommand = { type: 'CANCEL', reason: 'guest left', at };
    const [, , outcome] = decideGroup(orderKind, 'o1', newOrder, group(open, cancel, add('a')), nothingKnown);
    if (outcome?.kind !== 'refused') throw new Error('expected refused');
    expect(outcome.refusal).toMatchObject({
      type: 'INVALID_TRANSITION',
      message: 'The order is CANCELLED: it cannot take ADD_ITEM.',
      data: { state: 'CANCELLED', event: 'ADD_ITEM' },
    });
  });

  it('an order that does not exist yet is UNKNOWN_ORDER to anything but OPEN', () => {
    const outcomes = decideGroup(orderKind, 'o9', newOrder, group(add('a'), open, add('b')), nothingKnown);
    const [unknown] = outcomes;
    if (unknown?.kind !== 'refused') throw new Error('expected refused');
    expect(unknown.refusal).toMatchObject({ type: 'UNKNOWN_ORDER', code: 404, message: 'No order has the id o9.' });
    expect(kinds(outcomes)).toEqual(['refused', 'accepted', 'accepted']);
    expect(accepted(outcomes[2]).version).toBe(2);
    // Once it exists, OPEN is the machine's to refuse.
    const twice = decideGroup(orderKind, 'o1', newOrder, group(open, open), nothingKnown)[1];
    expect(twice).toMatchObject({ kind: 'refused', refusal: { type: 'INVALID_TRANSITION' } });
  });

  it('a kind born by no command (a station) decides its first command with its machine', () => {
    const idle = { snapshot: restore<StationContext>(stationKind.machine, null), version: 0 };
    const bump: StationCommand = { type: 'BUMP', ticketId: 't1', at };
    const [outcome] = decideGroup(stationKind, 'grill', idle, group(bump), nothingKnown);
    expect(outcome).toMatchObject({ kind: 'refused', refusal: { type: 'UNKNOWN_TICKET' } });
  });
});

/** A cash drawer closed with a blind count: one command, two facts. */
interface DrawerContext {
  countedCents: number | null;
}
type DrawerCommand = { type: 'CLOSE'; countedCents: number; at: string };
type DrawerFact = { type: 'BlindCountTaken'; countedCents: number; at: string } | { type: 'DrawerClosed'; at: string };

const drawerMachine = setup({
  types: { context: {} as DrawerContext, events: {} as DrawerCommand | DrawerFact, emitted: {} as DrawerFact },
  actions: {
    decideClose: emit(({ event }) => ({
      type: 'BlindCountTaken' as const,
      countedCents: (event as DrawerCommand).countedCents,
      at: event.at,
    })),
    decideClosed: emit(({ event }) => ({ type: 'DrawerClosed' as const, at: event.at })),
    counted: assign({ countedCents: ({ event }) => (event as Extract<DrawerFact, { type: 'BlindCountTaken' }>).countedCents }),
  },
}).createMachine({
  id: 'drawer',
  context: { countedCents: null },
  initial: 'open',
  states: {
    open: {
      on: {
        CLOSE: { actions: ['decideClose', 'decideClosed'] },
        BlindCountTaken: { actions: 'counted' },
        DrawerClosed: { target: 'closed' },
      },
    },
    closed: {},
  },
});

const drawerKind: ActorKind<DrawerContext, DrawerCommand, DrawerFact> = {
  type: 'drawer',
  machine: drawerMachine,
  refusals: {},
  facts: ['BlindCountTaken', 'DrawerClosed'],
  unknown: { type: 'NOT_FOUND', message: (id) => `No drawer ${id}.` },
  stateName: (snapshot) => String(snapshot.value),
  view: () => null,
  views: [],
  project: () => [],
  react: () => [],
};

describe('a command that makes more than one fact', () => {
  it('takes one version per fact, with the state after each', () => {
    const start = { snapshot: restore<DrawerContext>(drawerMachine, null), version: 5 };
    const close: DrawerCommand = { type: 'CLOSE', countedCents: 12_345, at };
    const [outcome, after] = decideGroup(drawerKind, 'd1', start, group(close, close), nothingKnown);
    const { facts, states, version } = accepted(outcome);
    expect(facts).toEqual([
      { type: 'BlindCountTaken', countedCents: 12_345, at },
      { type: 'DrawerClosed', at },
    ]);
    expect(version).toBe(start.version + facts.length);
    expect(states.map((s) => [s.value, s.context.countedCents])).toEqual([
      ['open', 12_345],
      ['closed', 12_345],
    ]);
    expect(after).toMatchObject({ kind: 'refused', refusal: { message: 'The drawer is closed: it cannot take CLOSE.' } });
  });
});
