import { describe, expect, it } from 'vitest';
import { replay, restore } from '../../shared/runtime/actor-kind.js';
import { followUpId } from '../../shared/runtime/actor-service.js';
import { decide, fold, type Snapshot } from '../../shared/runtime/decider.js';
import { openOrder, orderAt as at, orderItem, ringItem as add } from '../../test/fixtures.js';
import { asStored, given as givenKind, history } from '../../test/given.js';
import { orderKind, splitCall } from './order.kind.js';
import { orderMachine, orderRefusals, type OrderCommand, type OrderContext, type OrderFact } from './order.machine.js';
import { orderStates, orderView, projectOrder } from './order.projection.js';

const given = (facts: OrderFact[]) => givenKind(orderKind, facts);
const past = (...commands: OrderCommand[]) => history(orderKind, commands);
const view = (snapshot: Snapshot<OrderContext>) => orderView('o1', 1, snapshot);
const status = (snapshot: Snapshot<OrderContext>) => orderStates(snapshot)?.status;

const open = openOrder;
const send: OrderCommand = { type: 'SEND', course: null, at };
const bump = (ticketId: string): OrderCommand => ({ type: 'TICKET_BUMPED', ticketId, at });
const voidItem = (itemId: string): OrderCommand => ({
  type: 'VOID_ITEM',
  itemId,
  reason: 'kitchen ran out',
  approvalRequired: true,
  byManager: false,
  approvedBy: 'maria',
  at,
});
const discount = (rule: { percent: number } | { amountCents: number }, approvedBy: string | null = 'maria'): OrderCommand => ({
  type: 'GIVE_DISCOUNT',
  discount: { id: `d-${JSON.stringify(rule)}`, ...rule, reason: 'birthday' },
  approvedBy,
  at,
});
const service = (waived: boolean, approvedBy: string | null = 'maria'): OrderCommand => ({
  type: 'SET_SERVICE',
  waived,
  reason: 'food came late',
  approvedBy,
  at,
});
const split = (...itemIds: string[]): OrderCommand => ({
  type: 'SPLIT',
  itemIds,
  newOrderId: 'o2',
  splitBy: { userId: 'wagner', terminalId: 'pos-1' },
  at,
});
const close: OrderCommand = { type: 'CLOSE', at };
const pay = (amountCents: number, id = 'p1', status: 'APPROVED' | 'PENDING' = 'APPROVED'): OrderCommand => ({
  type: 'RECORD_PAYMENT',
  payment: { id, method: status === 'PENDING' ? 'PIX' : 'CARD', status, amountCents, tipCents: 300 },
  userId: 'wagner',
  at,
});
const refund = (amountCents: number, paymentId = 'p1'): OrderCommand => ({
  type: 'REFUND_PAYMENT',
  paymentId,
  amountCents,
  reason: 'charged twice',
  approvedBy: null,
  at,
});

/** Two of a 10.00 item (a) and two of another (b): 40.00 at table 5, with 10 % service. */
const rung = () => past(open, add('a', 'grill'), add('b', 'fryer'));

describe('order check: the totals', () => {
  it('given items at a table, then the service charge is 10 % of the subtotal, and all of it is due', () => {
    expect(view(given(rung()).snapshot)).toMatchObject({
      status: 'OPEN',
      totals: {
        subtotalCents: 4000,
        discountCents: 0,
        serviceCents: 400,
        totalCents: 4400,
        paidCents: 0,
        tipCents: 0,
        dueCents: 4400,
      },
      discounts: [],
      serviceWaived: false,
      payments: [],
    });
  });

  it('given an order with no table, or opened before there was a service charge, then there is none', () => {
    const counter = given(past({ ...open, table: null }, add('a', 'grill'))).snapshot;
    expect(view(counter).totals).toMatchObject({ serviceCents: 0, totalCents: 2000 });
    const before = given(past({ ...open, servicePercent: 0 }, add('a', 'grill'))).snapshot;
    expect(view(before).totals).toMatchObject({ serviceCents: 0, totalCents: 2000 });
  });
});

describe('order check: discounts', () => {
  it("given items, when GIVE_DISCOUNT of 10 % with a manager's approval, then the fact keeps the rule and who approved it", () => {
    const { refusal, facts, next } = given(rung()).when(discount({ percent: 10 }));
    expect(refusal).toBeNull();
    expect(facts).toEqual([
      {
        type: 'DiscountGiven',
        discount: { id: 'd-{"percent":10}', percent: 10, reason: 'birthday', approvedBy: 'maria' },
        at,
      },
    ]);
    expect(view(next)).toMatchObject({
      totals: { subtotalCents: 4000, discountCents: 400, serviceCents: 360, totalCents: 3960, dueCents: 3960 },
      discounts: [{ id: 'd-{"percent":10}', percent: 10, amountCents: 400, reason: 'birthday', approvedBy: 'maria' }],
    });
  });

  it('given a percent discount, when more is rung, then it takes its percent of the new subtotal', () => {
    const { snapshot } = given(past(open, add('a', 'grill'), discount({ percent: 10 }), add('b', 'grill')));
    expect(view(snapshot).discounts[0]?.amountCents).toBe(400);
  });

  it('given discounts worth more than the check, then together they take off the subtotal and no more', () => {
    const { snapshot } = given(past(open, add('a', 'grill'), discount({ amountCents: 1500 }), discount({ percent: 50 })));
    expect(view(snapshot)).toMatchObject({
      totals: { subtotalCents: 2000, discountCents: 2000, serviceCents: 0, totalCents: 0 },
      discounts: [{ amountCents: 1500 }, { percent: 50, amountCents: 500 }],
    });
  });

  it('given any discount, when no manager approved it, then APPROVAL_REQUIRED and nothing happens', () => {
    expect(given(rung()).when(discount({ amountCents: 100 }, null))).toMatchObject({
      refusal: { type: 'APPROVAL_REQUIRED', message: "A discount needs a manager's approval (approval: { pin })." },
      facts: [],
    });
  });

  it('given a cancelled or closed order, when GIVE_DISCOUNT, then it is refused naming the state', () => {
    const cancelled = past(open, add('a', 'grill'), { type: 'CANCEL', reason: 'guest left', at });
    expect(given(cancelled).when(discount({ percent: 10 })).refusal).toEqual({ type: 'INVALID_TRANSITION' });
    expect(given(past(open, close)).when(discount({ percent: 10 })).refusal).toEqual({ type: 'INVALID_TRANSITION' });
  });
});

describe('order check: the service charge', () => {
  it("given a table's order, when SET_SERVICE waived with a manager's approval, then no service is charged", () => {
    const { facts, next } = given(rung()).when(service(true));
    expect(facts).toEqual([{ type: 'ServiceWaived', reason: 'food came late', approvedBy: 'maria', at }]);
    expect(view(next)).toMatchObject({ serviceWaived: true, totals: { serviceCents: 0, totalCents: 4000 } });
  });

  it('given a waived service charge, when SET_SERVICE not waived, then it is charged again, with no approval', () => {
    const { facts, next } = given(past(...[open, add('a', 'grill')], service(true))).when(service(false, null));
    expect(facts).toEqual([{ type: 'ServiceRestored', reason: 'food came late', at }]);
    expect(view(next)).toMatchObject({ serviceWaived: false, totals: { serviceCents: 200 } });
  });

  it('given a waiver without approval, twice the same, or no service charge at all, then it is refused and says why', () => {
    expect(given(rung()).when(service(true, null)).refusal?.type).toBe('APPROVAL_REQUIRED');
    expect(given(past(open, service(true))).when(service(true)).refusal).toEqual({
      type: 'INVALID_TRANSITION',
      message: 'The service charge is already waived on this order.',
    });
    expect(given(rung()).when(service(false)).refusal?.message).toBe('The service charge is already charged on this order.');
    expect(given(past({ ...open, table: null })).when(service(true)).refusal).toEqual({
      type: 'INVALID_TRANSITION',
      message: 'This order has no table: it has no service charge to waive or charge.',
    });
    expect(given(past({ ...open, servicePercent: 0 })).when(service(true)).refusal?.message).toContain('SERVICE_CHARGE_PERCENT');
  });
});

describe('order check: splitting by item', () => {
  const sent = () => past(open, add('a', 'grill'), add('b', 'fryer'), add('c', 'grill'), send);

  it('given fired items, when SPLIT, then they leave with their kitchen state and their tickets as the order knew them', () => {
    const { facts, next } = given(sent()).when(split('c'));
    expect(facts).toEqual([
      {
        type: 'ItemsSplitOff',
        orderId: 'o1',
        toOrderId: 'o2',
        items: [{ ...orderItem('c', 'grill'), status: 'FIRED', ticketId: 'o1-1-grill' }],
        tickets: [expect.objectContaining({ id: 'o1-1-grill', stationId: 'grill', status: 'OPEN', itemIds: ['c'] })],
        dayNumber: 1,
        terminalId: 'pos-1',
        table: 5,
        servicePercent: 10,
        servedAt: null,
        splitBy: { userId: 'wagner', terminalId: 'pos-1' },
        at,
      },
    ]);
    expect(next.context.items.map((i) => i.id)).toEqual(['a', 'b']);
    expect(next.context.tickets.map((t) => [t.id, t.itemIds])).toEqual([
      ['o1-1-grill', ['a']],
      ['o1-1-fryer', ['b']],
    ]);
    expect(view(next).totals).toMatchObject({ subtotalCents: 4000, totalCents: 4400 });
  });

  it('given the split, when the new check is opened from it, then it has those items, fired on the same ticket, and nothing to send', () => {
    const [splitOff] = given(sent()).when(split('c')).facts as [Extract<OrderFact, { type: 'ItemsSplitOff' }>];
    const { items, tickets, servedAt } = splitOff;
    const born: OrderCommand = {
      ...open,
      orderId: 'o2',
      number: 43,
      covers: null,
      splitFrom: { orderId: 'o1', items, tickets, servedAt },
    };
    const { facts, next } = given([]).when(born);
    expect(facts).toEqual([
      {
        type: 'OrderOpened',
        orderId: 'o2',
        number: 43,
        dayNumber: 1,
        terminalId: 'pos-1',
        table: 5,
        covers: null,
        servicePercent: 10,
        splitFrom: 'o1',
        at,
      },
      { type: 'ItemsSplitIn', fromOrderId: 'o1', items, tickets, servedAt: null, at },
    ]);
    expect(orderStates(next)).toEqual({ status: 'OPEN', kitchen: 'SENT' });
    expect(orderView('o2', 2, next)).toMatchObject({
      items: [{ id: 'c', status: 'FIRED', ticketId: 'o1-1-grill' }],
      tickets: [{ id: 'o1-1-grill', itemIds: ['c'] }],
      totals: { subtotalCents: 2000, serviceCents: 200, totalCents: 2200 },
    });
    expect(given(facts).when(send).refusal?.type).toBe('NOTHING_TO_SEND');
  });

  it('given a split, then the outbox opens the new check from its fact, under a follow-up of the split', () => {
    const facts = given(sent()).when(split('c')).facts;
    const call = splitCall(facts[0] as Extract<OrderFact, { type: 'ItemsSplitOff' }>, 'cmd-split');
    expect(orderKind.react(facts, 'cmd-split')).toEqual([call]);
    expect(call).toEqual({
      action: 'orders.openSplit',
      params: { orderId: 'o2', commandId: followUpId('cmd-split', 'split'), split: facts[0] },
    });
  });

  it('given items moved to another check, when their station bumps the ticket, then that check is told too', () => {
    const moved = past(...[open, add('a', 'grill'), add('b', 'fryer'), add('c', 'grill'), send], split('c'));
    const { facts, next } = given(moved).when(bump('o1-1-grill'));
    expect(facts).toEqual([{ type: 'TicketBumped', ticketId: 'o1-1-grill', movedTo: ['o2'], at }]);
    expect(next.context.items.map((i) => [i.id, i.status])).toEqual([
      ['a', 'READY'],
      ['b', 'FIRED'],
    ]);
    const stationsId = followUpId('cmd-bump', 'order');
    expect(orderKind.react(facts, stationsId)).toEqual([
      {
        action: 'orders.ticketBumped',
        params: { orderId: 'o2', ticketId: 'o1-1-grill', commandId: followUpId(stationsId, 'moved:o2') },
      },
    ]);
    // A ticket none of whose items moved says nothing to anyone.
    expect(given(moved).when(bump('o1-1-fryer')).facts).toEqual([{ type: 'TicketBumped', ticketId: 'o1-1-fryer', at }]);
    const received = given(moved).when({
      type: 'TICKET_RECEIVED',
      ticketId: 'o1-1-grill',
      terminalId: 'kds-grill',
      receivedAt: at,
      at,
    }).facts;
    expect(orderKind.react(received, 'r')).toEqual([
      {
        action: 'orders.ticketReceived',
        params: { orderId: 'o2', ticketId: 'o1-1-grill', terminalId: 'kds-grill', receivedAt: at, commandId: 'r:moved:o2' },
      },
    ]);
  });

  it("given a printed ticket, when its items are split off, then the new check's ticket says where it printed", () => {
    const printed: OrderCommand = {
      type: 'TICKET_PRINTED',
      ticketId: 'o1-1-grill',
      deviceId: 'grill-printer',
      printedAt: at,
      at,
    };
    const [splitOff] = given(past(...[open, add('a', 'grill'), add('c', 'grill'), send], printed)).when(split('c')).facts as [
      Extract<OrderFact, { type: 'ItemsSplitOff' }>,
    ];
    const { items, tickets, servedAt } = splitOff;
    const born = given([]).when({ ...open, orderId: 'o2', splitFrom: { orderId: 'o1', items, tickets, servedAt } });
    expect(orderView('o2', 1, born.next).tickets).toEqual([
      expect.objectContaining({ id: 'o1-1-grill', itemIds: ['c'], printed: { deviceId: 'grill-printer', at } }),
    ]);
  });

  it('given items split off before their ticket printed, when it prints, then that check is told where, as of a bump', () => {
    const moved = past(...[open, add('a', 'grill'), add('b', 'fryer'), add('c', 'grill'), send], split('c'));
    const printedAt = '2026-11-25T12:00:03.000Z';
    const { facts, next } = given(moved).when({
      type: 'TICKET_PRINTED',
      ticketId: 'o1-1-grill',
      deviceId: 'grill-printer',
      printedAt,
      at,
    });
    expect(facts).toEqual([
      { type: 'TicketPrinted', ticketId: 'o1-1-grill', deviceId: 'grill-printer', printedAt, movedTo: ['o2'], at },
    ]);
    expect(view(next).tickets.find((t) => t.id === 'o1-1-grill')?.printed).toEqual({ deviceId: 'grill-printer', at: printedAt });
    expect(orderKind.react(facts, 'p')).toEqual([
      {
        action: 'orders.ticketPrinted',
        params: { orderId: 'o2', ticketId: 'o1-1-grill', deviceId: 'grill-printer', printedAt, commandId: 'p:moved:o2' },
      },
    ]);
  });

  it('given every item it sent split off, then the order has nothing in the kitchen, and its tickets are the other check’s to show', () => {
    const { next } = given(past(open, add('a', 'grill'), send, add('b', 'fryer'))).when(split('a'));
    expect(orderStates(next)).toEqual({ status: 'OPEN', kitchen: 'NONE' });
    expect(view(next).tickets).toEqual([]);
    // A recall of that ticket brings nothing of this order back to the pass.
    const served = past(open, add('a', 'grill'), add('b', 'fryer'), send, bump('o1-1-grill'), bump('o1-1-fryer'), {
      type: 'SERVE',
      at,
    });
    const after = given([...served, ...given(served).when(split('a')).facts]).when({
      type: 'TICKET_RECALLED',
      ticketId: 'o1-1-grill',
      at,
    });
    expect(after.next.context.servedAt).toBe(at);
  });

  it('given a check of food already made, when split off, then the new check is READY, served if the old one was', () => {
    const ready = past(open, add('a', 'grill'), add('b', 'fryer'), send, bump('o1-1-grill'));
    const [splitOff] = given(ready).when(split('a')).facts as [Extract<OrderFact, { type: 'ItemsSplitOff' }>];
    const { items, tickets, servedAt } = splitOff;
    const born = given([]).when({ ...open, orderId: 'o2', splitFrom: { orderId: 'o1', items, tickets, servedAt } });
    expect(orderStates(born.next)?.kitchen).toBe('READY');
  });

  it('given an unknown or a voided item, when SPLIT, then nothing moves and the refusal names it', () => {
    expect(given(sent()).when(split('a', 'zz')).refusal).toEqual({
      type: 'UNKNOWN_ITEM',
      message: 'This order has no item zz: nothing was moved.',
    });
    expect(given(past(open, add('a', 'grill'), add('b', 'grill'), voidItem('b'))).when(split('b')).refusal).toEqual({
      type: 'ITEM_ALREADY_VOIDED',
      message: 'Item b is voided: it cannot move to another check.',
    });
  });
});

describe('order check: closing', () => {
  it('given something due, when CLOSE, then AMOUNT_DUE says how much', () => {
    const refusal = decide(orderMachine, orderRefusals, given(rung()).snapshot, close).refusal;
    expect(refusal).toEqual({
      type: 'AMOUNT_DUE',
      message: '44.00 is still due on this check: take payment before closing it.',
      data: { dueCents: 4400 },
    });
  });

  it('given a check that comes to nothing (every item voided, or all of it discounted), when CLOSE, then it is CLOSED', () => {
    for (const nothing of [
      past(open),
      past(open, add('a', 'grill'), voidItem('a')),
      past(open, add('a', 'grill'), discount({ percent: 100 })),
    ]) {
      const { facts, next } = given(nothing).when(close);
      expect(facts).toEqual([{ type: 'OrderClosed', at }]);
      expect(status(next)).toBe('CLOSED');
    }
  });

  it('given a closed order, when anything of an open check, then it is refused naming the state', () => {
    const closed = given(past(open, close));
    for (const command of [add('a', 'grill'), close, discount({ percent: 5 }), service(true), split('a'), pay(100)]) {
      expect(closed.when(command).refusal).toEqual({ type: 'INVALID_TRANSITION' });
    }
  });
});

describe('order check: payments (as the payment step records them)', () => {
  it('given a check, when RECORD_PAYMENT of all that is due, then it is PAID, the tip apart; an item rung puts it back to OPEN', () => {
    const { facts, next } = given(rung()).when(pay(4400));
    expect(facts).toEqual([
      {
        type: 'PaymentRecorded',
        payment: {
          id: 'p1',
          method: 'CARD',
          status: 'APPROVED',
          amountCents: 4400,
          tipCents: 300,
          refundedCents: 0,
          at,
          userId: 'wagner',
        },
        at,
      },
    ]);
    expect(status(next)).toBe('PAID');
    expect(view(next).totals).toMatchObject({ paidCents: 4400, tipCents: 300, dueCents: 0 });
    const more = given(past(open, add('a', 'grill'), add('b', 'fryer'), pay(4400))).when(add('c', 'cold'));
    expect(status(more.next)).toBe('OPEN');
    expect(view(more.next).totals.dueCents).toBe(2200);
    expect(given([...past(open, add('a', 'grill'), add('b', 'fryer'), pay(4400))]).when(close).facts).toEqual([
      { type: 'OrderClosed', at },
    ]);
  });

  it('given part paid, then it stays OPEN with the rest due; more than is due is OVERPAYMENT', () => {
    const { next } = given(rung()).when(pay(1000));
    expect([status(next), view(next).totals.dueCents]).toEqual(['OPEN', 3400]);
    expect(given(past(open, add('a', 'grill'), add('b', 'fryer'), pay(1000))).when(pay(3401, 'p2')).refusal).toEqual({
      type: 'OVERPAYMENT',
      message: '34.01 is more than the 34.00 due: tips go in tipCents.',
    });
  });

  it('given a pending PIX for the rest, then nothing more may be paid, it does not close, and it is PAID once confirmed', () => {
    const pending = past(open, add('a', 'grill'), add('b', 'fryer'), pay(4400, 'pix', 'PENDING'));
    expect(status(given(pending).snapshot)).toBe('OPEN');
    expect(given(pending).when(pay(1, 'p2')).refusal?.type).toBe('OVERPAYMENT');
    expect(given(pending).when(close).refusal?.message).toContain('pending');
    const { facts, next } = given(pending).when({ type: 'CONFIRM_PAYMENT', paymentId: 'pix', at });
    expect(facts).toEqual([{ type: 'PaymentConfirmed', paymentId: 'pix', at }]);
    expect(status(next)).toBe('PAID');
  });

  it('given a pending card charge, when confirmed, then it keeps the acquirer and its authorisation code', () => {
    const pending = past(open, add('a', 'grill'), add('b', 'fryer'), pay(4400, 'card', 'PENDING'));
    const { facts, next } = given(pending).when({
      type: 'CONFIRM_PAYMENT',
      paymentId: 'card',
      acquirer: 'main',
      authCode: 'A1',
      at,
    });
    expect(facts).toEqual([{ type: 'PaymentConfirmed', paymentId: 'card', acquirer: 'main', authCode: 'A1', at }]);
    expect(view(next).payments[0]).toMatchObject({ status: 'APPROVED', acquirer: 'main', authCode: 'A1' });
    expect(status(next)).toBe('PAID');
  });

  it('given a pending payment, when FAIL_PAYMENT, then it is off the check: nothing pending, all due again, and its id free', () => {
    const pending = past(open, add('a', 'grill'), add('b', 'fryer'), pay(4400, 'card', 'PENDING'));
    const fail: OrderCommand = { type: 'FAIL_PAYMENT', paymentId: 'card', reason: 'declined by the card issuer', at };
    const { facts, next } = given(pending).when(fail);
    expect(facts).toEqual([{ type: 'PaymentFailed', paymentId: 'card', reason: 'declined by the card issuer', at }]);
    expect([view(next).payments, view(next).totals.dueCents, status(next)]).toEqual([[], 4400, 'OPEN']);
    expect(given([...pending, ...facts]).when(pay(4400, 'card', 'PENDING')).refusal).toBeNull();
    expect(given([...pending, ...facts]).when(fail).refusal?.type).toBe('UNKNOWN_PAYMENT');
    const paid = past(open, add('a', 'grill'), add('b', 'fryer'), pay(4400, 'card'));
    expect(given(paid).when(fail).refusal?.type).toBe('INVALID_TRANSITION');
  });

  it('given money taken, when a change would leave the check owing less than that, then PAID_BEYOND_TOTAL', () => {
    const paid = given(past(open, add('a', 'grill'), add('b', 'fryer'), pay(4400)));
    for (const command of [discount({ percent: 10 }), voidItem('a'), split('a'), service(true)]) {
      expect(paid.when(command).refusal).toEqual({
        type: 'PAID_BEYOND_TOTAL',
        message: '44.00 is paid on this check: this would leave it owing less than that. Refund a payment first.',
      });
    }
    const part = given(past(open, add('a', 'grill'), add('b', 'fryer'), pay(1000)));
    expect(part.when(discount({ percent: 10 })).refusal).toBeNull();
    expect(part.when({ type: 'CANCEL', reason: 'guest left', at }).refusal?.type).toBe('PAID_BEYOND_TOTAL');
  });

  it('given a payment, when refunded, then what it paid is less by that, and all of it refunded makes it REFUNDED, tip and all', () => {
    const paid = past(open, add('a', 'grill'), add('b', 'fryer'), pay(4400));
    const some = given(paid).when(refund(400));
    expect(some.facts).toEqual([{ type: 'PaymentRefunded', paymentId: 'p1', amountCents: 400, reason: 'charged twice', at }]);
    expect([status(some.next), view(some.next).totals.dueCents, view(some.next).payments[0]?.status]).toEqual([
      'OPEN',
      400,
      'APPROVED',
    ]);
    const all = given([...paid, ...some.facts]).when(refund(4000)).next;
    expect(view(all).payments[0]).toMatchObject({ status: 'REFUNDED', refundedCents: 4400 });
    expect(view(all).totals).toMatchObject({ paidCents: 0, tipCents: 0, dueCents: 4400 });
    expect(given([...paid, ...some.facts]).when(refund(4001)).refusal?.message).toBe(
      'At most 40.00 of payment p1 is left to refund.',
    );
    expect(given(paid).when(refund(1, 'zz')).refusal?.type).toBe('UNKNOWN_PAYMENT');
    // A closed check's payment may be refunded too.
    expect(given([...paid, { type: 'OrderClosed', at }]).when(refund(100)).refusal).toBeNull();
  });
});

describe('order check: the log', () => {
  const commands: OrderCommand[] = [
    open,
    add('a', 'grill'),
    add('b', 'fryer'),
    add('c', 'cold'),
    send,
    discount({ percent: 10 }),
    service(true),
    split('b'),
    bump('o1-1-fryer'),
    pay(1000),
    service(false),
    pay(500, 'pix', 'PENDING'),
    { type: 'CONFIRM_PAYMENT', paymentId: 'pix', at },
    refund(200),
    pay(300, 'card', 'PENDING'),
    { type: 'FAIL_PAYMENT', paymentId: 'card', reason: 'no card acquirer could be reached', at },
  ];

  it('replaying the facts, from scratch or from a persisted snapshot, rebuilds the state and the view the commands left', () => {
    let live = restore<OrderContext>(orderMachine, null);
    const facts: OrderFact[] = [];
    for (const command of commands) {
      const decision = decide<OrderContext, OrderFact>(orderMachine, orderRefusals, live, command);
      if (decision.refusal) throw new Error(`${command.type} refused: ${decision.refusal.type}`);
      live = fold(orderMachine, live, decision.facts);
      facts.push(...decision.facts);
    }
    const stored = asStored(facts);
    const fromScratch = replay<OrderContext>(orderMachine, restore(orderMachine, null), stored);
    expect([fromScratch.value, fromScratch.context]).toEqual([live.value, live.context]);
    const half = fold(orderMachine, restore<OrderContext>(orderMachine, null), facts.slice(0, 8));
    const persisted = JSON.parse(JSON.stringify(orderMachine.getPersistedSnapshot(half as never)));
    const fromSnapshot = replay<OrderContext>(orderMachine, restore(orderMachine, persisted), stored.slice(8));
    expect([fromSnapshot.value, fromSnapshot.context]).toEqual([live.value, live.context]);
    expect(view(fromSnapshot)).toEqual(view(live));
    expect(view(live)).toMatchObject({
      status: 'OPEN',
      totals: { subtotalCents: 4000, discountCents: 400, serviceCents: 360, totalCents: 3960, paidCents: 1300, dueCents: 2660 },
    });
  });

  it('writes an item split off under its old row naming the check it moved to, and the rest at their new places', () => {
    const before = past(open, add('a', 'grill'), add('b', 'fryer'), add('c', 'cold'));
    const [splitOff] = given(before).when(split('a')).facts;
    const after = given([...before, splitOff!]).snapshot;
    const rows = projectOrder('o1', 5, after, splitOff!);
    expect(rows.map((r) => [r.id, r.data && (r.data as { seq?: number }).seq, (r.data as { movedTo?: string }).movedTo])).toEqual(
      [
        ['o1', undefined, undefined],
        ['o1/b', 0, undefined],
        ['o1/c', 1, undefined],
        ['o1/a', undefined, 'o2'],
      ],
    );
    expect(rows[3]).toMatchObject({ kind: 'order-item', pushed: null, data: { item: { id: 'a' } } });
    expect(rows[3]!.data).not.toHaveProperty('orderId');
  });
});
