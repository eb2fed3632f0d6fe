import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weighedCents, type AuditEntry, type OrderView, type ProductView } from '../../shared/contract/index.js';
import { ApiClient, eventCount, nextMessage, startTestNode, type TestNode } from '../harness.js';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const probe = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
const redisUp = await probe.connect().then(
  () => true,
  () => false,
);
probe.disconnect();
if (!redisUp && process.env.CI === 'true') throw new Error(`Redis is not reachable at ${redisUrl}`);
if (!redisUp) console.warn(`Redis is not reachable at ${redisUrl}: the menu test runs with the memory cacher only.`);

describe.each([
  ['the memory cacher', {}, true],
  ['the Redis cacher', { redisUrl, redisPrefix: `test-${randomUUID()}` }, redisUp],
])('a manager changes the menu live, with %s', (_, config, enabled) => {
  let node: TestNode;
  let manager: ApiClient;
  let waiter: ApiClient;
  let orderId: string;

  beforeAll(async () => {
    if (!enabled) return;
    node = await startTestNode(config);
    manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    orderId = await waiter.openOrder(4);
  });
  afterAll(async () => {
    if (enabled) await node.stop();
  });

  const patch = (client: ApiClient, productId: string, body: unknown) =>
    client.request<ProductView & { type?: string; message?: string }>('PATCH', `/api/menu/products/${productId}`, body);
  const menu = async () => (await waiter.get<{ products: ProductView[] }>('/api/menu')).body.products;
  const product = async (id: string) => (await menu()).find((p) => p.id === id)!;
  const ring = (productId: string) =>
    waiter.post<OrderView & { type?: string; message?: string }>(`/api/orders/${orderId}/items`, {
      commandId: randomUUID(),
      productId,
      quantity: 1,
    });

  it.runIf(enabled)("86's a product: the menu and the sockets show it; ringing it is refused, writes nothing", async () => {
    // Fill every cache first (the menu's cacher, the orders' copy), so the change has to reach them.
    expect(await product('picanha')).toMatchObject({ available: true, priceCents: 8990 });
    const rungBefore = { commandId: randomUUID(), productId: 'picanha', quantity: 1 };
    const first = await waiter.post<OrderView>(`/api/orders/${orderId}/items`, rungBefore);
    expect(first.status).toBe(200);
    const socket = await waiter.socket(['menu']);
    const pushed = nextMessage<ProductView>(socket, 'menu', (p) => p.id === 'picanha');

    const answer = await patch(manager, 'picanha', { available: false });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: 'picanha', name: 'Picanha na brasa', priceCents: 8990, available: false });
    expect(await pushed).toMatchObject({ id: 'picanha', available: false });
    socket.close();
    expect(await product('picanha')).toMatchObject({ available: false });

    const before = await eventCount(node.databaseUrl);
    const refused = await ring('picanha');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ type: 'PRODUCT_UNAVAILABLE', code: 409 });
    expect(refused.body.message).toContain('Picanha na brasa');
    expect(await eventCount(node.databaseUrl)).toBe(before);
    // A retry of a ring accepted before the 86 gets its first answer, as every retry does.
    const retried = await waiter.post<OrderView>(`/api/orders/${orderId}/items`, rungBefore);
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(first.body);
    expect(await eventCount(node.databaseUrl)).toBe(before);

    expect((await patch(manager, 'picanha', { available: true })).status).toBe(200);
    expect(await product('picanha')).toMatchObject({ available: true });
    expect((await ring('picanha')).status).toBe(200);
  });

  it.runIf(enabled)('a new price is the price of the next line; lines rung before keep theirs', async () => {
    const first = await ring('caipirinha');
    expect(first.body.items.at(-1)).toMatchObject({ productId: 'caipirinha', priceCents: 2490 });
    const answer = await patch(manager, 'caipirinha', { priceCents: 2790 });
    expect(answer.body).toMatchObject({ id: 'caipirinha', priceCents: 2790, available: true });
    expect(await product('caipirinha')).toMatchObject({ priceCents: 2790 });
    const second = await ring('caipirinha');
    expect(second.status).toBe(200);
    expect(second.body.items.filter((i) => i.productId === 'caipirinha').map((i) => i.priceCents)).toEqual([2490, 2790]);
  });

  it.runIf(enabled)(
    'a new price per kilo prices the next weighing; a plate weighed before keeps its price, audited',
    async () => {
      // No scale here: a manager's PIN answers for the grams.
      const weigh = (grams: number) =>
        waiter.post<OrderView>(`/api/orders/${orderId}/items`, {
          commandId: randomUUID(),
          productId: 'buffet-quilo',
          grams,
          approval: { pin: '1234' },
        });
      const before = await weigh(482);
      expect(before.body.items.at(-1)).toMatchObject({ grams: 482, pricePerKgCents: 7990, priceCents: 3851 });
      const socket = await waiter.socket(['menu']);
      const pushed = nextMessage<ProductView>(socket, 'menu', (p) => p.id === 'buffet-quilo');

      const answer = await patch(manager, 'buffet-quilo', { pricePerKgCents: 8990 });
      expect(answer.status).toBe(200);
      // A kilo's price is its priceCents too, as the menu shows it.
      expect(answer.body).toMatchObject({ id: 'buffet-quilo', soldBy: 'WEIGHT', pricePerKgCents: 8990, priceCents: 8990 });
      expect(await pushed).toMatchObject({ id: 'buffet-quilo', pricePerKgCents: 8990 });
      socket.close();
      expect(await product('buffet-quilo')).toMatchObject({ pricePerKgCents: 8990, priceCents: 8990 });

      const after = await weigh(482);
      expect(after.status).toBe(200);
      const plates = after.body.items.filter((i) => i.productId === 'buffet-quilo');
      expect(plates.map(({ grams, pricePerKgCents, priceCents }) => ({ grams, pricePerKgCents, priceCents }))).toEqual([
        { grams: 482, pricePerKgCents: 7990, priceCents: 3851 },
        { grams: 482, pricePerKgCents: 8990, priceCents: weighedCents(482, 8990) },
      ]);
      const { entries } = (await manager.get<{ entries: AuditEntry[] }>('/api/audit?type=ProductChanged')).body;
      expect(entries.at(-1)).toMatchObject({
        type: 'ProductChanged',
        userId: 'maria',
        data: { productId: 'buffet-quilo', pricePerKgCents: 8990, priceCents: 8990 },
      });
    },
  );

  it.runIf(enabled)("a weighed product's priceCents alone moves its price per kilo too: the two never drift apart", async () => {
    const answer = await patch(manager, 'buffet-quilo', { priceCents: 9490 });
    expect(answer.status).toBe(200);
    expect(await product('buffet-quilo')).toMatchObject({ priceCents: 9490, pricePerKgCents: 9490 });
  });

  it.runIf(enabled)(
    'a price per kilo is refused for a product sold by the unit, or when it is not a price; nothing changes',
    async () => {
      const menuBefore = await menu();
      const unit = await patch(manager, 'picanha', { pricePerKgCents: 9990 });
      expect(unit.status).toBe(422);
      expect(unit.body.type).toBe('NOT_SOLD_BY_WEIGHT');
      expect(unit.body.message).toContain('Picanha na brasa');
      for (const body of [
        { pricePerKgCents: -1 },
        { pricePerKgCents: 79.9 },
        { pricePerKgCents: '7990' },
        { pricePerKgCents: 10_000_001 },
        { pricePerKgCents: null },
        { pricePerKgCents: 8490, priceCents: 100 },
      ]) {
        const refused = await patch(manager, 'buffet-quilo', body);
        expect(refused.status, JSON.stringify(body)).toBe(400);
        expect(refused.body.type).toBe('BAD_REQUEST');
        expect(refused.body.message).toContain('pricePerKgCents');
      }
      expect(await menu()).toEqual(menuBefore);
    },
  );

  it.runIf(enabled)('only a manager may change the menu', async () => {
    const refused = await patch(waiter, 'pudim', { available: false });
    expect(refused.status).toBe(403);
    expect(refused.body.type).toBe('FORBIDDEN');
    expect(await product('pudim')).toMatchObject({ available: true });
  });

  it.runIf(enabled)('a bad body or an unknown product is refused with a clear message, and nothing changes', async () => {
    const menuBefore = await menu();
    for (const body of [
      {},
      { price: 100 },
      { priceCents: -1 },
      { priceCents: 12.5 },
      { priceCents: '1990' },
      { priceCents: 10_000_001 },
      { available: 'no' },
      { priceCents: -1, available: false },
    ]) {
      const refused = await patch(manager, 'pudim', body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.type).toBe('BAD_REQUEST');
      expect(refused.body.message).toMatch(/priceCents|available/);
    }
    const unknown = await patch(manager, 'lagosta', { available: false });
    expect(unknown.status).toBe(422);
    expect(unknown.body.type).toBe('UNKNOWN_PRODUCT');
    expect(unknown.body.message).toContain('lagosta');
    expect(await menu()).toEqual(menuBefore);
  });

  it.runIf(enabled)('is described in /api/openapi.json', async () => {
    const doc = (await (await fetch(`${node.baseUrl}/api/openapi.json`)).json()) as {
      paths: Record<string, { patch?: { requestBody: { content: { 'application/json': { schema: { properties: object } } } } } }>;
    };
    const schema = doc.paths['/api/menu/products/{productId}']?.patch?.requestBody.content['application/json'].schema;
    expect(schema?.properties).toMatchObject({
      priceCents: { type: 'integer', minimum: 0, maximum: 10_000_000 },
      pricePerKgCents: { type: 'integer', minimum: 0, maximum: 10_000_000 },
      available: { type: 'boolean' },
    });
  });

  it.runIf(enabled)("rings items from the orders' own copy, without the menu service", async () => {
    const { broker } = node.node;
    await broker.destroyService(broker.getLocalService('menu'));
    const rung = await ring('batata-frita');
    expect(rung.status).toBe(200);
    expect(rung.body.items.at(-1)).toMatchObject({ productId: 'batata-frita', priceCents: 2490 });
  });
});
