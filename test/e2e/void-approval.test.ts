import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderView } from '../../shared/contract/index.js';
import { ApiClient, eventCount, startTestNode, type TestNode } from '../harness.js';

describe('voiding food already fired takes a manager', () => {
  let node: TestNode;
  let waiter: ApiClient;
  let order: OrderView;
  const voidFirst = (body: Record<string, unknown> = {}) =>
    waiter.post<OrderView & { type?: string }>(`/api/orders/${order.id}/items/${order.items[0]!.id}/void`, {
      commandId: randomUUID(),
      reason: 'Kitchen ran out',
      ...body,
    });

  beforeAll(async () => {
    node = await startTestNode();
    waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    const id = await waiter.openOrder(4);
    await waiter.addItem(id, 'picanha');
    order = (await waiter.send(id)).body as unknown as OrderView;
    // The station takes its ticket after the send's answer: once it has, nothing else is on its way to the log.
    await (await ApiClient.login(node.baseUrl, 'kds-grill', '3333')).ticketAt('grill', id);
  });
  afterAll(() => node.stop());

  it("is refused without a manager's PIN, or with a wrong one, and changes nothing", async () => {
    const before = await eventCount(node.databaseUrl);
    const bare = await voidFirst();
    expect([bare.status, bare.body.type]).toEqual([403, 'APPROVAL_REQUIRED']);
    const wrong = await voidFirst({ approval: { pin: '0000' } });
    expect([wrong.status, wrong.body.type]).toEqual([403, 'APPROVAL_REFUSED']);
    const notAManager = await voidFirst({ approval: { pin: '2222' } });
    expect([notAManager.status, notAManager.body.type]).toEqual([403, 'APPROVAL_REFUSED']);
    expect(await eventCount(node.databaseUrl)).toBe(before);
  });

  it("is taken with Maria's PIN, and the fact and the audit log say she approved it", async () => {
    const approved = await voidFirst({ approval: { pin: '1234' } });
    expect(approved.status).toBe(200);
    expect(approved.body.items[0]!.status).toBe('VOIDED');
    const history = await waiter.get<{ events: { type: string; data: Record<string, unknown> }[] }>(
      `/api/orders/${order.id}/history`,
    );
    expect(history.body.events.find((e) => e.type === 'ItemVoided')?.data).toMatchObject({ approvedBy: 'maria' });
    const manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    const audit = await manager.get<{ entries: { type: string; approvedBy?: string; userId: string }[] }>(
      '/api/audit?type=ItemVoided',
    );
    expect(audit.body.entries).toMatchObject([{ type: 'ItemVoided', approvedBy: 'maria', userId: 'wagner' }]);
  });
});
