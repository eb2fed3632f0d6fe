import { describe, expect, it } from 'vitest';
import { replay, restore } from '../../shared/runtime/actor-host.js';
import { asStored, given as givenMachine } from '../../test/given.js';
import type { FiredTicket } from '../order/order.machine.js';
import {
  RECALLABLE_TICKETS,
  stationMachine,
  stationRefusals,
  type StationContext,
  type StationEvent,
} from './station.machine.js';

const at = '2026-11-25T12:00:00.000Z';
const given = (events: StationEvent[]) => givenMachine<StationContext, StationEvent>(stationMachine, stationRefusals, events);

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
const fire = (id: string, capacity = 10): StationEvent => ({ type: 'FIRE_TICKET', ticket: ticket(id), capacity, at });
const ack = (id: string, terminalId = 'kds-grill'): StationEvent => ({
  type: 'ACK_TICKET',
  ticketId: id,
  terminalId,
  at: '2026-11-25T12:00:01.500Z',
});
const bump = (id: string): StationEvent => ({ type: 'BUMP', ticketId: id, at });
const recall = (id: string): StationEvent => ({ type: 'RECALL', ticketId: id, at });

describe('station machine', () => {
  it('takes a fired ticket as OPEN', () => {
    const { next } = given([]).when(fire('t1'));
    expect(next.context.tickets.t1).toMatchObject({ status: 'OPEN', bumpedAt: null, orderNumber: 7 });
  });

  it("starts each item after the order's delay, and holds items back while the station is over capacity", () => {
    const { next } = given([]).when(fire('t1'));
    expect(next.context.tickets.t1?.items[0]).toMatchObject({ startDelaySeconds: 60, startAt: '2026-11-25T12:01:00.000Z' });
    // Capacity 2, two items already cooking (each finishes 60 + 900 s after firing): the third waits for the first.
    const busy = given([fire('a', 2), fire('b', 2)]).when(fire('c', 2)).next;
    expect(busy.context.tickets.c?.items[0]).toMatchObject({ startDelaySeconds: 60 + 960 });
    const roomy = given([fire('a', 3), fire('b', 3)]).when(fire('c', 3)).next;
    expect(roomy.context.tickets.c?.items[0]?.startDelaySeconds).toBe(60);
  });

  it('records which screen drew a ticket, tells the order once, and clears its alarm', () => {
    const first = given([fire('t1')]).when(ack('t1'));
    expect(first.next.context.tickets.t1?.acks).toEqual([{ terminalId: 'kds-grill', at: '2026-11-25T12:00:01.500Z' }]);
    expect(first.emitted).toEqual([
      {
        type: 'ticketReceived',
        orderId: 'order-t1',
        ticketId: 't1',
        terminalId: 'kds-grill',
        receivedAt: '2026-11-25T12:00:01.500Z',
      },
    ]);
    const second = given([fire('t1'), ack('t1')]).when(ack('t1', 'kds-grill-2'));
    expect(second.emitted).toEqual([]);
    expect(second.next.context.tickets.t1?.acks).toHaveLength(2);
    expect(given([fire('t1'), ack('t1')]).when(ack('t1')).refusal?.type).toBe('INVALID_TRANSITION');
  });

  it('flags a ticket nobody drew, once, and tells the order; not one that was drawn', () => {
    const flag: StationEvent = { type: 'FLAG_UNACKNOWLEDGED', ticketId: 't1', at };
    const flagged = given([fire('t1')]).when(flag);
    expect(flagged.next.context.tickets.t1?.unacknowledged).toBe(true);
    expect(flagged.emitted).toEqual([{ type: 'ticketUnacknowledged', orderId: 'order-t1', ticketId: 't1' }]);
    expect(given([fire('t1'), flag]).when(flag).refusal?.type).toBe('INVALID_TRANSITION');
    expect(given([fire('t1'), ack('t1')]).when(flag).refusal?.type).toBe('INVALID_TRANSITION');
    expect(given([fire('t1'), flag]).when(ack('t1')).next.context.tickets.t1?.unacknowledged).toBe(false);
  });

  it('refuses the same ticket twice', () => {
    expect(given([fire('t1')]).when(fire('t1')).refusal?.type).toBe('INVALID_TRANSITION');
  });

  it('bumps an open ticket and tells its order', () => {
    const { next, emitted } = given([fire('t1')]).when(bump('t1'));
    expect(next.context.tickets.t1).toMatchObject({ status: 'BUMPED', bumpedAt: at });
    expect(emitted).toEqual([{ type: 'ticketBumped', orderId: 'order-t1', ticketId: 't1' }]);
  });

  it('refuses to bump a ticket it does not have, or one already bumped', () => {
    expect(given([]).when(bump('nope')).refusal?.type).toBe('UNKNOWN_TICKET');
    expect(given([fire('t1'), bump('t1')]).when(bump('t1')).refusal?.type).toBe('TICKET_NOT_OPEN');
  });

  it('recalls a bumped ticket and tells its order; refuses to recall an open one', () => {
    const { next, emitted } = given([fire('t1'), bump('t1')]).when(recall('t1'));
    expect(next.context.tickets.t1?.status).toBe('OPEN');
    expect(emitted).toEqual([{ type: 'ticketRecalled', orderId: 'order-t1', ticketId: 't1' }]);
    expect(given([fire('t1')]).when(recall('t1')).refusal?.type).toBe('TICKET_NOT_BUMPED');
  });

  it('marks a voided item on its ticket', () => {
    const { next } = given([fire('t1')]).when({ type: 'VOID_ITEM', ticketId: 't1', itemId: 'i-t1', at });
    expect(next.context.tickets.t1?.items[0]?.voided).toBe(true);
  });

  it(`remembers the last ${RECALLABLE_TICKETS} bumped tickets and forgets older ones`, () => {
    const ids = Array.from({ length: RECALLABLE_TICKETS + 2 }, (_, i) => `t${i}`);
    const history = ids.flatMap((id) => [fire(id), bump(id)]);
    const { snapshot } = given(history);
    expect(Object.keys(snapshot.context.tickets)).toHaveLength(RECALLABLE_TICKETS);
    expect(snapshot.context.tickets.t0).toBeUndefined();
    expect(given(history).when(recall('t0')).refusal?.type).toBe('UNKNOWN_TICKET');
    expect(given(history).when(recall(ids.at(-1)!)).refusal).toBeNull();
  });

  it('replaying the log rebuilds the same state', () => {
    const log = [fire('a'), fire('b'), bump('a'), recall('a'), bump('b')];
    const stored = asStored(log);
    const rebuilt = replay<StationContext>(stationMachine, restore(stationMachine, null), stored);
    expect(rebuilt.context).toEqual(given(log).snapshot.context);
  });
});
