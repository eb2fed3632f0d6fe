import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderView } from '../../shared/contract/index.js';
import { ApiClient, eventCount, startTestNode, type TestNode } from '../harness.js';

describe('a command is applied once, however often it arrives', () => {
  let node: TestNode;
  let waiter: ApiClient;

  beforeAll(async () => {
    node = await startTestNode();
    waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
  });
  afterAll(() => node.stop());

  it('answers a repeated add-item with the first answer and adds one item', async () => {
    const orderId = await waiter.openOrder();
    const body = { commandId: randomUUID(), productId: 'picanha', quantity: 1 };
    const first = await waiter.post<OrderView>(`/api/orders/${orderId}/items`, body);
    const before = await eventCount(node.databaseUrl);
    const second = await waiter.post<OrderView>(`/api/orders/${orderId}/items`, body);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(await eventCount(node.databaseUrl)).toBe(before);
    const order = await waiter.get<OrderView>(`/api/orders/${orderId}`);
    expect(order.body.items).toHaveLength(1);
  });

  it('answers a retry that comes after later commands with the order as that command left it', async () => {
    const orderId = await waiter.openOrder();
    const early = { commandId: randomUUID(), productId: 'picanha', quantity: 1 };
    const earlyAnswer = await waiter.post<OrderView>(`/api/orders/${orderId}/items`, early);
    // Past a snapshot (every 50 events): one answer is rebuilt from the start, one from that snapshot.
    for (let i = 0; i < 50; i++) await waiter.addItem(orderId, 'chopp');
    const late = { commandId: randomUUID(), productId: 'batata-frita', quantity: 2 };
    const lateAnswer = await waiter.post<OrderView>(`/api/orders/${orderId}/items`, late);
    await waiter.addItem(orderId, 'chopp');
    const before = await eventCount(node.databaseUrl);

    const earlyRetry = await waiter.post<OrderView>(`/api/orders/${orderId}/items`, early);
    const lateRetry = await waiter.post<OrderView>(`/api/orders/${orderId}/items`, late);
    expect([earlyRetry.status, lateRetry.status]).toEqual([200, 200]);
    expect(earlyRetry.body).toEqual(earlyAnswer.body);
    expect(earlyRetry.body.items).toHaveLength(1);
    expect(lateRetry.body).toEqual(lateAnswer.body);
    expect(lateRetry.body.version).toBe(53);
    expect(await eventCount(node.databaseUrl)).toBe(before);
  });

  it('applies the same command sent 20 times at once exactly once', async () => {
    const orderId = await waiter.openOrder();
    const body = { commandId: randomUUID(), productId: 'chopp', quantity: 2 };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => waiter.post<OrderView>(`/api/orders/${orderId}/items`, body)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    for (const a of answers) expect(a.body).toEqual(answers[0]!.body);
    const order = await waiter.get<OrderView>(`/api/orders/${orderId}`);
    expect(order.body.items).toHaveLength(1);
    expect(order.body.version).toBe(2);
  });

  it('opens one order for a repeated open, even at once', async () => {
    const body = { commandId: randomUUID(), terminalId: 'pos-1', table: 9 };
    const answers = await Promise.all(Array.from({ length: 5 }, () => waiter.post<OrderView>('/api/orders', body)));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.map((a) => a.status)).toEqual(Array(5).fill(201));
    const list = await waiter.get<{ orders: OrderView[] }>('/api/orders?table=9');
    expect(list.body.orders).toHaveLength(1);
  });

  it('answers a retried send with its first answer, not "nothing to send"', async () => {
    const orderId = await waiter.openOrder();
    await waiter.addItem(orderId, 'picanha');
    const body = { commandId: randomUUID() };
    const first = await waiter.post<OrderView>(`/api/orders/${orderId}/send`, body);
    const retry = await waiter.post<OrderView>(`/api/orders/${orderId}/send`, body);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
  });

  it('refuses the same commandId with another body, and on another order', async () => {
    const orderId = await waiter.openOrder();
    const commandId = randomUUID();
    await waiter.post(`/api/orders/${orderId}/items`, { commandId, productId: 'picanha', quantity: 1 });
    const before = await eventCount(node.databaseUrl);
    const other = await waiter.post(`/api/orders/${orderId}/items`, { commandId, productId: 'picanha', quantity: 3 });
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('COMMAND_ID_REUSED');
    const elsewhere = await waiter.openOrder();
    const onOther = await waiter.post(`/api/orders/${elsewhere}/items`, { commandId, productId: 'picanha', quantity: 1 });
    expect(onOther.status).toBe(422);
    expect(onOther.body.type).toBe('COMMAND_ID_REUSED');
    expect(await eventCount(node.databaseUrl)).toBe(before + 1);
  });

  it('takes 50 add-items at once to one order as 50 items, versions without gap or duplicate', async () => {
    const orderId = await waiter.openOrder();
    const answers = await Promise.all(Array.from({ length: 50 }, () => waiter.addItem(orderId, 'guarana')));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(new Set(answers.map((a) => a.body.version)).size).toBe(50);
    const order = await waiter.get<OrderView>(`/api/orders/${orderId}`);
    expect(order.body.items).toHaveLength(50);
    expect(new Set(order.body.items.map((i) => i.id)).size).toBe(50);
    expect(order.body.version).toBe(51);
    const history = await waiter.get<{ events: { version: number }[] }>(`/api/orders/${orderId}/history`);
    expect(history.body.events.map((e) => e.version)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
  });
});
