import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KINDS } from '../../actors/index.js';
import { orderSales } from '../../actors/order/order-sales.projection.js';
import type { OrderFact } from '../../actors/order/order.machine.js';
import type { DaySales } from '../../actors/order/order.service.js';
import { localDate, type OrderView } from '../../shared/contract/index.js';
import { Projector } from '../../shared/runtime/projector.js';
import { rebuildReadModels } from '../../shared/runtime/rebuild.js';
import { listedProjection } from '../../shared/runtime/registry.js';
import { ApiClient, createTestDatabase, startNodeOn, type TestNode } from '../harness.js';

const quiet = pino({ level: 'silent' });
const PRODUCTS = ['picanha', 'batata-frita', 'caipirinha', 'pudim', 'coxinha'];

/** The day's sales by product, summed straight from the order facts in the log: what the projection must equal. */
async function salesFromFacts(node: TestNode, date: string) {
  const { store } = node.node.deps;
  const byProduct = new Map<string, { quantity: number; cents: number }>();
  let orders = 0;
  for (const id of await store.streamIds('order')) {
    const facts = (await store.events(id)).map((e) => e.data as unknown as OrderFact);
    const opened = facts.find((f) => f.type === 'OrderOpened')!;
    if (localDate(opened.at) !== date || facts.some((f) => f.type === 'OrderCancelled')) continue;
    orders += 1;
    for (const fact of facts) {
      const [productId, quantity, cents] =
        fact.type === 'ItemAdded'
          ? [fact.item.productId, fact.item.quantity, fact.item.quantity * fact.item.priceCents]
          : fact.type === 'ItemVoided'
            ? [fact.productId, -fact.quantity, -fact.quantity * fact.priceCents]
            : [null, 0, 0];
      if (productId === null) continue;
      const line = byProduct.get(productId) ?? { quantity: 0, cents: 0 };
      byProduct.set(productId, { quantity: line.quantity + quantity, cents: line.cents + cents });
    }
  }
  const lines = [...byProduct].filter(([, l]) => l.quantity !== 0).map(([productId, l]) => ({ productId, ...l }));
  return { orders, byProduct: lines.sort((a, b) => a.productId.localeCompare(b.productId)) };
}

const shape = (sales: DaySales) => ({
  orders: sales.orders,
  byProduct: sales.byProduct
    .map(({ productId, quantity, cents }) => ({ productId, quantity, cents }))
    .sort((a, b) => a.productId.localeCompare(b.productId)),
});

describe('a projection across orders: the day’s sales by product', () => {
  let db: { url: string; drop: () => Promise<void> };
  let node: TestNode;
  let date: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const first = await startNodeOn(db.url);
    // This node projects nothing: the log grows while the projection stays behind.
    await first.node.deps.projector.stop();
    const waiter = await ApiClient.login(first.baseUrl, 'pos-1', '1111');
    for (let i = 0; i < 12; i++) {
      const id = await waiter.openOrder((i % 12) + 1);
      for (let j = 0; j <= i % 4; j++) await waiter.addItem(id, PRODUCTS[(i + j) % PRODUCTS.length]!, { quantity: 1 + (j % 2) });
      const order = (await waiter.get<OrderView>(`/api/orders/${id}`)).body;
      if (i % 5 === 0) await waiter.post(`/api/orders/${id}/cancel`, { commandId: randomUUID(), reason: 'left' });
      else if (i % 3 === 0)
        await waiter.post(`/api/orders/${id}/items/${order.items[0]!.id}/void`, { commandId: randomUUID(), reason: 'mistake' });
    }
    date = localDate(new Date().toISOString());
    // Part of the way, in small batches, then the node stops in the middle of catching up.
    const partial = new Projector(first.node.deps.sequelize, first.node.deps.store, [listedProjection(orderSales)], quiet, {
      batch: 5,
      everyMs: 1000,
    });
    expect(await partial.advance(listedProjection(orderSales))).toBe(true);
    expect(await partial.advance(listedProjection(orderSales))).toBe(true);
    await first.stop();
    node = await startNodeOn(db.url);
  });
  afterAll(async () => {
    await node.stop();
    await db.drop();
  });

  it('equals the sum of the facts after a restart in the middle of catching up', async () => {
    await node.node.deps.projector.catchUp();
    const manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    const sales = await manager.get<DaySales>(`/api/reports/sales?date=${date}`);
    const expected = await salesFromFacts(node, date);
    expect(expected.orders).toBe(9);
    expect(shape(sales.body)).toEqual(expected);
    expect(sales.body.cents).toBe(expected.byProduct.reduce((sum, p) => sum + p.cents, 0));
    expect(sales.body.byWaiter).toEqual([{ userId: 'wagner', orders: 9, cents: sales.body.cents }]);
  });

  it('and after a rebuild from the log alone', async () => {
    await rebuildReadModels(node.node.deps.sequelize, node.node.deps.store, KINDS, quiet);
    const manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    const sales = await manager.get<DaySales>(`/api/reports/sales?date=${date}`);
    expect(shape(sales.body)).toEqual(await salesFromFacts(node, date));
  });
});
