import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KINDS } from '../../actors/index.js';
import { allRoutes } from '../../gateway/routes.js';
import type { TicketView } from '../../shared/contract/index.js';
import { ApiClient, nextMessage, startTestNode, type TestNode } from '../harness.js';

describe('what a node tells about itself', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode();
  });
  afterAll(() => node.stop());

  it('answers health without a token', async () => {
    const res = await fetch(`${node.baseUrl}/api/health`);
    expect(res.status).toBe(200);
    const health = (await res.json()) as { nodes: { id: string; services: string[]; problems: string[] }[] };
    expect(health).toMatchObject({
      status: 'ok',
      nodeID: `test-${node.port}`,
      transporter: 'none',
      db: 'ok',
      redis: 'none',
      problems: [],
    });
    expect(health.nodes).toEqual([
      { id: `test-${node.port}`, services: expect.arrayContaining(['orders', 'stations', 'gateway', 'menu']), problems: [] },
    ]);
  });

  it('describes every route in /api/openapi.json, with the body schema of its action', async () => {
    const doc = (await (await fetch(`${node.baseUrl}/api/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: { properties: object; required: string[] } }> } }>
      >;
    };
    for (const route of allRoutes(KINDS)) {
      const key = `/api${route.path.replace(/:(\w+)/g, '{$1}')}`;
      expect(doc.paths[key]?.[route.method.toLowerCase()], `${route.method} ${key}`).toBeDefined();
    }
    const addItem = doc.paths['/api/orders/{orderId}/items']!.post!.requestBody!.content['application/json']!.schema;
    // A product sold by the unit takes a quantity, one sold by weight its grams: neither is required by itself.
    expect(addItem.required).toEqual(expect.arrayContaining(['commandId', 'productId']));
    expect(addItem.properties).toMatchObject({
      quantity: { type: 'integer', minimum: 1, maximum: 99 },
      grams: { type: 'integer', minimum: 1, maximum: 50_000 },
      // Grams the terminal's scale did not read take a manager's PIN.
      approval: { type: 'object', properties: { pin: { type: 'string', pattern: '^[0-9]{4,8}$' } }, required: ['pin'] },
    });
  });

  it('counts commands and rejections, and times send-to-socket, in /metrics', async () => {
    const waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    const cook = await ApiClient.login(node.baseUrl, 'kds-grill', '3333');
    const kds = await cook.socket(['station:grill']);
    const id = await waiter.openOrder();
    await waiter.addItem(id, 'picanha');
    const ticket = nextMessage<TicketView>(kds, 'ticket', (t) => t.orderId === id);
    await waiter.send(id);
    await ticket;
    await waiter.send(id);
    kds.close();
    const text = await (await fetch(`${node.baseUrl}/metrics`)).text();
    expect(text).toMatch(/comanda_commands_total\{actor="order",command="SEND"\} 1/);
    expect(text).toMatch(/comanda_rejections_total\{actor="order",command="SEND",type="NOTHING_TO_SEND"\} 1/);
    expect(text).toMatch(/comanda_send_to_socket_seconds_count 1/);
  });
});
