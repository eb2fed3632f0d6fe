import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS, type DayReport, type OrderView, type TicketView } from '../../shared/contract/index.js';
import { ApiClient, eventCount, startTestNode, type Answer, type TestNode } from '../harness.js';

type Refusal = { type: string; message: string; data: unknown };

/**
 * The check on an order, over HTTP against a running node: discounts and the waived service charge take a manager,
 * a split moves items to a new check with their kitchen state (no second ticket), a check closes only once nothing
 * is due, bad input changes nothing, and the day's X report sums what the checks took off and added.
 */
describe('the check of an order', () => {
  let node: TestNode;
  let waiter: ApiClient;
  let bartender: ApiClient;
  let order: OrderView;
  let newOrder: OrderView;
  let splitId: string;
  const item = (productId: string) => order.items.find((i) => i.productId === productId)!;
  const post = <T = OrderView>(client: ApiClient, what: string, body: Record<string, unknown>, id = order.id) =>
    client.post<T & Refusal>(`/api/orders/${id}/${what}`, { commandId: randomUUID(), ...body });
  const current = async (id: string) => (await waiter.get<OrderView>(`/api/orders/${id}`)).body;

  /** Runs a request that must be refused: its status and type, a message, and the log no longer by a single fact. */
  async function refused(request: () => Promise<Answer>, status: number, type: keyof typeof ERRORS) {
    const before = await eventCount(node.databaseUrl);
    const answer = await request();
    expect([answer.status, answer.body.type]).toEqual([status, type]);
    expect((answer.body.message as string).length).toBeGreaterThan(10);
    await new Promise((r) => setTimeout(r, 50));
    expect(await eventCount(node.databaseUrl)).toBe(before);
    return answer.body as unknown as Refusal;
  }

  beforeAll(async () => {
    node = await startTestNode();
    waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    bartender = await ApiClient.login(node.baseUrl, 'kds-bar', '3333');
    const id = await waiter.openOrder(4);
    for (const product of ['picanha', 'batata-frita', 'caipirinha']) await waiter.addItem(id, product);
    order = (await waiter.send(id)).body as unknown as OrderView;
    // Every station takes its ticket after the send's answer: once they have, nothing else is on its way to the log.
    for (const station of ['grill', 'fryer', 'bar']) await bartender.ticketAt(station, id);
  });
  afterAll(() => node.stop());

  it('adds up to the items and a 10 % service charge on a table', () => {
    expect(order.totals).toEqual({
      subtotalCents: 13_970,
      discountCents: 0,
      serviceCents: 1397,
      totalCents: 15_367,
      paidCents: 0,
      tipCents: 0,
      dueCents: 15_367,
    });
    expect([order.status, order.discounts, order.serviceWaived, order.payments]).toEqual(['OPEN', [], false, []]);
  });

  it("takes a discount only with a manager's approval, and records who approved it", async () => {
    await refused(() => post(waiter, 'discounts', { percent: 10, reason: 'birthday' }), 403, 'APPROVAL_REQUIRED');
    await refused(
      () => post(waiter, 'discounts', { percent: 10, reason: 'birthday', approval: { pin: '0000' } }),
      403,
      'APPROVAL_REFUSED',
    );
    await refused(
      () => post(waiter, 'discounts', { percent: 10, reason: 'birthday', approval: { pin: '2222' } }),
      403,
      'APPROVAL_REFUSED',
    );
    const given = await post(waiter, 'discounts', { percent: 10, reason: 'birthday', approval: { pin: '1234' } });
    expect(given.status).toBe(200);
    expect(given.body.discounts).toMatchObject([{ percent: 10, amountCents: 1397, reason: 'birthday', approvedBy: 'maria' }]);
    // 10 % of 125.73 is 12.573: half up on whole cents, 12.57.
    expect(given.body.totals).toMatchObject({ discountCents: 1397, serviceCents: 1257, totalCents: 13_830, dueCents: 13_830 });
    const manager = await ApiClient.login(node.baseUrl, 'pos-2', '1234');
    const own = await post(manager, 'discounts', { amountCents: 500, reason: 'regular guest' });
    expect(own.status).toBe(200);
    expect(own.body.discounts[1]).toMatchObject({ amountCents: 500, approvedBy: 'maria' });
    expect(own.body.discounts[1]).not.toHaveProperty('percent');
    const history = await waiter.get<{ events: { type: string; userId: string; data: Record<string, unknown> }[] }>(
      `/api/orders/${order.id}/history`,
    );
    expect(history.body.events.filter((e) => e.type === 'DiscountGiven').map((e) => e.userId)).toEqual(['wagner', 'maria']);
  });

  it("waives the service charge with a manager's approval, and charges it again without one", async () => {
    await refused(() => post(waiter, 'service', { waived: true, reason: 'food came late' }), 403, 'APPROVAL_REQUIRED');
    const waived = await post(waiter, 'service', { waived: true, reason: 'food came late', approval: { pin: '1234' } });
    expect([waived.status, waived.body.serviceWaived, waived.body.totals.serviceCents]).toEqual([200, true, 0]);
    const again = await refused(
      () => post(waiter, 'service', { waived: true, reason: 'twice', approval: { pin: '1234' } }),
      409,
      'INVALID_TRANSITION',
    );
    expect(again.message).toContain('already waived');
    const charged = await post(waiter, 'service', { waived: false, reason: 'waived by mistake' });
    expect([charged.status, charged.body.serviceWaived, charged.body.totals.serviceCents]).toEqual([200, false, 1207]);
    order = charged.body;
  });

  it('splits an item off to a new check for the same table, with its ticket, and the kitchen fires nothing again', async () => {
    const caipirinha = item('caipirinha');
    const barTicket = await bartender.ticketAt('bar', order.id);
    splitId = randomUUID();
    const split = await waiter.post<{ order: OrderView; newOrder: OrderView }>(`/api/orders/${order.id}/split`, {
      commandId: splitId,
      itemIds: [caipirinha.id],
    });
    expect(split.status).toBe(201);
    ({ order, newOrder } = split.body);
    expect(order.items.map((i) => i.productId)).toEqual(['picanha', 'batata-frita']);
    expect(order.tickets.map((t) => t.stationId).sort()).toEqual(['fryer', 'grill']);
    expect(newOrder).toMatchObject({
      table: 4,
      terminalId: 'pos-1',
      status: 'OPEN',
      kitchen: 'SENT',
      items: [{ id: caipirinha.id, status: 'FIRED', ticketId: barTicket.id }],
      tickets: [{ id: barTicket.id, stationId: 'bar', itemIds: [caipirinha.id] }],
      totals: { subtotalCents: 2490, discountCents: 0, serviceCents: 249, totalCents: 2739 },
    });
    expect(newOrder.number).toBeGreaterThan(order.number);
    // The same command again names the same new check, and makes no second one.
    const retry = await waiter.post<{ order: OrderView; newOrder: OrderView }>(`/api/orders/${order.id}/split`, {
      commandId: splitId,
      itemIds: [caipirinha.id],
    });
    expect([retry.status, retry.body.newOrder.id]).toEqual([201, newOrder.id]);
    const table = (await waiter.get<{ orders: OrderView[] }>('/api/orders?table=4')).body.orders;
    expect(table.map((o) => o.id)).toEqual([order.id, newOrder.id]);
    // Still one ticket at the bar for the caipirinha, the first check's; none anywhere for the new check.
    await new Promise((r) => setTimeout(r, 200));
    for (const station of ['grill', 'fryer', 'bar', 'cold']) {
      const { tickets } = (await bartender.get<{ tickets: TicketView[] }>(`/api/stations/${station}/tickets`)).body;
      expect(tickets.filter((t) => t.orderId === newOrder.id)).toEqual([]);
      if (station === 'bar') expect(tickets.map((t) => t.id)).toEqual([barTicket.id]);
    }
  });

  it('tells the new check when the bar bumps the ticket its item came on', async () => {
    const bump = await bartender.post(`/api/stations/bar/tickets/${newOrder.tickets[0]!.id}/bump`, { commandId: randomUUID() });
    expect(bump.status).toBe(200);
    for (let waited = 0; (await current(newOrder.id)).kitchen !== 'READY'; waited += 50) {
      if (waited > 5000) throw new Error('the new check never heard of the bump');
      await new Promise((r) => setTimeout(r, 50));
    }
    newOrder = await current(newOrder.id);
    expect(newOrder.items.map((i) => i.status)).toEqual(['READY']);
    expect((await current(order.id)).kitchen).toBe('SENT');
  });

  it('will not close a check while anything is due, and changes nothing', async () => {
    const refusal = await refused(() => post(waiter, 'close', {}), 409, 'AMOUNT_DUE');
    const { dueCents } = (await current(order.id)).totals;
    expect(dueCents).toBeGreaterThan(0);
    expect(refusal.data).toEqual({ dueCents });
    expect(refusal.message).toContain((dueCents / 100).toFixed(2));
  });

  it('closes a check that comes to nothing: every item voided, or all of it discounted', async () => {
    const voided = await post(
      waiter,
      `items/${newOrder.items[0]!.id}/void`,
      { reason: 'spilled', approval: { pin: '1234' } },
      newOrder.id,
    );
    expect(voided.body.totals).toMatchObject({ subtotalCents: 0, totalCents: 0, dueCents: 0 });
    const closedNew = await post(waiter, 'close', {}, newOrder.id);
    expect([closedNew.status, closedNew.body.status]).toEqual([200, 'CLOSED']);

    const free = await post(waiter, 'discounts', { percent: 100, reason: 'on the house', approval: { pin: '1234' } });
    expect(free.body.totals).toMatchObject({ discountCents: 11_480, serviceCents: 0, totalCents: 0, dueCents: 0 });
    const closed = await post(waiter, 'close', {});
    expect([closed.status, closed.body.status]).toEqual([200, 'CLOSED']);
    expect((await waiter.get<{ orders: OrderView[] }>('/api/orders?table=4&status=OPEN')).body.orders).toEqual([]);
    expect((await waiter.get<{ orders: OrderView[] }>('/api/orders?table=4&status=CLOSED')).body.orders).toHaveLength(2);
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const open = await waiter.openOrder(5);
    const rung = (await waiter.addItem(open, 'pudim')).body;
    const approval = { pin: '1234' };
    await refused(
      () => post(waiter, 'discounts', { percent: 10, amountCents: 100, reason: 'x', approval }, open),
      400,
      'BAD_REQUEST',
    );
    await refused(() => post(waiter, 'discounts', { reason: 'x', approval }, open), 400, 'BAD_REQUEST');
    await refused(() => post(waiter, 'discounts', { percent: 0, reason: 'x', approval }, open), 400, 'BAD_REQUEST');
    await refused(() => post(waiter, 'discounts', { percent: 101, reason: 'x', approval }, open), 400, 'BAD_REQUEST');
    await refused(() => post(waiter, 'discounts', { amountCents: 1.5, reason: 'x', approval }, open), 400, 'BAD_REQUEST');
    await refused(() => post(waiter, 'discounts', { percent: 10, approval }, open), 400, 'BAD_REQUEST');
    await refused(() => post(waiter, 'service', { waived: 'yes', reason: 'x', approval }, open), 400, 'BAD_REQUEST');
    await refused(() => post(waiter, 'split', { itemIds: [] }, open), 400, 'BAD_REQUEST');
    await refused(() => post(waiter, 'split', { itemIds: [rung.items[0]!.id, rung.items[0]!.id] }, open), 400, 'BAD_REQUEST');
    await refused(() => post(waiter, 'split', { itemIds: 'all' }, open), 400, 'BAD_REQUEST');
    const unknown = await refused(() => post(waiter, 'split', { itemIds: ['nope'] }, open), 404, 'UNKNOWN_ITEM');
    expect(unknown.message).toContain('nope');
    await refused(() => post(waiter, 'close', {}, randomUUID()), 404, 'UNKNOWN_ORDER');
    await refused(() => post(waiter, 'discounts', { percent: 10, reason: 'x', approval }, order.id), 409, 'INVALID_TRANSITION');
    await refused(() => post(bartender, 'close', {}, open), 403, 'FORBIDDEN');
  });

  it("sums the checks' discounts and service charge into the day's X report, each item on the check it ended on", async () => {
    const manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    const x = (await manager.get<DayReport>('/api/reports/x')).body;
    // The first check: 10 % of 114.80 (11.48), 5.00, then the rest of it; the new check's caipirinha voided.
    // The pudim of the last check is sold, with its service charge.
    expect(x.sales).toEqual({
      grossCents: 11_480 + 1690,
      discountCents: 11_480,
      serviceCents: 169,
      netCents: 1690 + 169,
      tipCents: 0,
    });
    expect(x.discounts).toEqual({ count: 3, cents: 11_480 });
    expect(x.voids).toEqual({ count: 1, cents: 2490 });
  });
});
