import { describe, expect, it } from 'vitest';
import { replay, restore } from '../../shared/runtime/actor-kind.js';
import { decide, evolve, fold, FactNotApplicable, type Snapshot } from '../../shared/runtime/decider.js';
import { openOrder, orderItem, ringItem } from '../../test/fixtures.js';
import { asStored, given as givenKind, history } from '../../test/given.js';
import { orderKind } from './order.kind.js';
import { orderMachine, orderRefusals, type OrderCommand, type OrderContext, type OrderFact } from './order.machine.js';
import { orderStates } from './order.projection.js';

const at = '2026-11-25T12:00:00.000Z';
const given = (facts: OrderFact[]) => givenKind(orderKind, facts);
/** The facts a run of commands made: the past a test starts from. */
const past = (...commands: OrderCommand[]) => history(orderKind, commands);
const states = (snapshot: Snapshot<OrderContext>) => orderStates(snapshot);

const open = openOrder;
const opened: OrderFact = {
  type: 'OrderOpened',
  orderId: 'o1',
  number: 42,
  dayNumber: 1,
  terminalId: 'pos-1',
  table: 5,
  covers: 2,
  servicePercent: 10,
  at,
};
const add = ringItem;
const added = (id: string, station: string, course = 1): OrderFact => ({
  type: 'ItemAdded',
  item: orderItem(id, station, course),
  at,
});
const send = (course: number | null = null): OrderCommand => ({ type: 'SEND', course, at });
/** A void a manager approved (voiding food already fired takes one). */
const voidItem = (itemId: string, reason = 'rung by mistake', approvedBy: string | null = 'maria'): OrderCommand => ({
  type: 'VOID_ITEM',
  itemId,
  reason,
  approvalRequired: true,
  byManager: false,
  approvedBy,
  at,
});
const cancel: OrderCommand = { type: 'CANCEL', reason: 'guest left', at };
const bump = (ticketId: string): OrderCommand => ({ type: 'TICKET_BUMPED', ticketId, at });
const recall = (ticketId: string): OrderCommand => ({ type: 'TICKET_RECALLED', ticketId, at });
const receive = (ticketId: string): OrderCommand => ({
  type: 'TICKET_RECEIVED',
  ticketId,
  terminalId: 'kds-grill',
  receivedAt: '2026-11-25T12:00:01.500Z',
  at,
});
const alarm = (ticketId: string): OrderCommand => ({ type: 'TICKET_UNACKNOWLEDGED', ticketId, at });
const printedAt = '2026-11-25T12:00:03.000Z';
const printChit = (ticketId: string): OrderCommand => ({
  type: 'TICKET_PRINTED',
  ticketId,
  deviceId: 'grill-printer',
  printedAt,
  at,
});
const serve: OrderCommand = { type: 'SERVE', at };

/** An item as a fired ticket carries it, with the start delay its send gave it. */
const line = (id: string, station: string, startDelaySeconds = 0, course = 1) => {
  const { name, quantity, notes, prepSeconds } = orderItem(id, station, course);
  return { itemId: id, name, quantity, notes, course, prepSeconds, startDelaySeconds };
};

describe('order machine: opening', () => {
  it('given nothing, when OPEN, then the order is opened with nothing sent', () => {
    const { refusal, facts, next } = given([]).when(open);
    expect(refusal).toBeNull();
    expect(facts).toEqual([opened]);
    expect(states(next)).toEqual({ status: 'OPEN', kitchen: 'NONE' });
    expect(next.context).toMatchObject({
      id: 'o1',
      number: 42,
      terminalId: 'pos-1',
      table: 5,
      covers: 2,
      openedAt: at,
      items: [],
    });
  });

  it('given nothing, when anything but OPEN, then it is refused', () => {
    for (const command of [add('a', 'grill'), send(), cancel, serve, bump('o1-1-grill')]) {
      expect(given([]).when(command)).toMatchObject({ refusal: { type: 'INVALID_TRANSITION' }, facts: [] });
    }
  });

  it('given an open order, when OPEN again, then it is refused', () => {
    expect(given([opened]).when(open).refusal).toEqual({ type: 'INVALID_TRANSITION' });
  });
});

describe('order machine: ringing items', () => {
  it('given an open order, when ADD_ITEM, then the item is added as NEW, priced as it was rung', () => {
    const { facts, next } = given([opened]).when(add('a', 'grill'));
    expect(facts).toEqual([added('a', 'grill')]);
    expect(next.context.items).toEqual([{ ...orderItem('a', 'grill'), status: 'NEW', ticketId: null }]);
  });

  it("given an open order, when ADD_ITEM of a product that is 86'd, then it is refused by name", () => {
    const { refusal, facts, next } = given([opened]).when({ ...add('a', 'grill'), available: false } as OrderCommand);
    expect(refusal).toEqual({ type: 'PRODUCT_UNAVAILABLE', message: expect.stringContaining("Item a is 86'd") });
    expect(facts).toEqual([]);
    expect(next.context.items).toEqual([]);
  });
});

describe('order machine: sending', () => {
  it('given unsent items, when SEND, then one ticket per station fires and the kitchen is SENT', () => {
    const { facts, next } = given([opened, added('a', 'grill'), added('b', 'fryer'), added('c', 'grill')]).when(send());
    const ticket = { orderId: 'o1', orderNumber: 42, table: 5, firedAt: at };
    expect(facts).toEqual([
      {
        type: 'OrderSent',
        send: 1,
        course: null,
        tickets: [
          { ...ticket, id: 'o1-1-grill', stationId: 'grill', items: [line('a', 'grill'), line('c', 'grill')] },
          { ...ticket, id: 'o1-1-fryer', stationId: 'fryer', items: [line('b', 'fryer')] },
        ],
        at,
      },
    ]);
    expect(states(next)).toEqual({ status: 'OPEN', kitchen: 'SENT' });
    expect(next.context.sends).toBe(1);
    expect(next.context.items.map((i) => [i.id, i.status, i.ticketId])).toEqual([
      ['a', 'FIRED', 'o1-1-grill'],
      ['b', 'FIRED', 'o1-1-fryer'],
      ['c', 'FIRED', 'o1-1-grill'],
    ]);
    expect(next.context.tickets).toEqual([
      {
        id: 'o1-1-grill',
        stationId: 'grill',
        status: 'OPEN',
        itemIds: ['a', 'c'],
        firedAt: at,
        receivedAt: null,
        receivedBy: null,
        unacknowledged: false,
        bumpedAt: null,
      },
      expect.objectContaining({ id: 'o1-1-fryer', itemIds: ['b'], status: 'OPEN' }),
    ]);
  });

  it('given a slow and a quick item, when SEND, then the quick one waits so both finish together', () => {
    const slow = { ...orderItem('a', 'grill'), prepSeconds: 900 };
    const quick = { ...orderItem('b', 'cold'), prepSeconds: 240 };
    const { facts } = given([opened, { type: 'ItemAdded', item: slow, at }, { type: 'ItemAdded', item: quick, at }]).when(send());
    const delays = facts.flatMap((f) => (f.type === 'OrderSent' ? f.tickets.flatMap((t) => t.items) : []));
    expect(delays.map((i) => [i.itemId, i.startDelaySeconds])).toEqual([
      ['a', 0],
      ['b', slow.prepSeconds - quick.prepSeconds],
    ]);
  });

  it('given two courses, when SEND of the first, then only it fires and the second waits for its own send', () => {
    const { facts, next } = given([opened, added('a', 'cold', 1), added('b', 'grill', 2)]).when(send(1));
    expect(facts).toMatchObject([
      { type: 'OrderSent', send: 1, course: 1, tickets: [{ id: 'o1-1-cold', items: [line('a', 'cold')] }] },
    ]);
    expect(next.context.items.map((i) => [i.id, i.status])).toEqual([
      ['a', 'FIRED'],
      ['b', 'NEW'],
    ]);
    const second = given([opened, added('a', 'cold', 1), added('b', 'grill', 2), ...facts]).when(send(2));
    expect(second.facts).toMatchObject([
      { type: 'OrderSent', send: 2, course: 2, tickets: [{ id: 'o1-2-grill', items: [line('b', 'grill', 0, 2)] }] },
    ]);
  });

  it('given nothing unsent, when SEND, then NOTHING_TO_SEND says whether it was the order or the course', () => {
    const everything = 'Nothing to send: every item of this order was already sent.';
    expect(given([opened]).when(send()).refusal).toEqual({ type: 'NOTHING_TO_SEND', message: everything });
    expect(given(past(open, add('a', 'grill'), send())).when(send()).refusal).toEqual({
      type: 'NOTHING_TO_SEND',
      message: everything,
    });
    expect(given([opened, added('a', 'grill', 1)]).when(send(2)).refusal).toEqual({
      type: 'NOTHING_TO_SEND',
      message: 'Nothing to send in course 2.',
    });
  });

  it('given a voided item, when SEND, then it is not sent; with nothing else, there is nothing to send', () => {
    const { facts } = given(past(open, add('a', 'grill'), add('b', 'fryer'), voidItem('b'))).when(send());
    expect(facts).toMatchObject([{ type: 'OrderSent', tickets: [{ stationId: 'grill', items: [line('a', 'grill')] }] }]);
    expect(given(past(open, add('a', 'grill'), voidItem('a'))).when(send()).refusal?.type).toBe('NOTHING_TO_SEND');
  });
});

describe('order machine: voiding', () => {
  it('given an unsent item, when VOID_ITEM, then it is voided with what it was worth and no ticket', () => {
    const { facts, next } = given([opened, added('a', 'grill')]).when(voidItem('a', 'guest changed their mind'));
    const { productId, quantity, priceCents } = orderItem('a', 'grill');
    expect(facts).toEqual([
      {
        type: 'ItemVoided',
        itemId: 'a',
        reason: 'guest changed their mind',
        productId,
        quantity,
        priceCents,
        ticketId: null,
        stationId: null,
        at,
      },
    ]);
    expect(next.context.items[0]?.status).toBe('VOIDED');
  });

  it('given a fired item, when VOID_ITEM, then the fact names its ticket and station, so the station strikes it off', () => {
    const { facts, next } = given(past(open, add('a', 'grill'), send())).when(voidItem('a'));
    expect(facts).toMatchObject([{ type: 'ItemVoided', itemId: 'a', ticketId: 'o1-1-grill', stationId: 'grill' }]);
    expect(next.context.items[0]?.status).toBe('VOIDED');
  });

  it('given an item its station already bumped, when VOID_ITEM, then it still names its ticket', () => {
    const { facts } = given(past(open, add('a', 'grill'), send(), bump('o1-1-grill'))).when(voidItem('a'));
    expect(facts).toMatchObject([{ type: 'ItemVoided', ticketId: 'o1-1-grill', stationId: 'grill' }]);
  });

  it('given a voided fired item, when its ticket is bumped, then it stays VOIDED', () => {
    const { next } = given(past(open, add('a', 'grill'), add('b', 'grill'), send(), voidItem('b'))).when(bump('o1-1-grill'));
    expect(next.context.items.map((i) => [i.id, i.status])).toEqual([
      ['a', 'READY'],
      ['b', 'VOIDED'],
    ]);
  });

  it('given an item already voided, or none by that id, when VOID_ITEM, then it is refused naming the item', () => {
    const voided = given(past(open, add('a', 'grill'), voidItem('a')));
    expect(voided.when(voidItem('a')).refusal).toEqual({ type: 'ITEM_ALREADY_VOIDED', message: 'Item a is already voided.' });
    expect(voided.when(voidItem('zz')).refusal).toEqual({ type: 'UNKNOWN_ITEM', message: 'This order has no item zz.' });
  });
});

describe('order machine: cancelling', () => {
  it('given nothing sent, when CANCEL, then it is CANCELLED with what was on it (voided items left out)', () => {
    const { facts, next } = given(past(open, add('a', 'grill'), add('b', 'fryer'), voidItem('b'))).when(cancel);
    const { productId, quantity, priceCents } = orderItem('a', 'grill');
    expect(facts).toEqual([{ type: 'OrderCancelled', reason: 'guest left', items: [{ productId, quantity, priceCents }], at }]);
    expect(states(next)).toEqual({ status: 'CANCELLED', kitchen: 'NONE' });
  });

  it('given something sent, when CANCEL, then ALREADY_SENT: its items are voided instead', () => {
    expect(given(past(open, add('a', 'grill'), send())).when(cancel).refusal).toEqual({
      type: 'ALREADY_SENT',
      message: expect.stringContaining('void its items'),
    });
  });

  it('given a cancelled order, when anything of an open order, then it is refused', () => {
    const cancelled = given(past(open, add('a', 'grill'), cancel));
    for (const command of [add('b', 'grill'), send(), voidItem('a'), cancel, serve]) {
      expect(cancelled.when(command).refusal).toEqual({ type: 'INVALID_TRANSITION' });
    }
  });
});

describe('order machine: what the station says of its tickets', () => {
  const sending = [open, add('a', 'grill'), add('b', 'fryer'), send()];
  const sent = past(...sending);

  it('given a fired ticket nobody drew, when TICKET_UNACKNOWLEDGED, then the POS raises the alarm', () => {
    const { facts, next } = given(sent).when(alarm('o1-1-grill'));
    expect(facts).toEqual([{ type: 'TicketUnacknowledged', ticketId: 'o1-1-grill', at }]);
    expect(next.context.tickets[0]).toMatchObject({ unacknowledged: true, receivedAt: null });
  });

  it('given an alarm, when TICKET_RECEIVED, then it records which screen drew it, when, and clears the alarm', () => {
    const { facts, next } = given(past(...sending, alarm('o1-1-grill'))).when(receive('o1-1-grill'));
    const receivedAt = '2026-11-25T12:00:01.500Z';
    expect(facts).toEqual([{ type: 'TicketReceived', ticketId: 'o1-1-grill', terminalId: 'kds-grill', receivedAt, at }]);
    expect(next.context.tickets[0]).toMatchObject({ unacknowledged: false, receivedAt, receivedBy: 'kds-grill' });
  });

  it('given a received ticket, when TICKET_RECEIVED or TICKET_UNACKNOWLEDGED, then it was already received', () => {
    const received = given(past(...sending, receive('o1-1-grill')));
    const already = { type: 'INVALID_TRANSITION', message: 'Ticket o1-1-grill was already received by its station.' };
    expect(received.when(receive('o1-1-grill')).refusal).toEqual(already);
    expect(received.when(alarm('o1-1-grill')).refusal).toEqual(already);
  });

  it('given no such ticket (not even __proto__), when TICKET_RECEIVED or TICKET_UNACKNOWLEDGED, then UNKNOWN_TICKET', () => {
    for (const ticketId of ['zz', '__proto__', 'constructor']) {
      const unknown = { type: 'UNKNOWN_TICKET', message: `This order has no ticket ${ticketId}.` };
      expect(given(sent).when(receive(ticketId)).refusal).toEqual(unknown);
      expect(given(sent).when(alarm(ticketId)).refusal).toEqual(unknown);
    }
  });

  it('given two open tickets, when one is bumped, then its items are READY and the kitchen SENT until the other is', () => {
    const half = given(sent).when(bump('o1-1-grill'));
    expect(half.facts).toEqual([{ type: 'TicketBumped', ticketId: 'o1-1-grill', at }]);
    expect(states(half.next)?.kitchen).toBe('SENT');
    expect(half.next.context.tickets[0]).toMatchObject({ status: 'BUMPED', bumpedAt: at });
    const ready = given(past(...sending, bump('o1-1-grill'))).when(bump('o1-1-fryer')).next;
    expect(states(ready)?.kitchen).toBe('READY');
    expect(ready.context.items.map((i) => i.status)).toEqual(['READY', 'READY']);
  });

  it('given a READY order, when more is sent, then the kitchen is SENT again and only the new item fires', () => {
    const ready = past(...sending, bump('o1-1-grill'), bump('o1-1-fryer'));
    expect(states(given(ready).snapshot)?.kitchen).toBe('READY');
    const more = given([...ready, added('c', 'cold')]).when(send());
    expect(more.facts).toMatchObject([
      { type: 'OrderSent', send: 2, tickets: [{ id: 'o1-2-cold', items: [line('c', 'cold')] }] },
    ]);
    expect(states(more.next)?.kitchen).toBe('SENT');
    expect(more.next.context.items.map((i) => i.status)).toEqual(['READY', 'READY', 'FIRED']);
  });

  it('given a ticket already bumped, when TICKET_BUMPED, then TICKET_NOT_OPEN; none by that id is UNKNOWN_TICKET', () => {
    const bumped = given(past(open, add('a', 'grill'), send(), bump('o1-1-grill')));
    expect(bumped.when(bump('o1-1-grill')).refusal).toEqual({
      type: 'TICKET_NOT_OPEN',
      message: 'Ticket o1-1-grill is not open on this order.',
    });
    expect(bumped.when(bump('zz')).refusal?.type).toBe('UNKNOWN_TICKET');
  });

  it('given a bumped ticket, when TICKET_RECALLED, then its items are FIRED again and the kitchen SENT', () => {
    const { facts, next } = given(past(open, add('a', 'grill'), send(), bump('o1-1-grill'))).when(recall('o1-1-grill'));
    expect(facts).toEqual([{ type: 'TicketRecalled', ticketId: 'o1-1-grill', at }]);
    expect(states(next)?.kitchen).toBe('SENT');
    expect(next.context.items[0]?.status).toBe('FIRED');
    expect(next.context.tickets[0]).toMatchObject({ status: 'OPEN', bumpedAt: null });
  });

  it('given an open ticket, when TICKET_RECALLED, then TICKET_NOT_BUMPED', () => {
    expect(given(sent).when(recall('o1-1-grill')).refusal).toEqual({
      type: 'TICKET_NOT_BUMPED',
      message: 'Ticket o1-1-grill is not bumped on this order.',
    });
  });

  it('given an unacknowledged ticket, when TICKET_PRINTED, then the ticket says which printer printed it and when, and nothing else moves', () => {
    const { facts, next } = given(past(...sending, alarm('o1-1-grill'))).when(printChit('o1-1-grill'));
    expect(facts).toEqual([{ type: 'TicketPrinted', ticketId: 'o1-1-grill', deviceId: 'grill-printer', printedAt, at }]);
    expect(next.context.tickets[0]).toMatchObject({
      status: 'OPEN',
      unacknowledged: true,
      printed: { deviceId: 'grill-printer', at: printedAt },
    });
    expect(next.context.tickets[1]?.printed).toBeUndefined();
    expect(states(next)?.kitchen).toBe('SENT');
  });

  it('given a ticket bumped after it printed, then it is still printed; a second print of it is refused, of none UNKNOWN_TICKET', () => {
    const printed = past(...sending, printChit('o1-1-grill'), bump('o1-1-grill'));
    expect(given(printed).snapshot.context.tickets[0]).toMatchObject({
      status: 'BUMPED',
      printed: { deviceId: 'grill-printer' },
    });
    expect(given(printed).when(printChit('o1-1-grill')).refusal).toEqual({
      type: 'INVALID_TRANSITION',
      message: 'Ticket o1-1-grill was printed already.',
    });
    expect(given(sent).when(printChit('zz')).refusal?.type).toBe('UNKNOWN_TICKET');
  });
});

describe('order machine: serving from the pass', () => {
  const ready = past(open, add('a', 'grill'), send(), bump('o1-1-grill'));

  it('given a READY order, when SERVE, then it is served', () => {
    const { facts, next } = given(ready).when(serve);
    expect(facts).toEqual([{ type: 'OrderServed', at }]);
    expect(next.context.servedAt).toBe(at);
  });

  it('given nothing ready (nothing sent, or still cooking), when SERVE, then it is refused', () => {
    expect(given([opened, added('a', 'grill')]).when(serve).refusal).toEqual({ type: 'INVALID_TRANSITION' });
    expect(given(past(open, add('a', 'grill'), send())).when(serve).refusal).toEqual({ type: 'INVALID_TRANSITION' });
  });

  it('given a served order, when SERVE, then ALREADY_SERVED, until a new send is ready', () => {
    const served = [...ready, { type: 'OrderServed', at } as const];
    expect(given(served).when(serve).refusal).toEqual({
      type: 'ALREADY_SERVED',
      message: 'This order was already served: nothing new is ready since.',
    });
    const more = past(open, add('a', 'grill'), send(), bump('o1-1-grill'), serve, add('b', 'grill'), send(), bump('o1-2-grill'));
    expect(given(more).snapshot.context.servedAt).toBeNull();
    expect(given(more).when(serve).refusal).toBeNull();
  });

  it('given a served order, when a ticket is recalled, then it is no longer served', () => {
    const recalled = past(open, add('a', 'grill'), send(), bump('o1-1-grill'), serve, recall('o1-1-grill'));
    expect(given(recalled).snapshot.context.servedAt).toBeNull();
    expect(states(given(recalled).snapshot)?.kitchen).toBe('SENT');
  });
});

describe('order machine: the log', () => {
  const commands: OrderCommand[] = [
    open,
    add('a', 'grill'),
    add('b', 'fryer', 2),
    send(1),
    receive('o1-1-grill'),
    bump('o1-1-grill'),
    send(2),
    add('c', 'cold'),
    voidItem('b'),
  ];

  it('replaying the facts, from scratch or from a persisted snapshot, rebuilds the state the commands left', () => {
    // The state as the host keeps it: each command decided on the one before, its facts folded in.
    let live = restore<OrderContext>(orderMachine, null);
    const facts: OrderFact[] = [];
    for (const command of commands) {
      const decision = decide<OrderContext, OrderFact>(orderMachine, orderRefusals, live, command);
      if (decision.refusal) throw new Error(`${command.type} refused`);
      live = fold(orderMachine, live, decision.facts);
      facts.push(...decision.facts);
    }
    const stored = asStored(facts);

    const fromScratch = replay<OrderContext>(orderMachine, restore(orderMachine, null), stored);
    expect(fromScratch.value).toEqual(live.value);
    expect(fromScratch.context).toEqual(live.context);

    const half = fold(orderMachine, restore<OrderContext>(orderMachine, null), facts.slice(0, 5));
    const persisted = JSON.parse(JSON.stringify(orderMachine.getPersistedSnapshot(half as never)));
    const fromSnapshot = replay<OrderContext>(orderMachine, restore(orderMachine, persisted), stored.slice(5));
    expect(fromSnapshot.value).toEqual(live.value);
    expect(fromSnapshot.context).toEqual(live.context);
    // The rebuilt order decides the next command as the live one does.
    expect(decide(orderMachine, orderRefusals, fromSnapshot, send())).toEqual(decide(orderMachine, orderRefusals, live, send()));
  });

  it('a fact the order cannot take where it is throws FactNotApplicable, never ignored', () => {
    const fresh = restore<OrderContext>(orderMachine, null);
    expect(() => evolve(orderMachine, fresh, added('a', 'grill'))).toThrow(FactNotApplicable);
    const cancelled = given(past(open, cancel)).snapshot;
    expect(() => evolve(orderMachine, cancelled, added('a', 'grill'))).toThrow(FactNotApplicable);
    expect(() => evolve(orderMachine, given([opened]).snapshot, opened)).toThrow(FactNotApplicable);
    expect(() => fold(orderMachine, fresh, [...past(open, cancel), added('a', 'grill')])).toThrow(FactNotApplicable);
    const sent = given(past(open, add('a', 'grill'), send())).snapshot;
    expect(() => evolve(orderMachine, sent, { type: 'TicketBumped', ticketId: 'zz', at } as OrderFact)).toThrow(
      FactNotApplicable,
    );
    expect(() =>
      evolve(orderMachine, sent, {
        type: 'TicketReceived',
        ticketId: 'zz',
        terminalId: 'kds-grill',
        receivedAt: at,
        at,
      } as OrderFact),
    ).toThrow(FactNotApplicable);
  });

  it("rebuilding keeps an item at the price it was rung at, even once its product costs more or is 86'd", () => {
    const rung = past(open, add('a', 'grill'));
    // The menu changes afterwards: the same product costs more, and then it runs out.
    const dearer = { ...orderItem('a', 'grill'), priceCents: orderItem('a', 'grill').priceCents + 250 };
    const today = given([opened]).when({ type: 'ADD_ITEM', item: dearer, available: true, at });
    expect(today.facts).toMatchObject([{ item: { priceCents: dearer.priceCents } }]);
    expect(given([opened]).when({ type: 'ADD_ITEM', item: dearer, available: false, at }).refusal?.type).toBe(
      'PRODUCT_UNAVAILABLE',
    );

    // Folding the stored facts reads no menu and runs no guard: the item is there, at the price it was rung at.
    const rebuilt = fold(orderMachine, restore<OrderContext>(orderMachine, null), rung);
    expect(rebuilt.context.items).toEqual([{ ...orderItem('a', 'grill'), status: 'NEW', ticketId: null }]);
    expect(given(rung).when(voidItem('a')).facts).toMatchObject([{ priceCents: orderItem('a', 'grill').priceCents }]);
  });
});

describe('order machine: voiding food already fired takes a manager', () => {
  const fired = () => given(past(open, add('a', 'grill'), send()));
  it('given a fired item, when VOID_ITEM without an approval, then APPROVAL_REQUIRED naming the item', () => {
    expect(fired().when(voidItem('a', 'mistake', null)).refusal).toEqual({
      type: 'APPROVAL_REQUIRED',
      message: "Item a was already fired: voiding it needs a manager's approval (approval: { pin }).",
    });
  });
  it("given a fired item, when a manager's approval or a manager's own VOID_ITEM, then ItemVoided records who approved", () => {
    expect(fired().when(voidItem('a', 'mistake', 'maria')).facts[0]).toMatchObject({ type: 'ItemVoided', approvedBy: 'maria' });
    const own: OrderCommand = {
      ...(voidItem('a', 'mistake', null) as Extract<OrderCommand, { type: 'VOID_ITEM' }>),
      byManager: true,
    };
    const { facts } = fired().when(own);
    expect(facts[0]).toMatchObject({ type: 'ItemVoided', itemId: 'a' });
    expect(facts[0]).not.toHaveProperty('approvedBy');
  });
  it('given an item not yet sent, when VOID_ITEM without an approval, then it is voided', () => {
    expect(given(past(open, add('a', 'grill'))).when(voidItem('a', 'mistake', null)).refusal).toBeNull();
  });
  it('a void stored before the rule (approvalRequired false) still decides as it did', () => {
    const old: OrderCommand = {
      ...(voidItem('a', 'mistake', null) as Extract<OrderCommand, { type: 'VOID_ITEM' }>),
      approvalRequired: false,
    };
    expect(fired().when(old).refusal).toBeNull();
  });
});
