import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS, type DayReport, type DrawerView, type OrderView, type PaymentView } from '../../shared/contract/index.js';
import { signPixWebhook } from '../../shared/payments/pix-webhook.js';
import { startAcquirer, type RunningAcquirer } from '../../simulators/acquirer/acquirer.js';
import { ApiClient, eventCount, nextMessage, startTestNode, type Answer, type TestNode } from '../harness.js';

type Refusal = { type: string; message: string };
type Ledger = { charges: { idempotencyKey: string; status: string; amountCents: number }[]; refunds: { amountCents: number }[] };

const PIX_SECRET = 'the-psp-and-comanda-share-this';

/**
 * Payments over HTTP against a running node and two simulated acquirers on free ports: split tender, a decline,
 * fallback, a slow primary (no second charge anywhere), both down, PIX by signed webhook, refunds, overpayment,
 * closing, a split check paid in two, and the Z report of the day equal to the sums of what happened.
 */
describe('payments on the check', () => {
  let node: TestNode;
  let main: RunningAcquirer;
  let backup: RunningAcquirer;
  let waiter: ApiClient;
  let cashier: ApiClient;
  let manager: ApiClient;

  const mode = (acquirer: RunningAcquirer, m: 'ok' | 'down' | 'slow') =>
    fetch(`${acquirer.url}/mode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: m }),
    });
  const ledger = async (acquirer: RunningAcquirer) => (await (await fetch(`${acquirer.url}/ledger`)).json()) as Ledger;
  const chargesUnder = async (key: string) => [
    ...(await ledger(main)).charges.filter((c) => c.idempotencyKey === key),
    ...(await ledger(backup)).charges.filter((c) => c.idempotencyKey === key),
  ];
  const pay = (orderId: string, body: Record<string, unknown>, client = waiter) =>
    client.post<OrderView & Refusal>(`/api/orders/${orderId}/payments`, { commandId: randomUUID(), ...body });
  const current = async (id: string) => (await waiter.get<OrderView>(`/api/orders/${id}`)).body;

  /** An order on table `table` with a picanha and a caipirinha, sent. */
  async function orderOf(table: number, products = ['picanha', 'caipirinha']) {
    const id = await waiter.openOrder(table);
    for (const product of products) await waiter.addItem(id, product);
    await waiter.send(id);
    const order = await current(id);
    // Its tickets reach the stations after the send's answer: once they have, nothing else is on its way to the log.
    for (const station of new Set(order.items.map((i) => i.station))) await waiter.ticketAt(station, id);
    return order;
  }

  async function refused(
    request: () => Promise<Answer<{ type?: unknown; message?: unknown }>>,
    status: number,
    type: keyof typeof ERRORS,
  ) {
    const before = await eventCount(node.databaseUrl);
    const answer = await request();
    expect([answer.status, answer.body.type]).toEqual([status, type]);
    expect((answer.body.message as string).length).toBeGreaterThan(10);
    await new Promise((r) => setTimeout(r, 100));
    expect(await eventCount(node.databaseUrl)).toBe(before);
    return answer.body as unknown as Refusal;
  }

  const webhook = (body: string, signature: string) =>
    fetch(`${node.baseUrl}/api/webhooks/pix`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': signature },
      body,
    });

  beforeAll(async () => {
    [main, backup] = await Promise.all([
      startAcquirer({ port: 0, name: 'main', slowMs: 2500 }),
      startAcquirer({ port: 0, name: 'backup', slowMs: 2500 }),
    ]);
    node = await startTestNode({
      acquirers: [main, backup].map(({ name, url }) => ({ name, url })),
      acquirerTimeoutMs: 400,
      pixWebhookSecret: PIX_SECRET,
    });
    waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    cashier = await ApiClient.login(node.baseUrl, 'pos-1', '2222');
    manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    const open = await cashier.post('/api/drawers/drawer-1/open', { commandId: randomUUID(), floatCents: 10_000 });
    expect(open.status).toBe(200);
  });
  afterAll(async () => {
    await node.stop();
    await Promise.all([main.close(), backup.close()]);
  });

  it('split tender: part in cash into the drawer of the terminal, the rest by card with a tip, then the table closes', async () => {
    const order = await orderOf(1);
    const due = order.totals.dueCents;
    const cash = await pay(order.id, { method: 'CASH', amountCents: 5000, tenderedCents: 10_000 });
    expect(cash.status).toBe(201);
    expect(cash.body.payments[0]).toMatchObject({ method: 'CASH', status: 'APPROVED', amountCents: 5000, changeCents: 5000 });
    const drawer = (await cashier.get<DrawerView>('/api/drawers/drawer-1')).body;
    expect(drawer.movements.at(-1)).toMatchObject({ type: 'SALE', amountCents: 5000, orderId: order.id });
    await refused(() => waiter.post(`/api/orders/${order.id}/close`, { commandId: randomUUID() }), 409, 'AMOUNT_DUE');
    const card = await pay(order.id, { method: 'CARD', amountCents: due - 5000, tipCents: 700, cardToken: 'tok_visa' });
    expect(card.status).toBe(201);
    expect(card.body.payments[1]).toMatchObject({ method: 'CARD', status: 'APPROVED', tipCents: 700, acquirer: 'main' });
    expect(card.body.payments[1]!.authCode).toBeTruthy();
    expect([card.body.status, card.body.totals.dueCents, card.body.totals.tipCents]).toEqual(['PAID', 0, 700]);
    expect((await ledger(main)).charges.at(-1)).toMatchObject({ amountCents: due - 5000 + 700, status: 'approved' });
    const closed = await waiter.post<OrderView>(`/api/orders/${order.id}/close`, { commandId: randomUUID() });
    expect([closed.status, closed.body.status]).toEqual([200, 'CLOSED']);
  });

  it('a retry of a payment with the same commandId pays once', async () => {
    const order = await orderOf(2, ['caipirinha']);
    const body = {
      commandId: randomUUID(),
      method: 'CASH',
      amountCents: order.totals.dueCents,
      tenderedCents: order.totals.dueCents,
    };
    const first = await waiter.post<OrderView>(`/api/orders/${order.id}/payments`, body);
    const again = await waiter.post<OrderView>(`/api/orders/${order.id}/payments`, body);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect((await current(order.id)).payments).toHaveLength(1);
    const sales = (await cashier.get<DrawerView>('/api/drawers/drawer-1')).body.movements.filter((m) => m.orderId === order.id);
    expect(sales).toHaveLength(1);
    const reused = await waiter.post<Refusal>(`/api/orders/${order.id}/payments`, { ...body, amountCents: 1, tenderedCents: 1 });
    expect([reused.status, reused.body.type]).toEqual([422, 'COMMAND_ID_REUSED']);
  });

  it('a declined card is 402 and pays nothing; another card then pays', async () => {
    const order = await orderOf(3);
    const declined = await refusedPayment(order.id, {
      method: 'CARD',
      amountCents: order.totals.dueCents,
      cardToken: 'tok_declined',
    });
    expect([declined.status, declined.body.type]).toEqual([402, 'PAYMENT_DECLINED']);
    expect(declined.body.message).toContain('declined by the card issuer');
    expect((await current(order.id)).payments).toEqual([]);
    const good = await pay(order.id, { method: 'CARD', amountCents: order.totals.dueCents, cardToken: 'tok_master' });
    expect([good.status, good.body.status, good.body.payments.length]).toEqual([201, 'PAID', 1]);
  });

  /** A payment the check ends without: answered, and the check as it was. */
  async function refusedPayment(orderId: string, body: Record<string, unknown>) {
    const answer = await pay(orderId, body);
    expect((await current(orderId)).totals.paidCents).toBe(0);
    return answer;
  }

  it('the primary down: the backup charges the card', async () => {
    const order = await orderOf(4);
    await mode(main, 'down');
    try {
      const paid = await pay(order.id, { method: 'CARD', amountCents: order.totals.dueCents, cardToken: 'tok_visa' });
      expect([paid.status, paid.body.payments[0]!.acquirer, paid.body.status]).toEqual([201, 'backup', 'PAID']);
    } finally {
      await mode(main, 'ok');
    }
  });

  it('the primary slow (it charged, answers late): pending, never charged at the backup; the retry finds the first charge', async () => {
    const order = await orderOf(5);
    const commandId = randomUUID();
    const body = { commandId, method: 'CARD', amountCents: order.totals.dueCents, cardToken: 'tok_visa' };
    const socket = await waiter.socket([`order:${order.id}`]);
    const approvedLive = nextMessage<OrderView>(socket, 'order', (o) => o.payments[0]?.status === 'APPROVED', 20_000);
    await mode(main, 'slow');
    const first = await waiter.post<OrderView>(`/api/orders/${order.id}/payments`, body);
    expect([first.status, first.body.payments[0]!.status, first.body.status]).toEqual([201, 'PENDING', 'OPEN']);
    await refused(() => waiter.post(`/api/orders/${order.id}/close`, { commandId: randomUUID() }), 409, 'AMOUNT_DUE');
    await mode(main, 'ok');
    const retry = await waiter.post<OrderView>(`/api/orders/${order.id}/payments`, body);
    expect([retry.status, retry.body.payments[0]!.status, retry.body.status]).toEqual([201, 'APPROVED', 'PAID']);
    expect((await approvedLive).payments[0]!.acquirer).toBe('main');
    socket.close();
    const charges = await chargesUnder(`comanda-${commandId}`);
    expect(charges).toHaveLength(1);
    expect((await ledger(backup)).charges.filter((c) => c.idempotencyKey === `comanda-${commandId}`)).toEqual([]);
  });

  it('both acquirers down: 503 and nothing paid; the retry with the same commandId charges once', async () => {
    const order = await orderOf(6);
    const commandId = randomUUID();
    const body = { commandId, method: 'CARD', amountCents: order.totals.dueCents, cardToken: 'tok_visa' };
    await Promise.all([mode(main, 'down'), mode(backup, 'down')]);
    const down = await waiter.post<Refusal>(`/api/orders/${order.id}/payments`, body);
    expect([down.status, down.body.type]).toEqual([503, 'PAYMENT_UNAVAILABLE']);
    expect((await current(order.id)).payments).toEqual([]);
    await Promise.all([mode(main, 'ok'), mode(backup, 'ok')]);
    const retry = await waiter.post<OrderView>(`/api/orders/${order.id}/payments`, body);
    expect([retry.status, retry.body.status]).toEqual([201, 'PAID']);
    const again = await waiter.post<OrderView>(`/api/orders/${order.id}/payments`, body);
    expect([again.status, again.body.payments.length]).toEqual([201, 1]);
    expect(await chargesUnder(`comanda-${commandId}`)).toHaveLength(1);
  });

  it('PIX: pending with its BR Code; a bad signature is refused, the signed webhook approves it, a duplicate is harmless', async () => {
    const order = await orderOf(7);
    const pix = await pay(order.id, { method: 'PIX', amountCents: order.totals.dueCents });
    expect(pix.status).toBe(201);
    const payment = pix.body.payments[0]! as PaymentView & { txid: string; brCode: string };
    expect(payment).toMatchObject({ method: 'PIX', status: 'PENDING' });
    expect(payment.txid).toMatch(/^[A-Za-z0-9]{1,25}$/);
    expect(payment.brCode).toContain(payment.txid);
    const body = JSON.stringify({ txid: payment.txid, amountCents: payment.amountCents, paidAt: new Date().toISOString() });
    const before = await eventCount(node.databaseUrl);
    expect((await webhook(body, signPixWebhook(body, 'not-the-secret'))).status).toBe(401);
    const wrongAmount = JSON.stringify({ txid: payment.txid, amountCents: 1, paidAt: new Date().toISOString() });
    expect((await webhook(wrongAmount, signPixWebhook(wrongAmount, PIX_SECRET))).status).toBe(422);
    expect(await eventCount(node.databaseUrl)).toBe(before);
    expect((await webhook(body, signPixWebhook(body, PIX_SECRET))).status).toBe(200);
    const paid = await current(order.id);
    expect([paid.payments[0]!.status, paid.status]).toEqual(['APPROVED', 'PAID']);
    const after = await eventCount(node.databaseUrl);
    expect((await webhook(body, signPixWebhook(body, PIX_SECRET))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(await eventCount(node.databaseUrl)).toBe(after);
  });

  it('refunds: cash out of the drawer by its cashier, a card through the acquirer that charged it; a big one needs a manager', async () => {
    const order = await orderOf(8, ['picanha', 'picanha']);
    const cashPaid = await pay(order.id, { method: 'CASH', amountCents: 3000, tenderedCents: 3000 });
    const cardPaid = await pay(order.id, { method: 'CARD', amountCents: order.totals.dueCents - 3000, cardToken: 'tok_visa' });
    const [cash, card] = cardPaid.body.payments;
    expect(cashPaid.status).toBe(201);
    const refund = (client: ApiClient, payment: PaymentView, body: Record<string, unknown>) =>
      client.post<OrderView & Refusal>(`/api/orders/${order.id}/payments/${payment.id}/refund`, {
        commandId: randomUUID(),
        reason: 'the customer changed their mind',
        ...body,
      });
    await refused(() => refund(waiter, cash!, { amountCents: 1000 }), 403, 'FORBIDDEN');
    const cashBody = { commandId: randomUUID(), reason: 'wrong change', amountCents: 1000 };
    const cashBack = await cashier.post<OrderView>(`/api/orders/${order.id}/payments/${cash!.id}/refund`, cashBody);
    expect([cashBack.status, cashBack.body.payments[0]!.refundedCents, cashBack.body.status]).toEqual([200, 1000, 'OPEN']);
    const sentAgain = await cashier.post<OrderView>(`/api/orders/${order.id}/payments/${cash!.id}/refund`, cashBody);
    expect([sentAgain.status, sentAgain.body.payments[0]!.refundedCents]).toEqual([200, 1000]);
    const refundsOf = async () =>
      (await cashier.get<DrawerView>('/api/drawers/drawer-1')).body.movements.filter(
        (m) => m.type === 'REFUND' && m.orderId === order.id,
      );
    expect(await refundsOf()).toHaveLength(1);
    const drawer = (await cashier.get<DrawerView>('/api/drawers/drawer-1')).body;
    expect(drawer.movements.at(-1)).toMatchObject({ type: 'REFUND', amountCents: 1000, orderId: order.id });
    await refused(() => refund(waiter, card!, {}), 403, 'APPROVAL_REQUIRED');
    const refundsBefore = (await ledger(main)).refunds.length;
    const cardBack = await refund(waiter, card!, { approval: { pin: '1234' } });
    expect([cardBack.status, cardBack.body.payments[1]!.status]).toEqual([200, 'REFUNDED']);
    expect((await ledger(main)).refunds.slice(refundsBefore)).toMatchObject([{ amountCents: card!.amountCents }]);
    // Paid again, in cash, so the day can close.
    const rest = await pay(order.id, { method: 'CASH', amountCents: (await current(order.id)).totals.dueCents });
    expect(rest.body.status).toBe('PAID');
    expect((await waiter.post<OrderView>(`/api/orders/${order.id}/close`, { commandId: randomUUID() })).body.status).toBe(
      'CLOSED',
    );
    // A closed check's payment may still be refunded, the same day.
    const closedRefund = await refund(cashier, cash!, { amountCents: 500 });
    expect([closedRefund.status, closedRefund.body.status]).toEqual([200, 'CLOSED']);
  });

  it('more than is due is 422 OVERPAYMENT, and bad input gets 400; neither changes anything', async () => {
    const order = await orderOf(9);
    const due = order.totals.dueCents;
    await refused(() => pay(order.id, { method: 'CARD', amountCents: due + 1, cardToken: 'tok_visa' }), 422, 'OVERPAYMENT');
    await refused(() => pay(order.id, { method: 'CASH', amountCents: due + 1, tenderedCents: due + 1 }), 422, 'OVERPAYMENT');
    await refused(() => pay(order.id, { method: 'CASH', amountCents: 100, tenderedCents: 50 }), 400, 'BAD_REQUEST');
    await refused(() => pay(order.id, { method: 'CARD', amountCents: 100 }), 400, 'BAD_REQUEST');
    await refused(() => pay(order.id, { method: 'CHEQUE', amountCents: 100 }), 400, 'BAD_REQUEST');
    await refused(() => pay(order.id, { method: 'CASH', amountCents: 0 }), 400, 'BAD_REQUEST');
    await refused(() => pay(order.id, { method: 'PIX', amountCents: 100, tipCents: 10 }), 400, 'BAD_REQUEST');
    const elsewhere = await ApiClient.login(node.baseUrl, 'pos-2', '1111');
    await refused(() => pay(order.id, { method: 'CASH', amountCents: 100 }, elsewhere), 409, 'DRAWER_NOT_OPEN');
    expect((await current(order.id)).payments).toEqual([]);
    await pay(order.id, { method: 'CARD', amountCents: due, cardToken: 'tok_visa' });
  });

  it('a check split by item: both checks are paid and closed', async () => {
    const order = await orderOf(10);
    const split = await waiter.post<{ order: OrderView; newOrder: OrderView }>(`/api/orders/${order.id}/split`, {
      commandId: randomUUID(),
      itemIds: [order.items.find((i) => i.productId === 'caipirinha')!.id],
    });
    expect(split.status).toBe(201);
    for (const check of [split.body.order, split.body.newOrder]) {
      const paid = await pay(check.id, {
        method: 'CARD',
        amountCents: check.totals.dueCents,
        cardToken: 'tok_visa',
        tipCents: 100,
      });
      expect(paid.body.status).toBe('PAID');
      expect((await waiter.post<OrderView>(`/api/orders/${check.id}/close`, { commandId: randomUUID() })).body.status).toBe(
        'CLOSED',
      );
    }
  });

  it("the day's Z report is the sum of everything paid, refunded, discounted and tipped", async () => {
    const discounted = await orderOf(11, ['caipirinha']);
    await manager.post(`/api/orders/${discounted.id}/discounts`, { commandId: randomUUID(), percent: 10, reason: 'regular' });
    const due = (await current(discounted.id)).totals.dueCents;
    await pay(discounted.id, { method: 'CASH', amountCents: due });
    const { body: everything } = await waiter.get<{ orders: OrderView[] }>('/api/orders');
    for (const o of everything.orders.filter((x) => x.status === 'PAID')) {
      await waiter.post(`/api/orders/${o.id}/close`, { commandId: randomUUID() });
    }
    const drawer = (await cashier.get<DrawerView>('/api/drawers/drawer-1')).body;
    await cashier.post('/api/drawers/drawer-1/count', { commandId: randomUUID() });
    await cashier.post('/api/drawers/drawer-1/close', { commandId: randomUUID(), countedCents: drawer.cashCents });
    const close = await manager.post<DayReport & Refusal>('/api/day/close', { commandId: randomUUID() });
    expect(close.status).toBe(200);
    const orders = (await waiter.get<{ orders: OrderView[] }>('/api/orders')).body.orders.filter((o) => o.status !== 'CANCELLED');
    const payments = orders.flatMap((o) => o.payments.map((p) => ({ ...p, waiter: o })));
    const byMethod = (method: string) => {
      const of = payments.filter((p) => p.method === method && p.status !== 'PENDING');
      return { count: of.length, cents: of.reduce((sum, p) => sum + p.amountCents - p.refundedCents, 0) };
    };
    const z = close.body;
    expect(z.byMethod).toEqual({ CASH: byMethod('CASH'), CARD: byMethod('CARD'), PIX: byMethod('PIX') });
    expect(z.sales.tipCents).toBe(payments.reduce((sum, p) => sum + p.tipCents, 0));
    expect(z.byWaiter.reduce((sum, w) => sum + w.tipCents, 0)).toBe(z.sales.tipCents);
    const refunded = payments.reduce((sum, p) => sum + p.refundedCents, 0);
    expect(z.refunds).toEqual({ count: 3, cents: refunded });
    expect(z.sales.discountCents).toBe(orders.reduce((sum, o) => sum + o.totals.discountCents, 0));
    expect(z.sales.netCents).toBe(orders.reduce((sum, o) => sum + o.totals.totalCents, 0));
    // Every check was paid in full: what the methods took is what the checks came to.
    const methods = z.byMethod.CASH.cents + z.byMethod.CARD.cents + z.byMethod.PIX.cents;
    expect(methods).toBe(orders.reduce((sum, o) => sum + o.totals.paidCents, 0));
    // All but the 5.00 given back after that table closed.
    expect(z.sales.netCents - methods).toBe(500);
    expect(z.drawers[0]).toMatchObject({
      cashSalesCents: drawer.movements.filter((m) => m.type === 'SALE').reduce((s, m) => s + m.amountCents, 0),
    });
  });
});

describe('the demo: no ACQUIRERS and no PIX_WEBHOOK_SECRET', () => {
  let node: TestNode;
  let waiter: ApiClient;
  beforeAll(async () => {
    node = await startTestNode();
    waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
  });
  afterAll(() => node.stop());

  it('charges cards at the simulated acquirers in the node, and its simulated PSP pays a PIX after 3 s', async () => {
    const id = await waiter.openOrder(1);
    await waiter.addItem(id, 'picanha');
    await waiter.addItem(id, 'caipirinha');
    const due = (await waiter.get<OrderView>(`/api/orders/${id}`)).body.totals.dueCents;
    const body = { commandId: randomUUID(), method: 'CARD', amountCents: 1000, cardToken: 'tok_visa' };
    const card = await waiter.post<OrderView>(`/api/orders/${id}/payments`, body);
    expect([card.status, card.body.payments[0]!.acquirer]).toEqual([201, 'main']);
    const reused = await waiter.post<Refusal>(`/api/orders/${id}/payments`, { ...body, amountCents: 999 });
    expect([reused.status, reused.body.type]).toEqual([422, 'COMMAND_ID_REUSED']);
    const socket = await waiter.socket([`order:${id}`]);
    const paidLive = nextMessage<OrderView>(socket, 'order', (o) => o.status === 'PAID', 10_000);
    const pix = await waiter.post<OrderView>(`/api/orders/${id}/payments`, {
      commandId: randomUUID(),
      method: 'PIX',
      amountCents: due - 1000,
    });
    expect(pix.body.payments[1]!.status).toBe('PENDING');
    expect((await paidLive).payments[1]!.status).toBe('APPROVED');
    socket.close();
  });
});
