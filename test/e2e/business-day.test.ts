import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MENU } from '../../actors/menu/menu.data.js';
import type { DrawerFact } from '../../actors/drawer/drawer.machine.js';
import type { OrderFact } from '../../actors/order/order.machine.js';
import type {
  AuditEntry,
  DayReport,
  DayView,
  DrawerReportLine,
  DrawerView,
  HistoryEntry,
  OrderView,
  ZReportEntry,
} from '../../shared/contract/index.js';
import { seedDemoData } from '../../shared/db/seed.js';
import { ApiClient, eventCount, nextMessage, startTestNode, type TestNode } from '../harness.js';

type Refusal = { type: string; data: { orders?: { id: string; number: number }[] } | null };

/** An order's facts, as its history gives them back. */
async function factsOf(client: ApiClient, orderId: string): Promise<OrderFact[]> {
  const { body } = await client.get<{ events: HistoryEntry[] }>(`/api/orders/${orderId}/history`);
  return body.events.map((e) => ({ ...e.data, type: e.type, at: e.at }) as unknown as OrderFact);
}

/** The report's figures summed straight from the orders' facts: what the X report must equal. */
function expectedFrom(orders: OrderFact[][]) {
  const sold = orders.filter((facts) => !facts.some((f) => f.type === 'OrderCancelled'));
  const byProduct = new Map<string, { quantity: number; cents: number }>();
  const byCategory = new Map<string, { quantity: number; cents: number }>();
  const add = (map: typeof byProduct, key: string, quantity: number, cents: number) => {
    const sum = map.get(key) ?? { quantity: 0, cents: 0 };
    map.set(key, { quantity: sum.quantity + quantity, cents: sum.cents + cents });
  };
  const category = new Map<string, string>();
  for (const fact of orders.flat()) if (fact.type === 'ItemAdded') category.set(fact.item.productId, fact.item.category!);
  for (const fact of sold.flat()) {
    if (fact.type === 'ItemAdded') {
      add(byProduct, fact.item.productId, fact.item.quantity, fact.item.quantity * fact.item.priceCents);
      add(byCategory, fact.item.category!, fact.item.quantity, fact.item.quantity * fact.item.priceCents);
    }
    if (fact.type === 'ItemVoided') {
      add(byProduct, fact.productId, -fact.quantity, -fact.quantity * fact.priceCents);
      add(byCategory, category.get(fact.productId)!, -fact.quantity, -fact.quantity * fact.priceCents);
    }
  }
  const voided = orders.flat().filter((f) => f.type === 'ItemVoided');
  const grossCents = [...byProduct.values()].reduce((sum, p) => sum + p.cents, 0);
  // Each check at a table pays its service charge on what it rang (no discount is given here): its percent, rounded.
  const serviceCents = sold.reduce((sum, facts) => {
    const opened = facts.find((f) => f.type === 'OrderOpened')!;
    const rung = facts.reduce(
      (cents, f) =>
        cents +
        (f.type === 'ItemAdded' ? f.item.quantity * f.item.priceCents : f.type === 'ItemVoided' ? -f.quantity * f.priceCents : 0),
      0,
    );
    return sum + (opened.table === null ? 0 : Math.floor((rung * (opened.servicePercent ?? 0) + 50) / 100));
  }, 0);
  const covers = sold.map((facts) => facts.find((f) => f.type === 'OrderOpened')!).reduce((n, f) => n + (f.covers ?? 0), 0);
  const sorted = (map: typeof byProduct) => [...map].filter(([, s]) => s.quantity !== 0).sort(([a], [b]) => a.localeCompare(b));
  return {
    orders: {
      count: sold.length,
      cancelled: orders.length - sold.length,
      covers,
      averageTicketCents: sold.length ? Math.round(grossCents / sold.length) : 0,
    },
    grossCents,
    serviceCents,
    byProduct: sorted(byProduct).map(([productId, s]) => ({ productId, ...s })),
    byCategory: sorted(byCategory).map(([category, s]) => ({ category, ...s })),
    voids: { count: voided.length, cents: voided.reduce((sum, f) => sum + f.quantity * f.priceCents, 0) },
  };
}

/**
 * Each session of a drawer on one day, summed straight from the drawer's facts as the contract words it: what
 * should be in it is the float plus cash sales and pay-ins less refunds, pay-outs and drops; over/short is the
 * count less that.
 */
async function drawerSessionsFromFacts(node: TestNode, drawerId: string, dayNumber: number): Promise<DrawerReportLine[]> {
  const lines: DrawerReportLine[] = [];
  let line: DrawerReportLine | null = null;
  for (const { data } of await node.node.deps.store.events(drawerId)) {
    const fact = data as unknown as DrawerFact;
    if (fact.type === 'DrawerOpened') {
      line =
        fact.dayNumber === dayNumber
          ? {
              id: drawerId,
              floatCents: fact.floatCents,
              cashSalesCents: 0,
              cashRefundsCents: 0,
              payInCents: 0,
              payOutCents: 0,
              dropCents: 0,
              expectedCents: 0,
              countedCents: null,
              overShortCents: null,
            }
          : null;
      if (line) lines.push(line);
    }
    if (!line) continue;
    if (fact.type === 'CashSaleTaken') line.cashSalesCents += fact.amountCents;
    if (fact.type === 'CashRefunded') line.cashRefundsCents += fact.amountCents;
    if (fact.type === 'CashPaidIn') line.payInCents += fact.amountCents;
    if (fact.type === 'CashPaidOut') line.payOutCents += fact.amountCents;
    if (fact.type === 'CashDropped') line.dropCents += fact.amountCents;
    if (fact.type === 'DrawerClosed') line.countedCents = fact.countedCents;
  }
  return lines.map((l) => {
    const expectedCents = l.floatCents + l.cashSalesCents - l.cashRefundsCents + l.payInCents - l.payOutCents - l.dropCents;
    return { ...l, expectedCents, overShortCents: l.countedCents === null ? null : l.countedCents - expectedCents };
  });
}

/** The same figures of a report, in the same order. */
const figuresOf = (report: DayReport) => ({
  orders: report.orders,
  grossCents: report.sales.grossCents,
  serviceCents: report.sales.serviceCents,
  byProduct: report.byProduct
    .map(({ productId, quantity, cents }) => ({ productId, quantity, cents }))
    .sort((a, b) => a.productId.localeCompare(b.productId)),
  byCategory: report.byCategory.map((c) => ({ ...c })).sort((a, b) => String(a.category).localeCompare(String(b.category))),
  voids: report.voids,
});

const dayBefore = (date: string) => new Date(Date.parse(`${date}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const dayAfter = (date: string) => new Date(Date.parse(`${date}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

describe('the business day: open, ring on it, X report, close with the Z report', () => {
  let node: TestNode;
  let manager: ApiClient;
  let waiter: ApiClient;
  let cashier: ApiClient;
  let today: string;
  const orderIds: string[] = [];
  const sockets: Socket[] = [];
  let lastX: DayReport;
  let zReport: DayReport;
  let secondDayOrder: string;

  const open = (client: ApiClient, businessDate: string, commandId = randomUUID()) =>
    client.post<DayView & Refusal>('/api/day/open', { commandId, businessDate });
  const close = (client: ApiClient, commandId = randomUUID()) =>
    client.post<DayReport & Refusal>('/api/day/close', { commandId });
  const openOrder = (covers: number | null, table: number | null, commandId = randomUUID()) =>
    waiter.post<OrderView & Refusal>('/api/orders', { commandId, terminalId: 'pos-1', table, covers });
  const firstOpen = { commandId: randomUUID(), answer: null as OrderView | null };

  beforeAll(async () => {
    node = await startTestNode();
    manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    cashier = await ApiClient.login(node.baseUrl, 'pos-2', '2222');
    today = (await waiter.get<{ today: string }>('/api/settings')).body.today;
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await node.stop();
  });

  it("with demo data, the first start opened day 1 for the server's today, by the demo manager, as a fact", async () => {
    expect(today).toBe(new Date().toLocaleDateString('en-CA'));
    const day = await waiter.get<DayView>('/api/day');
    expect(day.status).toBe(200);
    expect(day.body).toMatchObject({ number: 1, businessDate: today, status: 'OPEN', openedBy: 'maria', version: 1 });
    expect((await node.node.deps.store.events('business-day')).map((e) => e.type)).toEqual(['DayOpened']);
  });

  it('orders rung on it carry its number, and its X report sums exactly what they rang', async () => {
    const rung = [
      {
        covers: 2,
        table: 1,
        items: [
          ['picanha', 2],
          ['caipirinha', 1],
        ],
      },
      {
        covers: 3,
        table: 2,
        items: [
          ['batata-frita', 1],
          ['pudim', 2],
          ['caipirinha', 2],
        ],
        voidFirst: true,
      },
      { covers: null, table: null, items: [['coxinha', 3]] },
      { covers: 4, table: 3, items: [['picanha', 1]], cancel: true },
    ] as const;
    for (const order of rung) {
      const opened = await openOrder(order.covers, order.table, orderIds.length === 0 ? firstOpen.commandId : undefined);
      expect(opened.status).toBe(201);
      firstOpen.answer ??= opened.body;
      orderIds.push(opened.body.id);
      let view = opened.body as OrderView;
      for (const [productId, quantity] of order.items)
        view = (await waiter.addItem(view.id, productId, { quantity })).body as OrderView;
      if ('voidFirst' in order)
        await waiter.post(`/api/orders/${view.id}/items/${view.items[0]!.id}/void`, {
          commandId: randomUUID(),
          reason: 'mistake',
        });
      if ('cancel' in order) await waiter.post(`/api/orders/${view.id}/cancel`, { commandId: randomUUID(), reason: 'left' });
    }
    const facts = await Promise.all(orderIds.map((id) => factsOf(waiter, id)));
    expect(facts.map((f) => f.find((x) => x.type === 'OrderOpened'))).toEqual(
      orderIds.map(() => expect.objectContaining({ dayNumber: 1 })),
    );
    const categories = new Map(DEMO_MENU.map((p) => [p.id, p.category]));
    for (const fact of facts.flat())
      if (fact.type === 'ItemAdded') expect(fact.item.category).toBe(categories.get(fact.item.productId));

    const x = await manager.get<DayReport>('/api/reports/x');
    expect(x.status).toBe(200);
    const expected = expectedFrom(facts);
    expect(figuresOf(x.body)).toEqual(expected);
    expect(expected.orders).toMatchObject({ count: 3, cancelled: 1 });
    expect(expected.voids.count).toBe(1);
    expect(expected.serviceCents).toBeGreaterThan(0);
    expect(x.body).toMatchObject({
      dayNumber: 1,
      businessDate: today,
      sales: { netCents: expected.grossCents + expected.serviceCents },
    });
    expect(x.body).not.toHaveProperty('closedAt');
    expect(x.body.byWaiter).toEqual([{ userId: 'wagner', orders: 3, cents: expected.grossCents, tipCents: 0 }]);
    expect(x.body.byTerminal).toEqual([{ terminalId: 'pos-1', orders: 3, cents: expected.grossCents }]);
    expect((await cashier.get('/api/reports/x')).status).toBe(200);
    expect((await waiter.get<Refusal>('/api/reports/x')).body.type).toBe('FORBIDDEN');
  });

  it('taking an X report is in the audit log: who took it, on which terminal, of which day, and what it said', async () => {
    const x = (await cashier.get<DayReport>('/api/reports/x')).body;
    const { body } = await manager.get<{ entries: AuditEntry[] }>('/api/audit?type=XReportTaken&order=desc&limit=1');
    expect(body.entries).toEqual([
      expect.objectContaining({
        stream: 'business-day',
        userId: 'carla',
        terminalId: 'pos-2',
        data: { dayNumber: 1, businessDate: today, orders: x.orders.count, netCents: x.sales.netCents },
      }),
    ]);
  });

  it('a waiter may neither open nor close the day', async () => {
    const before = await eventCount(node.databaseUrl);
    const closing = await close(waiter);
    const opening = await open(waiter, today);
    expect([closing.status, closing.body.type, opening.status, opening.body.type]).toEqual([403, 'FORBIDDEN', 403, 'FORBIDDEN']);
    expect(await eventCount(node.databaseUrl)).toBe(before);
  });

  it('the day does not close while orders are open: the refusal names them, and nothing is written', async () => {
    const before = await eventCount(node.databaseUrl);
    const refused = await close(manager);
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe('ORDERS_OPEN');
    const stillOpen = orderIds.slice(0, 3);
    expect(refused.body.data!.orders!.map((o) => o.id).sort()).toEqual([...stillOpen].sort());
    expect(await eventCount(node.databaseUrl)).toBe(before);
    expect((await waiter.get<DayView>('/api/day')).body.status).toBe('OPEN');
  });

  it('once they are cancelled (no order leaves OPEN otherwise before payments) it closes: the Z report is the X report at close', async () => {
    for (const id of orderIds.slice(0, 3))
      expect((await waiter.post(`/api/orders/${id}/cancel`, { commandId: randomUUID(), reason: 'end of day' })).status).toBe(200);
    const daySocket = await waiter.socket(['day']);
    sockets.push(daySocket);
    const pushed = nextMessage<DayView>(daySocket, 'day', (d) => d.status === 'CLOSED');
    lastX = (await manager.get<DayReport>('/api/reports/x')).body;
    const commandId = randomUUID();
    const closed = await close(manager, commandId);
    expect(closed.status).toBe(200);
    zReport = closed.body;
    const { closedAt, ...rest } = zReport;
    expect(rest).toEqual(lastX);
    expect(figuresOf(zReport)).toEqual(expectedFrom(await Promise.all(orderIds.map((id) => factsOf(waiter, id)))));
    const day = (await waiter.get<DayView>('/api/day')).body;
    expect(day).toMatchObject({ number: 1, status: 'CLOSED', closedBy: 'maria', closedAt });
    expect(await pushed).toEqual(day);
    // The same close again answers the same Z report and writes nothing.
    const before = await eventCount(node.databaseUrl);
    expect((await close(manager, commandId)).body).toEqual(zReport);
    expect(await eventCount(node.databaseUrl)).toBe(before);
  });

  it('with no day open no order is opened, and there is no X report', async () => {
    const before = await eventCount(node.databaseUrl);
    const refused = await openOrder(2, 5);
    expect([refused.status, refused.body.type]).toEqual([409, 'DAY_NOT_OPEN']);
    expect(await eventCount(node.databaseUrl)).toBe(before);
    // An open accepted while the day was open, sent again (its answer was lost), gets its first answer.
    const retried = await openOrder(2, 1, firstOpen.commandId);
    expect([retried.status, retried.body]).toEqual([201, firstOpen.answer]);
    expect(await eventCount(node.databaseUrl)).toBe(before);
    const taken = async () =>
      (await manager.get<{ entries: AuditEntry[] }>('/api/audit?type=XReportTaken&limit=10000')).body.entries.length;
    const takenBefore = await taken();
    const x = await manager.get<Refusal>('/api/reports/x');
    expect([x.status, x.body.type]).toEqual([409, 'DAY_NOT_OPEN']);
    expect(await taken()).toBe(takenBefore);
    const again = await close(manager);
    expect([again.status, again.body.type]).toEqual([409, 'DAY_NOT_OPEN']);
  });

  it("a bad business date, one after today or one before the last day's is refused, and nothing is written", async () => {
    const before = await eventCount(node.databaseUrl);
    const answers = await Promise.all(
      ['25/11/2026', '2026-1-5', '2026-02-30', dayAfter(today), dayBefore(today)].map(async (date) => {
        const { status, body } = await open(manager, date);
        return [date, status, body.type];
      }),
    );
    expect(answers).toEqual([
      ['25/11/2026', 400, 'BAD_REQUEST'],
      ['2026-1-5', 400, 'BAD_REQUEST'],
      ['2026-02-30', 422, 'BUSINESS_DATE_INVALID'],
      [dayAfter(today), 422, 'BUSINESS_DATE_INVALID'],
      [dayBefore(today), 422, 'BUSINESS_DATE_INVALID'],
    ]);
    expect(await eventCount(node.databaseUrl)).toBe(before);
  });

  it('day 2 opens on the same date; its orders are its own, and the Z report of day 1 never changes', async () => {
    const opened = await open(manager, today);
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ number: 2, businessDate: today, status: 'OPEN', openedBy: 'maria' });
    const twice = await open(manager, today);
    expect([twice.status, twice.body.type]).toEqual([409, 'DAY_ALREADY_OPEN']);

    const order = await openOrder(1, 4);
    secondDayOrder = order.body.id;
    await waiter.addItem(order.body.id, 'picanha', { quantity: 2 });
    expect((await factsOf(waiter, order.body.id))[0]).toMatchObject({ type: 'OrderOpened', dayNumber: 2 });
    const x = (await manager.get<DayReport>('/api/reports/x')).body;
    expect(figuresOf(x)).toEqual(expectedFrom([await factsOf(waiter, order.body.id)]));
    expect(x.dayNumber).toBe(2);

    expect((await cashier.get<DayReport>('/api/reports/z/1')).body).toEqual(zReport);
    const list = await manager.get<{ reports: ZReportEntry[] }>('/api/reports/z');
    expect(list.body.reports).toEqual([{ number: 1, businessDate: today, closedAt: zReport.closedAt }]);
    const unknown = await manager.get<Refusal>('/api/reports/z/2');
    expect([unknown.status, unknown.body.type]).toEqual([404, 'UNKNOWN_DAY']);
  });

  it('an X report counts what was rung just before it, even while an older transaction holds the projector back', async () => {
    const older = new pg.Client({ connectionString: node.databaseUrl });
    await older.connect();
    await older.query('BEGIN');
    await older.query('SELECT pg_current_xact_id()');
    await waiter.addItem(secondDayOrder, 'pudim');
    const report = manager.get<DayReport>('/api/reports/x');
    // Until the older transaction ends, no projector may read the item's fact: the report waits for it.
    setTimeout(() => void older.query('COMMIT').then(() => older.end()), 300);
    expect(figuresOf((await report).body)).toEqual(expectedFrom([await factsOf(waiter, secondDayOrder)]));
  });

  it("shows the day's drawers, keeps the day open while one is, and stores its count in the Z report", async () => {
    const drawer = (action: string, body: Record<string, unknown> = {}) =>
      cashier.post<DrawerView>(`/api/drawers/drawer-2/${action}`, { commandId: randomUUID(), ...body });
    await drawer('open', { floatCents: 5000 });
    const paidIn = (await drawer('pay-in', { amountCents: 1000, reason: 'change from the bank' })).body;
    const sum = (type: string) => paidIn.movements.filter((m) => m.type === type).reduce((n, m) => n + m.amountCents, 0);
    const line = (over: Partial<DrawerReportLine>): DrawerReportLine => ({
      id: 'drawer-2',
      floatCents: sum('FLOAT'),
      cashSalesCents: 0,
      cashRefundsCents: 0,
      payInCents: sum('PAY_IN'),
      payOutCents: 0,
      dropCents: 0,
      expectedCents: paidIn.cashCents!,
      countedCents: null,
      overShortCents: null,
      ...over,
    });
    expect((await manager.get<DayReport>('/api/reports/x')).body.drawers).toEqual([line({})]);

    const before = await eventCount(node.databaseUrl);
    const refused = await manager.post<Refusal & { data: { drawers: string[] } }>('/api/day/close', { commandId: randomUUID() });
    expect([refused.status, refused.body.type, refused.body.data]).toEqual([409, 'DRAWERS_OPEN', { drawers: ['drawer-2'] }]);
    expect(await eventCount(node.databaseUrl)).toBe(before);

    await drawer('count');
    const { lastClose } = (await drawer('close', { countedCents: paidIn.cashCents! - 100 })).body;
    await waiter.post(`/api/orders/${secondDayOrder}/cancel`, { commandId: randomUUID(), reason: 'end of day' });
    const closed = await close(manager);
    expect(closed.status).toBe(200);
    const { expectedCents, countedCents, overShortCents } = lastClose!;
    expect(closed.body.drawers).toEqual([line({ expectedCents, countedCents, overShortCents })]);
    expect(overShortCents).toBe(-100);
  });

  it('shows each session of a drawer opened, closed and opened again on one day, and its Z report is what their facts add up to', async () => {
    expect((await open(manager, today)).body).toMatchObject({ number: 3 });
    const drawer = (who: ApiClient, action: string, body: Record<string, unknown> = {}) =>
      who.post<DrawerView>(`/api/drawers/drawer-1/${action}`, { commandId: randomUUID(), ...body });
    // What payments will do: a cash sale goes in, a cash refund is given back by the drawer's cashier.
    const cash = { drawerId: 'drawer-1', orderId: randomUUID() };
    const sale = (amountCents: number) =>
      node.node.broker.call('drawers.cashSale', { ...cash, commandId: randomUUID(), amountCents, userId: 'wagner' });
    const refund = (amountCents: number) =>
      node.node.broker.call(
        'drawers.cashRefund',
        { ...cash, commandId: randomUUID(), amountCents },
        { meta: { user: { id: 'carla', role: 'CASHIER', terminalId: 'pos-1' } } },
      );

    // Carla's shift, counted short…
    await drawer(cashier, 'open', { floatCents: 10000 });
    await sale(4500);
    await refund(500);
    await drawer(cashier, 'pay-in', { amountCents: 2000, reason: 'change from the bank' });
    await drawer(cashier, 'pay-out', { amountCents: 1500, reason: 'ice delivery' });
    await drawer(cashier, 'drop', { amountCents: 3000 });
    await drawer(cashier, 'count');
    await drawer(cashier, 'close', { countedCents: 11400 });
    // …then the manager's, at the same drawer on the same day, still open.
    await drawer(manager, 'open', { floatCents: 5000 });
    await drawer(manager, 'pay-in', { amountCents: 700, reason: 'change' });
    await sale(1200);

    const x = (await manager.get<DayReport>('/api/reports/x')).body;
    expect(x.drawers).toEqual(await drawerSessionsFromFacts(node, 'drawer-1', 3));
    expect(x.drawers).toMatchObject([
      {
        id: 'drawer-1',
        floatCents: 10000,
        cashSalesCents: 4500,
        cashRefundsCents: 500,
        expectedCents: 11500,
        overShortCents: -100,
      },
      { id: 'drawer-1', floatCents: 5000, cashSalesCents: 1200, payInCents: 700, expectedCents: 6900, countedCents: null },
    ]);

    await drawer(manager, 'count');
    await drawer(manager, 'close', { countedCents: 7000 });
    const z = await close(manager);
    expect(z.status).toBe(200);
    const fromFacts = await drawerSessionsFromFacts(node, 'drawer-1', 3);
    expect(z.body.drawers).toEqual(fromFacts);
    expect(fromFacts.map((d) => d.overShortCents)).toEqual([-100, 100]);
    // Day 2's drawer-2 is its own day's, not this one's.
    expect(z.body.drawers.map((d) => d.id)).toEqual(['drawer-1', 'drawer-1']);
  });

  it('does not close while an order sent to the kitchen is open: until payments it stays open, named in the refusal', async () => {
    expect((await open(manager, today)).body).toMatchObject({ number: 4 });
    const order = (await openOrder(2, 5)).body;
    await waiter.addItem(order.id, 'picanha');
    expect((await waiter.send(order.id)).status).toBe(200);
    // The station takes its ticket after the send's answer: once it has, nothing else is on its way to the log.
    await waiter.ticketAt('grill', order.id);
    const before = await eventCount(node.databaseUrl);
    const refused = await close(manager);
    expect([refused.status, refused.body.type, refused.body.data]).toEqual([
      409,
      'ORDERS_OPEN',
      { orders: [{ id: order.id, number: order.number, table: 5 }] },
    ]);
    expect(await eventCount(node.databaseUrl)).toBe(before);
    // It cannot be cancelled either: what was sent is voided, the check is paid and closed (with payments).
    const cancelled = await waiter.post<Refusal>(`/api/orders/${order.id}/cancel`, { commandId: randomUUID(), reason: 'x' });
    expect([cancelled.status, cancelled.body.type]).toEqual([422, 'ALREADY_SENT']);
    expect((await waiter.get<DayView>('/api/day')).body).toMatchObject({ number: 4, status: 'OPEN' });
  });
});

describe('a restaurant without demo data', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode({ demoData: false });
    // Its people and terminals, with no day opened for it.
    await seedDemoData(node.node.deps.sequelize, DEMO_MENU);
  });
  afterAll(() => node.stop());

  it('has no day until a manager opens the first, day 1', async () => {
    const manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    const none = await manager.get<Refusal>('/api/day');
    expect([none.status, none.body.type]).toEqual([404, 'NO_DAY']);
    expect(await eventCount(node.databaseUrl)).toBe(0);
    const { today } = (await manager.get<{ today: string }>('/api/settings')).body;
    const opened = await manager.post<DayView>('/api/day/open', { commandId: randomUUID(), businessDate: dayBefore(today) });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ number: 1, businessDate: dayBefore(today), status: 'OPEN' });
  });
});
