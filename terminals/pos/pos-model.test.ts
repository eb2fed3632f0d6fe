import { describe, expect, it } from 'vitest';
import type { OrderTicket, ProductView } from '../lib/contract.js';
import { check } from '../lib/test-orders.js';
import { alarmsOf, draftOf, receiptOf } from './pos-model.js';

const firedAt = '2026-12-01T20:00:00.000Z';
const ticket = (over: Partial<OrderTicket> = {}): OrderTicket => ({
  id: 'o-1-1-grill',
  stationId: 'grill',
  status: 'OPEN',
  itemIds: ['a'],
  firedAt,
  receivedAt: null,
  receivedBy: null,
  unacknowledged: false,
  bumpedAt: null,
  ...over,
});
const printed = { deviceId: 'grill-printer', at: '2026-12-01T20:00:01.000Z' };

describe("the POS's receipt of a ticket", () => {
  it('is a screen that drew it, and how long after it fired', () => {
    expect(receiptOf(ticket({ receivedAt: '2026-12-01T20:00:01.250Z', receivedBy: 'kds-grill' }))).toEqual({
      receivedAfterMs: 1250,
      printedBy: null,
      lost: false,
    });
  });

  it("is the station's printer when its screens were dark, and then it is not lost", () => {
    expect(receiptOf(ticket({ unacknowledged: true, printed }))).toEqual({
      receivedAfterMs: null,
      printedBy: 'grill-printer',
      lost: false,
    });
  });

  it('is nothing yet while it waits, and lost once no screen drew it in time and no printer took it', () => {
    expect(receiptOf(ticket())).toEqual({ receivedAfterMs: null, printedBy: null, lost: false });
    expect(receiptOf(ticket({ unacknowledged: true })).lost).toBe(true);
  });
});

describe('the POS alarms', () => {
  it('ring for an unacknowledged ticket until a screen draws it or the printer prints it', () => {
    const order = (over: Partial<OrderTicket>) => check(8990, [], { tickets: [ticket({ unacknowledged: true, ...over })] });
    expect(alarmsOf([order({})], 'pos-1')).toEqual([{ orderId: 'o-1', orderNumber: 12, table: 7, stationId: 'grill' }]);
    expect(alarmsOf([order({ printed })], 'pos-1')).toEqual([]);
    expect(alarmsOf([order({ receivedAt: firedAt, receivedBy: 'kds-grill' })], 'pos-1')).toEqual([]);
  });
});

describe('a line of the order', () => {
  it('carries its ticket as the server sent it, where it printed included', () => {
    const item = {
      id: 'a',
      productId: 'picanha',
      name: 'Picanha na brasa',
      quantity: 1,
      notes: '',
      course: 1,
      status: 'FIRED' as const,
      priceCents: 8990,
      station: 'grill',
      prepSeconds: 900,
      ticketId: 'o-1-1-grill',
    };
    const order = check(8990, [], { items: [item], tickets: [ticket({ printed })] });
    const [line] = draftOf('o-1', order, [], new Map(), (ref) => ref).lines;
    expect(line?.ticket?.printed).toEqual(printed);
    expect(receiptOf(line!.ticket!).printedBy).toBe('grill-printer');
  });

  it('of a weighed item has its grams and price per kilo; waiting in the outbox, it is priced from the menu as it will be', () => {
    const buffet: ProductView = {
      id: 'buffet-quilo',
      name: 'Buffet por quilo',
      category: 'Buffet',
      priceCents: 7990,
      pricePerKgCents: 7990,
      soldBy: 'WEIGHT',
      station: 'cold',
      prepSeconds: 60,
      available: true,
    };
    const rung = {
      id: 'a',
      productId: 'buffet-quilo',
      name: 'Buffet por quilo',
      quantity: 1,
      grams: 482,
      pricePerKgCents: 7490,
      notes: '',
      course: 1,
      status: 'NEW' as const,
      priceCents: 3610,
      station: 'cold',
      prepSeconds: 60,
      ticketId: null,
    };
    const waiting = {
      commandId: 'c-2',
      kind: 'item' as const,
      path: '/api/orders/o-1/items',
      body: { productId: 'buffet-quilo', grams: 250, course: 1 },
      order: 'o-1',
      token: 't',
      at: 0,
    };
    const order = check(3610, [], { items: [rung] });
    const lines = draftOf('o-1', order, [waiting], new Map([[buffet.id, buffet]]), (ref) => ref).lines;
    expect(lines.map(({ grams, pricePerKgCents, priceCents }) => ({ grams, pricePerKgCents, priceCents }))).toEqual([
      { grams: 482, pricePerKgCents: 7490, priceCents: 3610 },
      { grams: 250, pricePerKgCents: 7990, priceCents: 1998 },
    ]);
  });
});
