import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderView, TicketView } from '../../shared/contract/index.js';
import { ApiClient, nextMessage, startTestNode, type TestNode } from '../harness.js';

describe('an order travels from the waiter to the kitchen and back', () => {
  let node: TestNode;
  let waiter: ApiClient;
  let cook: ApiClient;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    node = await startTestNode();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await node.stop();
  });

  it('logs in with a PIN and says who is logged in', async () => {
    waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    cook = await ApiClient.login(node.baseUrl, 'kds-grill', '3333');
    const wrong = await new ApiClient(node.baseUrl).post('/api/auth/pin', { terminalId: 'pos-1', pin: '9999' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.type).toBe('INVALID_PIN');
    const again = await new ApiClient(node.baseUrl).post<{ user: unknown }>('/api/auth/pin', {
      terminalId: 'pos-2',
      pin: '1234',
    });
    expect(again.body.user).toEqual({ id: 'maria', name: 'Maria', role: 'MANAGER' });
  });

  it('fires one ticket per station, bumps them, and the order becomes READY; a later send fires only the new item', async () => {
    const orderId = await waiter.openOrder(7);
    await waiter.addItem(orderId, 'picanha', { notes: 'ao ponto', quantity: 2 });
    await waiter.addItem(orderId, 'batata-frita');

    const grill = await cook.socket(['station:grill']);
    const fryer = await cook.socket(['station:fryer']);
    const pos = await waiter.socket([`order:${orderId}`]);
    sockets.push(grill, fryer, pos);

    const grillTicket = nextMessage<TicketView>(grill, 'ticket', (t) => t.orderId === orderId);
    const fryerTicket = nextMessage<TicketView>(fryer, 'ticket', (t) => t.orderId === orderId);
    const sent = await waiter.send(orderId);
    expect(sent.status).toBe(200);
    expect(sent.body.kitchen).toBe('SENT');

    const [g, f] = await Promise.all([grillTicket, fryerTicket]);
    expect(g.items.map((i) => [i.name, i.quantity, i.notes])).toEqual([['Picanha na brasa', 2, 'ao ponto']]);
    expect(f.items.map((i) => i.name)).toEqual(['Batata frita']);
    expect(g.table).toBe(7);
    expect(g.status).toBe('OPEN');

    const listed = await cook.get<{ version: number; tickets: TicketView[] }>('/api/stations/grill/tickets');
    expect(listed.body.tickets.map((t) => t.id)).toContain(g.id);
    expect(listed.body.version).toBe(Math.max(...listed.body.tickets.map((t) => t.version)));

    const ready = nextMessage<OrderView>(pos, 'order', (o) => o.kitchen === 'READY');
    const bumpGrill = await cook.post<TicketView>(`/api/stations/grill/tickets/${g.id}/bump`, { commandId: crypto.randomUUID() });
    expect(bumpGrill.status).toBe(200);
    expect(bumpGrill.body.status).toBe('BUMPED');
    const bumpFryer = await cook.post(`/api/stations/fryer/tickets/${f.id}/bump`, { commandId: crypto.randomUUID() });
    expect(bumpFryer.status).toBe(200);
    const readyOrder = await ready;
    expect(readyOrder.items.every((i) => i.status === 'READY')).toBe(true);

    const after = await cook.get<{ tickets: TicketView[] }>('/api/stations/grill/tickets');
    expect(after.body.tickets.map((t) => t.id)).not.toContain(g.id);

    // A dessert after the mains: only it fires, and the kitchen is busy again.
    const added = await waiter.addItem(orderId, 'pudim');
    const dessertId = added.body.items.at(-1)!.id;
    const cold = await cook.socket(['station:cold']);
    sockets.push(cold);
    const dessertTicket = nextMessage<TicketView>(cold, 'ticket', (t) => t.orderId === orderId);
    const backToSent = nextMessage<OrderView>(pos, 'order', (o) => o.kitchen === 'SENT');
    await waiter.send(orderId);
    expect((await backToSent).kitchen).toBe('SENT');
    const d = await dessertTicket;
    expect(d.items.map((i) => i.itemId)).toEqual([dessertId]);
    const grillNow = await cook.get<{ tickets: TicketView[] }>('/api/stations/grill/tickets');
    expect(grillNow.body.tickets.filter((t) => t.orderId === orderId)).toEqual([]);
  });

  it('sends one course at a time and recalls a bumped ticket', async () => {
    const orderId = await waiter.openOrder(3);
    await waiter.addItem(orderId, 'carpaccio', { course: 1 });
    await waiter.addItem(orderId, 'salmao', { course: 2 });
    const first = await waiter.send(orderId, 1);
    expect(first.status).toBe(200);
    const order = await waiter.get<OrderView>(`/api/orders/${orderId}`);
    expect(order.body.items.map((i) => [i.course, i.status])).toEqual([
      [1, 'FIRED'],
      [2, 'NEW'],
    ]);
    const ticket = await cook.ticketAt('cold', orderId);
    await cook.post(`/api/stations/cold/tickets/${ticket.id}/bump`, { commandId: crypto.randomUUID() });
    const recalled = await cook.post<TicketView>(`/api/stations/cold/tickets/${ticket.id}/recall`, {
      commandId: crypto.randomUUID(),
    });
    expect(recalled.body.status).toBe('OPEN');
    const second = await waiter.send(orderId, 2);
    expect(second.status).toBe(200);
    expect((await cook.ticketAt('grill', orderId)).items.map((i) => i.name)).toEqual(['Salmão grelhado']);
  });

  it('lists orders from the projection, filtered, and keeps their history', async () => {
    const orderId = await waiter.openOrder(11);
    const list = await waiter.get<{ orders: OrderView[] }>('/api/orders?status=OPEN&table=11');
    expect(list.body.orders.map((o) => o.id)).toContain(orderId);
    const other = await waiter.get<{ orders: OrderView[] }>('/api/orders?table=12');
    expect(other.body.orders.map((o) => o.id)).not.toContain(orderId);
    const history = await waiter.get<{ events: { version: number; type: string; userId: string }[] }>(
      `/api/orders/${orderId}/history`,
    );
    expect(history.body.events).toMatchObject([{ version: 1, type: 'OrderOpened', userId: 'wagner' }]);
  });

  it('shows terminals online while their screens are connected', async () => {
    const manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    const watch = await manager.socket(['terminals']);
    sockets.push(watch);
    const online = nextMessage<{ id: string; online: boolean }>(watch, 'terminal', (t) => t.id === 'kds-bar' && t.online);
    const bar = await ApiClient.login(node.baseUrl, 'kds-bar', '3333');
    const barSocket = await bar.socket();
    await online;
    const listed = await manager.get<{ terminals: { id: string; online: boolean; userId?: string }[] }>('/api/terminals');
    expect(listed.body.terminals.find((t) => t.id === 'kds-bar')).toMatchObject({ online: true, userId: 'kleber' });
    // Offline once the grace after its last socket left is over (TERMINAL_GRACE_SECONDS), not at once.
    const grace = node.node.deps.settings.terminalGraceSeconds * 1000;
    const offline = nextMessage<{ id: string; online: boolean }>(
      watch,
      'terminal',
      (t) => t.id === 'kds-bar' && !t.online,
      grace + 5000,
    );
    const left = Date.now();
    barSocket.close();
    await offline;
    expect(Date.now() - left).toBeGreaterThanOrEqual(grace);
  });
});
