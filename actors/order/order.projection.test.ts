import { describe, expect, it } from 'vitest';
import { orderItem } from '../../test/fixtures.js';
import { given } from '../../test/given.js';
import { orderKind } from './order.kind.js';
import type { OrderFact } from './order.machine.js';
import { orderJson, orderView, projectOrder } from './order.projection.js';

const at = '2026-11-25T12:00:00.000Z';
const opened: OrderFact = {
  type: 'OrderOpened',
  orderId: 'o1',
  number: 7,
  dayNumber: 1,
  terminalId: 'pos-1',
  table: 3,
  covers: 2,
  at,
};
const added = (id: string): OrderFact => ({ type: 'ItemAdded', item: orderItem(id, 'grill'), at });

describe('the order view', () => {
  const facts = [opened, ...['a', 'b', 'c'].map(added)];
  const { snapshot } = given(orderKind, facts);

  it('as JSON is the view, however many items it has', () => {
    const view = orderView('o1', facts.length, snapshot);
    expect(JSON.parse(orderJson(view))).toEqual(JSON.parse(JSON.stringify(view)));
    const more = given(orderKind, [...facts, added('d')]).snapshot;
    const next = orderView('o1', facts.length + 1, more);
    expect(JSON.parse(orderJson(next))).toEqual(JSON.parse(JSON.stringify(next)));
  });

  it('is written as its header and the rows of the items the fact changed, and pushed whole', () => {
    const rows = projectOrder('o1', facts.length, snapshot, added('c'));
    expect(rows.map((r) => [r.kind, r.id])).toEqual([
      ['order', 'o1'],
      ['order-item', 'o1/c'],
    ]);
    expect(rows[0]!.data).not.toHaveProperty('items');
    expect((rows[0]!.pushed as { items: unknown[] }).items).toHaveLength(3);
    expect(rows[1]).toMatchObject({ data: { orderId: 'o1', seq: 2, item: { id: 'c' } }, pushed: null });
  });
});
