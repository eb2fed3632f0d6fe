import { describe, expect, it } from 'vitest';
import { replay, restore } from '../../shared/runtime/actor-kind.js';
import { decide, evolve, fold, FactNotApplicable } from '../../shared/runtime/decider.js';
import { asStored, given as givenKind, history } from '../../test/given.js';
import type { FiredTicket } from '../order/order.machine.js';
import { stationKind } from './station.kind.js';
import {
  MAX_ACKS_PER_TICKET,
  RECALLABLE_TICKETS,
  stationMachine,
  stationRefusals,
  type StationCommand,
  type StationContext,
  type StationFact,
} from './station.machine.js';

const at = '2026-11-25T12:00:00.000Z';
const ackedAt = '2026-11-25T12:00:01.500Z';
const given = (facts: StationFact[]) => givenKind(stationKind, facts);
/** The facts a run of commands made: the past a test starts from. */
const past = (...commands: StationCommand[]) => history(stationKind, commands);

const ticket = (id: string): FiredTicket => ({
  id,
  stationId: 'grill',
  orderId: `order-${id}`,
  orderNumber: 7,
  table: 3,
  firedAt: at,
  items: [
    { itemId: `i-${id}`, name: 'Picanha', quantity: 1, notes: 'mal passada', course: 1, prepSeconds: 900, startDelaySeconds: 60 },
  ],
});
const fire = (id: string, capacity = 10): StationCommand => ({ type: 'FIRE_TICKET', ticket: ticket(id), capacity, at });
const ack = (id: string, terminalId = 'kds-grill'): StationCommand => ({
  type: 'ACK_TICKET',
  ticketId: id,
  terminalId,
  at: ackedAt,
});
const flag = (id: string): StationCommand => ({ type: 'FLAG_UNACKNOWLEDGED', ticketId: id, at });
const bump = (id: string): StationCommand => ({ type: 'BUMP', ticketId: id, at });
const recall = (id: string): StationCommand => ({ type: 'RECALL', ticketId: id, at });
const voidItem = (id: string): StationCommand => ({ type: 'VOID_ITEM', ticketId: id, itemId: `i-${id}`, at });

const fired = (facts: StationFact[]) => facts.find((f) => f.type === 'TicketFired')!;
/** When an item of `ticket(...)` fired at `at` finishes, in seconds after it fired. */
const cookedAfter = (() => {
  const [item] = ticket('x').items;
  return item!.startDelaySeconds + item!.prepSeconds;
})();

describe('station machine: firing', () => {
  it("given an idle station, when FIRE_TICKET, then the ticket is OPEN, each item starting after the order's delay", () => {
    const { refusal, facts, next } = given([]).when(fire('t1'));
    expect(refusal).toBeNull();
    const [item] = ticket('t1').items;
    expect(facts).toEqual([
      {
        type: 'TicketFired',
        ticket: {
          ...ticket('t1'),
          items: [{ ...item, startDelaySeconds: 60, startAt: '2026-11-25T12:01:00.000Z', voided: false }],
        },
        heldSeconds: 0,
        capacity: 10,
        at,
      },
    ]);
    expect(next.context.tickets.t1).toMatchObject({
      status: 'OPEN',
      bumpedAt: null,
      acks: [],
      unacknowledged: false,
      orderNumber: 7,
    });
  });

  it('given as many items cooking as the station has places, when FIRE_TICKET, then it holds the new one back until the first place is free', () => {
    const busy = given(past(fire('a', 2), fire('b', 2))).when(fire('c', 2)).facts;
    expect(fired(busy)).toMatchObject({ heldSeconds: cookedAfter, capacity: 2 });
    expect(fired(busy).ticket.items[0]).toMatchObject({ startDelaySeconds: 60 + cookedAfter });
    const roomy = given(past(fire('a', 3), fire('b', 3))).when(fire('c', 3)).facts;
    expect(fired(roomy)).toMatchObject({ heldSeconds: 0 });
    expect(fired(roomy).ticket.items[0]?.startDelaySeconds).toBe(60);
  });

  it('given a bumped ticket and a voided item among those cooking, when FIRE_TICKET, then they hold no place', () => {
    expect(fired(given(past(fire('a', 2), fire('b', 2), bump('a'))).when(fire('c', 2)).facts).heldSeconds).toBe(0);
    expect(fired(given(past(fire('a', 2), fire('b', 2), voidItem('b'))).when(fire('c', 2)).facts).heldSeconds).toBe(0);
  });

  it('given the ticket already at the station, when FIRE_TICKET, then it is refused', () => {
    expect(given(past(fire('t1'))).when(fire('t1')).refusal).toEqual({
      type: 'INVALID_TRANSITION',
      message: 'Ticket t1 is already at this station.',
    });
  });
});

describe('station machine: screens drawing tickets', () => {
  it('given a fired ticket, when the first screen acks it, then it is the first ack and the alarm is cleared', () => {
    const { facts, next } = given(past(fire('t1'), flag('t1'))).when(ack('t1'));
    expect(facts).toEqual([
      { type: 'TicketAcknowledged', ticketId: 't1', orderId: 'order-t1', terminalId: 'kds-grill', first: true, at: ackedAt },
    ]);
    expect(next.context.tickets.t1).toMatchObject({ acks: [{ terminalId: 'kds-grill', at: ackedAt }], unacknowledged: false });
  });

  it('given a ticket one screen drew, when another screen acks it, then it is not the first', () => {
    const { facts, next } = given(past(fire('t1'), ack('t1'))).when(ack('t1', 'kds-grill-2'));
    expect(facts).toMatchObject([{ type: 'TicketAcknowledged', terminalId: 'kds-grill-2', first: false }]);
    expect(next.context.tickets.t1?.acks.map((a) => a.terminalId)).toEqual(['kds-grill', 'kds-grill-2']);
  });

  it('given a ticket a screen drew, when the same screen acks it again, then it is refused', () => {
    expect(given(past(fire('t1'), ack('t1'))).when(ack('t1')).refusal).toEqual({
      type: 'INVALID_TRANSITION',
      message: 'This screen already acknowledged ticket t1.',
    });
  });

  it(`given a ticket drawn by ${MAX_ACKS_PER_TICKET} screens, when one more acks it, then it is refused`, () => {
    const screens = Array.from({ length: MAX_ACKS_PER_TICKET }, (_, i) => ack('t1', `kds-${i}`));
    const full = given(past(fire('t1'), ...screens));
    expect(full.snapshot.context.tickets.t1?.acks).toHaveLength(MAX_ACKS_PER_TICKET);
    expect(full.when(ack('t1', 'kds-one-too-many')).refusal).toEqual({
      type: 'INVALID_TRANSITION',
      message: `Ticket t1 was already drawn by ${MAX_ACKS_PER_TICKET} screens.`,
    });
  });

  it('given a ticket nobody drew, when FLAG_UNACKNOWLEDGED, then it is flagged', () => {
    const { facts, next } = given(past(fire('t1'))).when(flag('t1'));
    expect(facts).toEqual([{ type: 'TicketUnacknowledged', ticketId: 't1', orderId: 'order-t1', at }]);
    expect(next.context.tickets.t1?.unacknowledged).toBe(true);
  });

  it('given a ticket flagged, drawn or bumped, when FLAG_UNACKNOWLEDGED, then it is refused', () => {
    expect(given(past(fire('t1'), flag('t1'))).when(flag('t1')).refusal).toEqual({
      type: 'INVALID_TRANSITION',
      message: 'Ticket t1 is already flagged unacknowledged.',
    });
    expect(given(past(fire('t1'), ack('t1'))).when(flag('t1')).refusal).toEqual({
      type: 'INVALID_TRANSITION',
      message: 'Ticket t1 was acknowledged.',
    });
    expect(given(past(fire('t1'), bump('t1'))).when(flag('t1')).refusal).toEqual({
      type: 'TICKET_NOT_OPEN',
      message: 'Ticket t1 is already bumped.',
    });
  });
});

describe('station machine: chits its printer printed', () => {
  const printedAt = '2026-11-25T12:00:03.000Z';
  const printed = (id: string): StationCommand => ({
    type: 'MARK_PRINTED',
    ticketId: id,
    deviceId: 'grill-printer',
    printedAt,
    at,
  });

  it('given a fired ticket, when MARK_PRINTED, then the ticket says which printer printed it and when', () => {
    const { facts, next } = given(past(fire('t1'))).when(printed('t1'));
    expect(facts).toEqual([
      { type: 'TicketPrinted', ticketId: 't1', orderId: 'order-t1', deviceId: 'grill-printer', printedAt, at },
    ]);
    expect(next.context.tickets.t1?.printed).toEqual({ deviceId: 'grill-printer', at: printedAt });
  });

  it('given a bumped ticket, when MARK_PRINTED, then it is marked too: the chit was on its way', () => {
    expect(given(past(fire('t1'), bump('t1'))).when(printed('t1')).next.context.tickets.t1?.printed).toBeDefined();
  });

  it('given a ticket printed, when MARK_PRINTED again (a second delivery), then it is refused', () => {
    expect(given(past(fire('t1'), printed('t1'))).when(printed('t1')).refusal).toEqual({
      type: 'INVALID_TRANSITION',
      message: 'Ticket t1 was printed already.',
    });
    expect(given(past(fire('t1'))).when(printed('t2')).refusal?.type).toBe('UNKNOWN_TICKET');
  });
});

describe('station machine: bump, recall and void', () => {
  it('given an open ticket, when BUMP, then it is BUMPED and recallable', () => {
    const { facts, next } = given(past(fire('t1'))).when(bump('t1'));
    expect(facts).toEqual([{ type: 'TicketBumped', ticketId: 't1', orderId: 'order-t1', forgotten: [], at }]);
    expect(next.context.tickets.t1).toMatchObject({ status: 'BUMPED', bumpedAt: at });
    expect(next.context.bumped).toEqual(['t1']);
  });

  it('given a bumped ticket, when BUMP, then TICKET_NOT_OPEN', () => {
    expect(given(past(fire('t1'), bump('t1'))).when(bump('t1')).refusal).toEqual({
      type: 'TICKET_NOT_OPEN',
      message: 'Ticket t1 is already bumped.',
    });
  });

  it('given a bumped ticket, when RECALL, then it is OPEN again and no longer among the recallable', () => {
    const { facts, next } = given(past(fire('t1'), bump('t1'))).when(recall('t1'));
    expect(facts).toEqual([{ type: 'TicketRecalled', ticketId: 't1', orderId: 'order-t1', at }]);
    expect(next.context.tickets.t1).toMatchObject({ status: 'OPEN', bumpedAt: null });
    expect(next.context.bumped).toEqual([]);
  });

  it('given an open ticket, when RECALL, then only a bumped ticket can be recalled', () => {
    expect(given(past(fire('t1'))).when(recall('t1')).refusal).toEqual({
      type: 'TICKET_NOT_BUMPED',
      message: 'Ticket t1 is open: only a bumped ticket can be recalled.',
    });
  });

  it('given a fired ticket, when VOID_ITEM, then the item is struck off it', () => {
    const { facts, next } = given(past(fire('t1'))).when(voidItem('t1'));
    expect(facts).toEqual([{ type: 'TicketItemVoided', ticketId: 't1', orderId: 'order-t1', itemId: 'i-t1', at }]);
    expect(next.context.tickets.t1?.items[0]?.voided).toBe(true);
  });

  it(`given more than ${RECALLABLE_TICKETS} bumped tickets, then the oldest are forgotten and cannot be recalled`, () => {
    const ids = Array.from({ length: RECALLABLE_TICKETS + 2 }, (_, i) => `t${i}`);
    const facts = past(...ids.flatMap((id) => [fire(id), bump(id)]));
    const forgotten = facts.flatMap((f) =>
      f.type === 'TicketBumped' && f.forgotten.length > 0 ? [[f.ticketId, f.forgotten]] : [],
    );
    expect(forgotten).toEqual([
      [ids[RECALLABLE_TICKETS], ['t0']],
      [ids[RECALLABLE_TICKETS + 1], ['t1']],
    ]);
    const { snapshot } = given(facts);
    expect(Object.keys(snapshot.context.tickets)).toEqual(ids.slice(2));
    expect(snapshot.context.bumped).toEqual(ids.slice(2));
    expect(given(facts).when(recall('t0')).refusal?.type).toBe('UNKNOWN_TICKET');
    expect(given(facts).when(recall(ids.at(-1)!)).refusal).toBeNull();
  });

  const lookups: [string, (id: string) => StationCommand][] = [
    ['BUMP', bump],
    ['RECALL', recall],
    ['VOID_ITEM', voidItem],
    ['ACK_TICKET', (id) => ack(id)],
    ['FLAG_UNACKNOWLEDGED', flag],
  ];
  it.each(lookups)('given no such ticket (not even __proto__ or constructor), when %s, then UNKNOWN_TICKET', (_, command) => {
    for (const id of ['nope', '__proto__', 'constructor', 'hasOwnProperty']) {
      expect(given(past(fire('t1'))).when(command(id)).refusal).toEqual({
        type: 'UNKNOWN_TICKET',
        message: `Ticket ${id} is not at this station (or was bumped too long ago to recall).`,
      });
    }
  });
});

describe('station machine: the log', () => {
  const commands = [fire('a'), fire('b'), ack('a'), flag('b'), bump('a'), recall('a'), voidItem('b'), bump('b')];

  it('replaying the facts, from scratch or from a persisted snapshot, rebuilds the same state', () => {
    const facts = past(...commands);
    const live = given(facts).snapshot;
    const stored = asStored(facts);
    const fromScratch = replay<StationContext>(stationMachine, restore(stationMachine, null), stored);
    expect(fromScratch.value).toEqual(live.value);
    expect(fromScratch.context).toEqual(live.context);

    const persisted = JSON.parse(JSON.stringify(stationMachine.getPersistedSnapshot(given(facts.slice(0, 4)).snapshot as never)));
    const fromSnapshot = replay<StationContext>(stationMachine, restore(stationMachine, persisted), stored.slice(4));
    expect(fromSnapshot.context).toEqual(live.context);
    // The rebuilt station decides the next ticket as the live one does, hold-back included.
    expect(decide(stationMachine, stationRefusals, fromSnapshot, fire('c', 1))).toEqual(
      decide(stationMachine, stationRefusals, live, fire('c', 1)),
    );
  });

  it('a fact that is not a station fact throws FactNotApplicable; one about a ticket it never had is not ignored', () => {
    const idle = restore<StationContext>(stationMachine, null);
    expect(() => evolve(stationMachine, idle, { type: 'OrderOpened', at })).toThrow(FactNotApplicable);
    const bumpedNothing: StationFact = { type: 'TicketBumped', ticketId: 'nope', orderId: 'o', forgotten: [], at };
    expect(() => evolve(stationMachine, idle, bumpedNothing)).toThrow(FactNotApplicable);
  });

  it('a ticket whose id is "__proto__" is a ticket of its own, never the record\'s prototype', () => {
    const odd = given(past(fire('__proto__'))).snapshot;
    expect(Object.hasOwn(odd.context.tickets, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(odd.context.tickets)).toBe(Object.prototype);
    expect(given(past(fire('__proto__'))).when(fire('t2')).refusal).toBeNull();
  });

  it('given a ticket, when VOID_ITEM names an item it does not hold or one already struck off, then a refusal', () => {
    const struck = given(past(fire('t1'), voidItem('t1')));
    expect(struck.when(voidItem('t1')).refusal?.type).toBe('ITEM_ALREADY_VOIDED');
    expect(given(past(fire('t1'))).when({ type: 'VOID_ITEM', ticketId: 't1', itemId: 'zz', at }).refusal?.type).toBe(
      'UNKNOWN_ITEM',
    );
  });

  it('rebuilding keeps the hold-back a ticket got: facts are never decided again', () => {
    // Decided when the station cooked two at a time and had two cooking: the third was held back.
    const before = past(fire('a', 2), fire('b', 2));
    const decided = given(before).when(fire('c', 2)).facts;
    expect(fired(decided).heldSeconds).toBeGreaterThan(0);
    const log = [...before, ...decided];

    // The station has since been set to ten places: a FIRE_TICKET today would not hold it back at all.
    expect(fired(given(before).when(fire('c', 10)).facts).heldSeconds).toBe(0);

    // Folding the stored facts gives the start delays as they were decided, not as they would be today.
    const rebuilt = fold(stationMachine, restore<StationContext>(stationMachine, null), log);
    expect(rebuilt.context.tickets.c?.items).toEqual(fired(decided).ticket.items);
    expect(rebuilt.context.tickets.c?.items[0]?.startDelaySeconds).toBe(60 + cookedAfter);
  });
});
