import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderView, TicketView } from '../../shared/contract/index.js';
import { ApiClient, nextMessage, startTestNode, type TestNode } from '../harness.js';

describe('what the kitchen screens and the POS learn from each other', () => {
  let node: TestNode;
  let waiter: ApiClient;
  let cook: ApiClient;

  beforeAll(async () => {
    node = await startTestNode({ ackTimeoutSeconds: 1 });
    waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    cook = await ApiClient.login(node.baseUrl, 'kds-grill', '3333');
  });
  afterAll(() => node.stop());

  it('a screen acknowledges a ticket it drew: the POS sees it received, by which screen and when', async () => {
    const kds = await cook.socket(['station:grill']);
    const pos = await waiter.socket(['terminal:pos-1']);
    const id = await waiter.openOrder(5);
    await waiter.addItem(id, 'picanha');
    const drawn = nextMessage<TicketView>(kds, 'ticket', (t) => t.orderId === id);
    await waiter.send(id);
    const ticket = await drawn;
    expect(ticket.items[0]?.startAt).toBe(ticket.firedAt);
    const received = nextMessage<OrderView>(pos, 'order', (o) => o.id === id && o.tickets[0]?.receivedAt !== null);
    const acked = nextMessage<TicketView>(kds, 'ticket', (t) => t.id === ticket.id && t.acks.length > 0);
    expect(await kds.emitWithAck('ack', { stationId: 'grill', ticketId: ticket.id })).toEqual({ ok: true });
    expect(await kds.emitWithAck('ack', { stationId: 'grill', ticketId: ticket.id })).toEqual({ ok: true });
    const order = await received;
    expect(order.tickets[0]).toMatchObject({ receivedBy: 'kds-grill', unacknowledged: false });
    expect((await acked).acks).toEqual([{ terminalId: 'kds-grill', at: order.tickets[0]!.receivedAt }]);
    const history = await waiter.get<{ events: { type: string }[] }>(`/api/orders/${id}/history`);
    expect(history.body.events.filter((e) => e.type === 'TicketReceived')).toHaveLength(1);
    kds.close();
    pos.close();
  });

  it('a ticket no screen draws in time raises the alarm on the POS that sent it', async () => {
    const pos = await waiter.socket(['terminal:pos-1']);
    const id = await waiter.openOrder(6);
    await waiter.addItem(id, 'batata-frita');
    const alarm = nextMessage<OrderView>(pos, 'order', (o) => o.id === id && o.tickets.some((t) => t.unacknowledged), 8000);
    await waiter.send(id);
    expect((await alarm).tickets[0]).toMatchObject({ stationId: 'fryer', receivedAt: null, unacknowledged: true });
    pos.close();
  });

  it('expo sees every order and serves one when the kitchen is done', async () => {
    const expo = await cook.socket(['orders']);
    const id = await waiter.openOrder(8);
    await waiter.addItem(id, 'linguica');
    const early = await cook.post(`/api/orders/${id}/serve`, { commandId: randomUUID() });
    expect(early.status).toBe(409);
    expect(early.body.type).toBe('INVALID_TRANSITION');
    await waiter.send(id);
    const ticket = await cook.ticketAt('grill', id);
    const ready = nextMessage<OrderView>(expo, 'order', (o) => o.id === id && o.kitchen === 'READY');
    await cook.post(`/api/stations/grill/tickets/${ticket.id}/bump`, { commandId: randomUUID() });
    await ready;
    const served = await cook.post<OrderView>(`/api/orders/${id}/serve`, { commandId: randomUUID() });
    expect(served.status).toBe(200);
    expect(served.body.servedAt).not.toBeNull();
    expect((await cook.post(`/api/orders/${id}/serve`, { commandId: randomUUID() })).body.type).toBe('ALREADY_SERVED');
    expo.close();
  });

  it('tells the screens the tables, the settings and the server clock', async () => {
    const tables = await waiter.get<{ tables: { number: number }[] }>('/api/tables');
    expect(tables.body.tables.map((t) => t.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const settings = await new ApiClient(node.baseUrl).get<{ currency: string; serverTime: string; ackTimeoutSeconds: number }>(
      '/api/settings',
    );
    expect(settings.body).toMatchObject({ currency: 'BRL', locale: 'pt-BR', ackTimeoutSeconds: 1, payoutLimitCents: 20000 });
    expect(Math.abs(Date.parse(settings.body.serverTime) - Date.now())).toBeLessThan(5000);
    const terminals = await waiter.get<{ terminals: { id: string; pairedWith?: string }[] }>('/api/terminals');
    expect(terminals.body.terminals.find((t) => t.id === 'cd-1')?.pairedWith).toBe('pos-1');
  });
});
