import { describe, expect, it } from 'vitest';
import { replay, restore } from '../../shared/runtime/actor-host.js';
import { orderItem } from '../../test/fixtures.js';
import { asStored, given as givenMachine } from '../../test/given.js';
import { orderMachine, orderRefusals, type OrderContext, type OrderEvent } from './order.machine.js';
import { orderStates } from './order.projection.js';

const at = '2026-11-25T12:00:00.000Z';
const given = (events: OrderEvent[]) => givenMachine<OrderContext, OrderEvent>(orderMachine, orderRefusals, events);
const states = (s: Parameters<typeof orderStates>[0]) => orderStates(s);

const opened: OrderEvent = { type: 'OPEN', orderId: 'o1', number: 42, terminalId: 'pos-1', table: 5, covers: 2, at };
const item = orderItem;
const add = (id: string, station: string, course = 1): OrderEvent => ({ type: 'ADD_ITEM', item: item(id, station, course), at });
const send = (course: number | null = null): OrderEvent => ({ type: 'SEND', course, at });
const bumped = (ticketId: string): OrderEvent => ({ type: 'TICKET_BUMPED', ticketId, at });

describe('order machine', () => {
  it('opens with nothing sent', () => {
    const { next } = given([]).when(opened);
    expect(states(next)).toEqual({ status: 'OPEN', kitchen: 'NONE' });
    expect(next.context).toMatchObject({ id: 'o1', number: 42, table: 5, items: [] });
  });

  it('takes nothing but OPEN before it is opened', () => {
    expect(given([]).when(add('a', 'grill')).refusal).toEqual({ type: 'INVALID_TRANSITION' });
  });

  it('adds items as NEW', () => {
    const { next } = given([opened]).when(add('a', 'grill'));
    expect(next.context.items).toMatchObject([{ id: 'a', status: 'NEW', ticketId: null }]);
  });

  it("refuses a product that is 86'd, and takes one rung before products could be 86'd", () => {
    const eightySixed: OrderEvent = { type: 'ADD_ITEM', item: item('a', 'grill'), available: false, at };
    const { refusal, next } = given([opened]).when(eightySixed);
    expect(refusal).toMatchObject({ type: 'PRODUCT_UNAVAILABLE', message: expect.stringContaining('Item a') });
    expect(next.context.items).toEqual([]);
    expect(given([opened]).when({ ...eightySixed, available: true }).refusal).toBeNull();
    // Events stored before `available` existed replay as they were accepted.
    expect(given([opened]).when(add('a', 'grill')).refusal).toBeNull();
  });

  it('sends the unsent items as one ticket per station and goes to SENT', () => {
    const { next, emitted, refusal } = given([opened, add('a', 'grill'), add('b', 'fryer'), add('c', 'grill')]).when(send());
    expect(refusal).toBeNull();
    expect(states(next)?.kitchen).toBe('SENT');
    expect(next.context.items.map((i) => i.status)).toEqual(['FIRED', 'FIRED', 'FIRED']);
    expect(emitted).toEqual([
      {
        type: 'ticketFired',
        ticket: expect.objectContaining({ id: 'o1-1-grill', stationId: 'grill', orderNumber: 42, table: 5, firedAt: at }),
      },
      { type: 'ticketFired', ticket: expect.objectContaining({ id: 'o1-1-fryer', stationId: 'fryer' }) },
    ]);
    const grill = (emitted[0] as { ticket: { items: { itemId: string }[] } }).ticket;
    expect(grill.items.map((i) => i.itemId)).toEqual(['a', 'c']);
  });

  it('times each item of a send to finish with the longest one', () => {
    const slow = { ...item('a', 'grill'), prepSeconds: 900 };
    const quick = { ...item('b', 'cold'), prepSeconds: 240 };
    const { emitted } = given([opened, { type: 'ADD_ITEM', item: slow, at }, { type: 'ADD_ITEM', item: quick, at }]).when(send());
    const delays = (emitted as { ticket: { items: { itemId: string; startDelaySeconds: number }[] } }[]).flatMap(
      (e) => e.ticket.items,
    );
    expect(delays.map((i) => [i.itemId, i.startDelaySeconds])).toEqual([
      ['a', 0],
      ['b', 660],
    ]);
  });

  it('records when its station received a ticket, and the alarm until then', () => {
    const sent = [opened, add('a', 'grill'), send()];
    const alarm = given(sent).when({ type: 'TICKET_UNACKNOWLEDGED', ticketId: 'o1-1-grill', at }).next;
    expect(alarm.context.tickets[0]).toMatchObject({ unacknowledged: true, receivedAt: null });
    const received: OrderEvent = { type: 'TICKET_RECEIVED', ticketId: 'o1-1-grill', terminalId: 'kds-grill', receivedAt: at, at };
    const ok = given([...sent, { type: 'TICKET_UNACKNOWLEDGED', ticketId: 'o1-1-grill', at }]).when(received).next;
    expect(ok.context.tickets[0]).toMatchObject({ unacknowledged: false, receivedAt: at, receivedBy: 'kds-grill' });
    expect(given([...sent, received]).when(received).refusal?.type).toBe('INVALID_TRANSITION');
  });

  it('is served from the pass once ready, again only after a new send', () => {
    const ready = [opened, add('a', 'grill'), send(), bumped('o1-1-grill')];
    expect(given([opened, add('a', 'grill'), send()]).when({ type: 'SERVE', at }).refusal).toEqual({
      type: 'INVALID_TRANSITION',
    });
    expect(given(ready).when({ type: 'SERVE', at }).next.context.servedAt).toBe(at);
    expect(given([...ready, { type: 'SERVE', at }]).when({ type: 'SERVE', at }).refusal?.type).toBe('ALREADY_SERVED');
    const again = given([...ready, { type: 'SERVE', at }, add('b', 'grill')]).when(send()).next;
    expect(again.context.servedAt).toBeNull();
  });

  it('sends only the course asked for and holds the rest', () => {
    const { next, emitted } = given([opened, add('a', 'cold', 1), add('b', 'grill', 2)]).when(send(1));
    expect(next.context.items.map((i) => [i.id, i.status])).toEqual([
      ['a', 'FIRED'],
      ['b', 'NEW'],
    ]);
    expect(emitted).toHaveLength(1);
  });

  it('refuses a send with nothing unsent, or nothing in that course', () => {
    expect(given([opened]).when(send()).refusal?.type).toBe('NOTHING_TO_SEND');
    expect(given([opened, add('a', 'grill'), send()]).when(send()).refusal?.type).toBe('NOTHING_TO_SEND');
    expect(given([opened, add('a', 'grill', 1)]).when(send(2)).refusal).toEqual({
      type: 'NOTHING_TO_SEND',
      message: 'Nothing to send in course 2.',
    });
  });

  it('becomes READY when every ticket is bumped, and SENT again when more is sent', () => {
    const sent = [opened, add('a', 'grill'), add('b', 'fryer'), send()];
    const half = given(sent).when(bumped('o1-1-grill')).next;
    expect(states(half)?.kitchen).toBe('SENT');
    const ready = given([...sent, bumped('o1-1-grill')]).when(bumped('o1-1-fryer')).next;
    expect(states(ready)?.kitchen).toBe('READY');
    expect(ready.context.items.map((i) => i.status)).toEqual(['READY', 'READY']);

    const more = given([...sent, bumped('o1-1-grill'), bumped('o1-1-fryer'), add('c', 'cold')]).when(send());
    expect(states(more.next)?.kitchen).toBe('SENT');
    expect(more.emitted).toEqual([{ type: 'ticketFired', ticket: expect.objectContaining({ id: 'o1-2-cold' }) }]);
    expect(more.next.context.items.map((i) => i.status)).toEqual(['READY', 'READY', 'FIRED']);
  });

  it('goes back to SENT when a bumped ticket is recalled', () => {
    const ready = [opened, add('a', 'grill'), send(), bumped('o1-1-grill')];
    const { next } = given(ready).when({ type: 'TICKET_RECALLED', ticketId: 'o1-1-grill', at });
    expect(states(next)?.kitchen).toBe('SENT');
    expect(next.context.items[0]?.status).toBe('FIRED');
  });

  it('refuses to bump a ticket that is not open, and to recall one that is not bumped', () => {
    const sent = [opened, add('a', 'grill'), send()];
    expect(given([...sent, bumped('o1-1-grill')]).when(bumped('o1-1-grill')).refusal?.type).toBe('TICKET_NOT_OPEN');
    expect(given(sent).when({ type: 'TICKET_RECALLED', ticketId: 'o1-1-grill', at }).refusal?.type).toBe('TICKET_NOT_BUMPED');
  });

  it('voids an item; a fired one is announced to its station; a second void is refused', () => {
    const fired = given([opened, add('a', 'grill'), send()]).when({ type: 'VOID_ITEM', itemId: 'a', reason: 'wrong table', at });
    expect(fired.next.context.items[0]?.status).toBe('VOIDED');
    expect(fired.emitted).toEqual([{ type: 'firedItemVoided', stationId: 'grill', ticketId: 'o1-1-grill', itemId: 'a' }]);
    const unsent = given([opened, add('a', 'grill')]).when({ type: 'VOID_ITEM', itemId: 'a', reason: 'x', at });
    expect(unsent.emitted).toEqual([]);
    const twice = given([opened, add('a', 'grill'), { type: 'VOID_ITEM', itemId: 'a', reason: 'x', at }]);
    expect(twice.when({ type: 'VOID_ITEM', itemId: 'a', reason: 'x', at }).refusal?.type).toBe('ITEM_ALREADY_VOIDED');
    expect(twice.when({ type: 'VOID_ITEM', itemId: 'zz', reason: 'x', at }).refusal?.type).toBe('UNKNOWN_ITEM');
  });

  it('a voided item is not sent and does not count toward READY', () => {
    const { emitted } = given([
      opened,
      add('a', 'grill'),
      add('b', 'fryer'),
      { type: 'VOID_ITEM', itemId: 'b', reason: 'x', at },
    ]).when(send());
    expect(emitted).toEqual([{ type: 'ticketFired', ticket: expect.objectContaining({ stationId: 'grill' }) }]);
  });

  it('cancels an order with nothing sent; after that it takes no items', () => {
    const cancelled = given([opened, add('a', 'grill')]).when({ type: 'CANCEL', reason: 'left', at });
    expect(states(cancelled.next)?.status).toBe('CANCELLED');
    const after = given([opened, { type: 'CANCEL', reason: 'left', at }]);
    expect(after.when(add('b', 'grill')).refusal).toEqual({ type: 'INVALID_TRANSITION' });
    expect(after.when(send()).refusal).toEqual({ type: 'INVALID_TRANSITION' });
  });

  it('refuses to cancel once something was sent', () => {
    expect(given([opened, add('a', 'grill'), send()]).when({ type: 'CANCEL', reason: 'x', at }).refusal?.type).toBe(
      'ALREADY_SENT',
    );
  });

  it('replaying the log, from scratch or from a persisted snapshot, rebuilds the same state', () => {
    const log: OrderEvent[] = [
      opened,
      add('a', 'grill'),
      add('b', 'fryer', 2),
      send(1),
      bumped('o1-1-grill'),
      send(2),
      add('c', 'cold'),
    ];
    const live = given(log).snapshot;
    const stored = asStored(log);
    const fromScratch = replay<OrderContext>(orderMachine, restore(orderMachine, null), stored);
    expect(fromScratch.value).toEqual(live.value);
    expect(fromScratch.context).toEqual(live.context);

    const persisted = JSON.parse(JSON.stringify(orderMachine.getPersistedSnapshot(given(log.slice(0, 4)).snapshot as never)));
    const fromSnapshot = replay<OrderContext>(orderMachine, restore(orderMachine, persisted), stored.slice(4));
    expect(fromSnapshot.value).toEqual(live.value);
    expect(fromSnapshot.context).toEqual(live.context);
  });
});
