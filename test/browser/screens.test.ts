import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderView, TicketView } from '../../shared/contract/index.js';
import { ApiClient, startTestNode, type TestNode } from '../harness.js';
import { DIST, ensureBuilt, launchChromium, logIn, paintTimings, screenshot, SCREENSHOTS } from './support.js';

const LANDSCAPE = { width: 1024, height: 768 };
const PORTRAIT = { width: 768, height: 1024 };
const KDS_LARGE = { width: 1920, height: 1080 };
const KDS_SMALL = { width: 1280, height: 800 };

describe('the screens in Chromium', () => {
  let node: TestNode;
  let browser: Browser;
  let api: ApiClient;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  /** A new browser context on a screen; `cpuSlowdown` emulates a cheap tablet's CPU (Chromium's throttling). */
  async function open(url: string, viewport: { width: number; height: number }, cpuSlowdown = 1): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'en-US' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(`${url}: ${error.message}`));
    if (cpuSlowdown > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
    await page.goto(`${node.baseUrl}${url}`);
    return page;
  }

  const line = (page: Page, name: string) => page.locator('pos-order').getByRole('listitem').filter({ hasText: name });

  beforeAll(async () => {
    await ensureBuilt();
    node = await startTestNode({ screensDir: DIST, ackTimeoutSeconds: 3 });
    browser = await launchChromium();
    api = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await node?.stop();
  });

  it('rings two stations and a held course; the grill draws it live, the POS sees it received, a bump bar makes it ready, course 2 fires', async () => {
    const kds = await open('/kds/?station=grill', KDS_LARGE);
    await logIn(kds, '3333');
    await kds.getByText('No open tickets').waitFor();
    const expo = await open('/expo/', KDS_SMALL);
    await logIn(expo, '1234');
    await expo.getByText('No orders in the kitchen').waitFor();

    const pos = await open('/pos/?terminal=pos-1', LANDSCAPE);
    await logIn(pos, '1111');
    await pos.getByText('Wagner').waitFor();
    await screenshot(pos, 'pos-1024x768-tables');
    await pos.getByRole('button', { name: 'Table 5, free' }).click();
    await pos.getByRole('textbox', { name: 'Notes for the next item' }).fill('ao ponto');
    await pos.getByRole('button', { name: 'Picanha na brasa' }).click();
    await pos.getByRole('button', { name: 'Batata frita' }).click();
    await pos.getByRole('button', { name: 'Course 2' }).click();
    await pos.getByRole('button', { name: 'Salmão grelhado' }).click();
    await line(pos, 'Salmão grelhado').getByText('new', { exact: true }).waitFor();
    await pos.getByRole('button', { name: 'Send', exact: true }).click();

    // The grill's screen draws course 1 without a reload; the salmon is held.
    await kds.getByRole('button', { name: /^Bump order #\d+, Table 5$/ }).waitFor();
    await kds.locator('kds-ticket').getByText('ao ponto').waitFor();
    expect(await kds.locator('kds-ticket').getByText('Salmão grelhado').count()).toBe(0);

    // The POS learns that the grill's screen received it, and how long that took.
    await line(pos, 'Picanha na brasa')
      .getByText(/Grill received in \d/)
      .waitFor();
    await pos.getByRole('button', { name: 'Fire course 2' }).waitFor();
    await screenshot(pos, 'pos-1024x768-order');
    await expo.getByText(/Grill cooking/).waitFor();

    // A bump bar is a keyboard: 1 selects the first ticket, Enter bumps it; Backspace recalls it.
    await kds.keyboard.press('1');
    await kds.keyboard.press('Enter');
    await line(pos, 'Picanha na brasa').getByText('ready', { exact: true }).waitFor();
    await kds.getByText('No open tickets').waitFor();
    await kds.keyboard.press('Backspace');
    await kds.locator('kds-ticket').getByText('ao ponto').waitFor();
    await line(pos, 'Picanha na brasa').getByText('fired', { exact: true }).waitFor();
    await kds.keyboard.press('Enter');
    await line(pos, 'Picanha na brasa').getByText('ready', { exact: true }).waitFor();

    // Fire course 2: the held salmon reaches the grill.
    await pos.getByRole('button', { name: 'Fire course 2' }).click();
    await kds.locator('kds-ticket').getByText('Salmão grelhado', { exact: true }).waitFor();
    await line(pos, 'Salmão grelhado')
      .getByText(/Grill received in/)
      .waitFor();

    const grill = await api.get<{ tickets: TicketView[] }>('/api/stations/grill/tickets');
    expect(grill.body.tickets.flatMap((t) => t.items.map((i) => i.name))).toEqual(['Salmão grelhado']);
    expect(grill.body.tickets[0]!.acks.map((a) => a.terminalId)).toEqual(['kds-grill']);
    const orders = await api.get<{ orders: OrderView[] }>('/api/orders?status=OPEN&table=5');
    expect(orders.body.orders).toHaveLength(1);
    const order = orders.body.orders[0]!;
    expect(order.items.map((i) => [i.name, i.course, i.notes, i.status])).toEqual([
      ['Picanha na brasa', 1, 'ao ponto', 'READY'],
      ['Batata frita', 1, '', 'FIRED'],
      ['Salmão grelhado', 2, '', 'FIRED'],
    ]);

    // The kitchen finishes (the fryer has no screen here: its ticket is bumped over the API); expo serves the order.
    await kds.keyboard.press('Enter');
    const fryer = order.tickets.find((t) => t.stationId === 'fryer')!;
    await api.post(`/api/stations/fryer/tickets/${fryer.id}/bump`, { commandId: crypto.randomUUID() });
    await expo.getByText('Ready to serve').waitFor();
    await screenshot(expo, 'expo-1280x800');
    await expo.getByRole('button', { name: `Bump order #${order.number}, Table 5` }).click();
    await expo.getByText('No orders in the kitchen').waitFor();
    // The pass hides the order as soon as the bump is queued; the server's answer may come a moment later.
    await expect.poll(async () => (await api.get<OrderView>(`/api/orders/${order.id}`)).body.servedAt).not.toBeNull();
    expect(errors).toEqual([]);
  });

  it('shows the customer display paired with pos-1 the lines and total as rung, and nothing of a pos-2 order', async () => {
    const customer = await open('/customer/?pair=pos-1', KDS_SMALL);
    await logIn(customer, '1234');
    const pos = await open('/pos/?terminal=pos-1', PORTRAIT);
    await logIn(pos, '1111');
    await pos.getByRole('button', { name: 'Table 7, free' }).click();
    await pos.getByRole('button', { name: 'Fraldinha acebolada' }).click();
    await customer.getByText('Fraldinha acebolada').waitFor();
    await customer.getByText('R$69.90').first().waitFor();
    await pos.getByRole('button', { name: 'One more' }).click();
    await pos.getByRole('button', { name: 'Guaraná Antarctica lata' }).click();
    await customer.getByText('Guaraná Antarctica lata').waitFor();
    // R$85.70 rung, and the 10 % service charge of a table.
    await customer.locator('.total').getByText('R$94.27').waitFor();
    await pos.locator('pos-order').getByText('R$94.27').waitFor();

    // An order rung on pos-2 never reaches this display.
    const other = await ApiClient.login(node.baseUrl, 'pos-2', '2222');
    const otherId = await other.openOrder(10);
    await other.addItem(otherId, 'agua-gas');
    await pos.getByRole('button', { name: 'Cafezinho' }).click();
    await customer.getByText('Cafezinho').waitFor();
    expect(await customer.getByText('Água com gás').count()).toBe(0);
    await customer.locator('.total').getByText('R$100.76').waitFor(); // R$91.60 and its service charge
    await screenshot(customer, 'customer-1280x800');

    // The kitchen finishes: the display says so.
    await pos.getByRole('button', { name: 'Send', exact: true }).click();
    await line(pos, 'Cafezinho').getByText('fired', { exact: true }).waitFor();
    const { body: seven } = await api.get<{ orders: OrderView[] }>('/api/orders?status=OPEN&table=7');
    for (const ticket of seven.orders[0]!.tickets) {
      await api.post(`/api/stations/${ticket.stationId}/tickets/${ticket.id}/bump`, { commandId: crypto.randomUUID() });
    }
    await customer.getByText('Your order is ready!').waitFor();
    await screenshot(pos, 'pos-768x1024-order');
    await pos.getByRole('button', { name: /Tables/ }).click();
    await screenshot(pos, 'pos-768x1024-tables');
  });

  it('raises the unacknowledged alarm on the POS when no screen of the station draws the ticket', async () => {
    const pos = await open('/pos/?terminal=pos-1', LANDSCAPE);
    await logIn(pos, '1111');
    await pos.getByRole('button', { name: 'Table 3, free' }).click();
    await pos.getByRole('button', { name: 'Caipirinha de limão' }).click();
    await pos.getByRole('button', { name: 'Send', exact: true }).click();
    const alarm = pos.locator('pos-alarms').getByText(/Table 3, order #\d+: no Bar screen has confirmed the ticket/);
    await alarm.waitFor({ timeout: 10_000 });
    await line(pos, 'Caipirinha de limão').getByText('Bar: not received yet').waitFor();
    await screenshot(pos, 'pos-1024x768-alarm');
  });

  it('keeps the waiter working offline: the outbox survives a reload and each item arrives once, in order', async () => {
    const pos = await open('/pos/?terminal=pos-2', LANDSCAPE);
    await logIn(pos, '1111');
    await pos.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await pos.getByRole('button', { name: 'Table 9, free' }).click();
    await pos.getByText(/Order #\d+/).waitFor();

    await pos.context().setOffline(true);
    await pos
      .locator('offline-banner')
      .getByText(/No connection/)
      .waitFor();
    await pos.getByRole('button', { name: 'Salada caprese' }).click();
    await pos.getByRole('button', { name: 'Course 2' }).click();
    await pos.getByRole('button', { name: 'Pudim de leite condensado' }).click();
    await pos.getByRole('button', { name: 'Send', exact: true }).click();
    await pos.getByText('No connection. 3 waiting to be sent; they go out in order when the connection returns.').waitFor();

    await pos.reload();
    await pos.getByText(/No connection. 3 waiting/).waitFor();
    await line(pos, 'Salada caprese').getByText('waiting', { exact: true }).waitFor();
    await line(pos, 'Pudim de leite condensado').getByText('waiting', { exact: true }).waitFor();
    await screenshot(pos, 'pos-1024x768-offline');

    await pos.context().setOffline(false);
    await line(pos, 'Salada caprese').getByText('fired', { exact: true }).waitFor({ timeout: 15_000 });
    await pos.getByRole('button', { name: 'Fire course 2' }).waitFor();
    await pos
      .locator('offline-banner')
      .getByText(/No connection/)
      .waitFor({ state: 'hidden' });

    const { body } = await api.get<{ orders: OrderView[] }>('/api/orders?status=OPEN&table=9');
    expect(body.orders).toHaveLength(1);
    const order = body.orders[0]!;
    expect(order.items.map((i) => [i.name, i.course, i.status])).toEqual([
      ['Salada caprese', 1, 'FIRED'],
      ['Pudim de leite condensado', 2, 'NEW'],
    ]);
    const history = await api.get<{ events: { type: string }[] }>(`/api/orders/${order.id}/history`);
    const types = history.body.events.map((e) => e.type);
    expect(types.filter((t) => t === 'ItemAdded')).toHaveLength(2);
    expect(types.filter((t) => t === 'OrderSent')).toHaveLength(1);
    const cold = await api.get<{ tickets: TicketView[] }>('/api/stations/cold/tickets');
    expect(cold.body.tickets.filter((t) => t.orderId === order.id).flatMap((t) => t.items.map((i) => i.name))).toEqual([
      'Salada caprese',
    ]);
  });

  it("greys out a product the manager 86's, live, so it cannot be rung, and brings it back", async () => {
    const pos = await open('/pos/?terminal=pos-2', LANDSCAPE);
    await logIn(pos, '1111');
    await pos.getByRole('button', { name: 'Table 11, free' }).click();
    await pos.getByText(/Order #\d+/).waitFor();
    const mandioca = pos.getByRole('button', { name: 'Mandioca frita' });
    expect(await mandioca.getAttribute('aria-disabled')).toBeNull();

    expect((await api.request('PATCH', '/api/menu/products/mandioca-frita', { available: false })).status).toBe(200);
    await expect.poll(() => mandioca.getAttribute('aria-disabled')).toBe('true');
    await mandioca.getByText("86'd: not available").waitFor();
    await screenshot(pos, 'pos-1024x768-86');
    await mandioca.click({ force: true });
    await pos.getByRole('button', { name: 'Batata frita' }).click();
    await line(pos, 'Batata frita').waitFor();
    expect(await line(pos, 'Mandioca frita').count()).toBe(0);

    expect((await api.request('PATCH', '/api/menu/products/mandioca-frita', { available: true })).status).toBe(200);
    await expect.poll(() => mandioca.getAttribute('aria-disabled')).toBeNull();
  });

  it("voids a fired item from the POS with a reason and the manager's PIN: the grill strikes it off its ticket and the total drops", async () => {
    const kds = await open('/kds/?station=grill', KDS_LARGE);
    await logIn(kds, '3333');
    const pos = await open('/pos/?terminal=pos-1', LANDSCAPE);
    await logIn(pos, '1111');
    await pos.getByRole('button', { name: 'Table 12, free' }).click();
    await pos.getByRole('button', { name: 'Picanha na brasa' }).click();
    await pos.getByRole('button', { name: 'Fraldinha acebolada' }).click();
    await line(pos, 'Fraldinha acebolada').getByText('new', { exact: true }).waitFor();
    await pos.getByRole('button', { name: 'Send', exact: true }).click();
    const ticket = kds.locator('kds-ticket').filter({ has: kds.getByRole('button', { name: /^Bump order #\d+, Table 12$/ }) });
    await ticket.getByText('Fraldinha acebolada').waitFor();
    await line(pos, 'Fraldinha acebolada').getByText('fired', { exact: true }).waitFor();

    // Void, then why; "Keep it" changes nothing.
    await line(pos, 'Fraldinha acebolada').getByRole('button', { name: 'Void Fraldinha acebolada' }).click();
    const why = pos.getByRole('group', { name: 'Why void Fraldinha acebolada?' });
    await why.getByRole('button', { name: 'Keep it' }).click();
    await why.waitFor({ state: 'detached' });
    await line(pos, 'Fraldinha acebolada').getByRole('button', { name: 'Void Fraldinha acebolada' }).click();
    await screenshot(pos, 'pos-1024x768-void-why');
    await why.getByRole('button', { name: 'Guest changed their mind' }).click();

    // Food already fired: a manager approves on the same tablet. A wrong PIN is refused, and the manager tries again.
    const approval = pos.getByRole('dialog', { name: "Manager's approval" });
    await approval.getByText('Void Fraldinha acebolada').waitFor();
    await screenshot(pos, 'pos-1024x768-approval');
    const typePin = async (pin: string) => {
      for (const digit of pin) await approval.getByRole('button', { name: digit, exact: true }).click();
      await approval.getByRole('button', { name: 'Approve' }).click();
    };
    await typePin('9999');
    await approval.getByText("That PIN is wrong or not a manager's: try again.").waitFor();
    await screenshot(pos, 'pos-1024x768-approval-refused');
    expect(await line(pos, 'Fraldinha acebolada').getByText('fired', { exact: true }).count()).toBe(1);
    await typePin('1234');
    await approval.waitFor({ state: 'hidden' });
    await line(pos, 'Fraldinha acebolada').getByText('voided', { exact: true }).waitFor();
    // R$89.90 left, and the table's 10 % service charge.
    await pos.locator('pos-order').locator('.total').getByText('R$98.89').waitFor();
    await screenshot(pos, 'pos-1024x768-voided');

    // The grill's ticket keeps the line, struck off, and the rest of the ticket stands.
    await ticket.locator('li.voided').filter({ hasText: 'Fraldinha acebolada' }).waitFor();
    expect(await ticket.locator('li.voided').filter({ hasText: 'Picanha na brasa' }).count()).toBe(0);
    await screenshot(kds, 'kds-1920x1080-voided');

    // The order's log keeps why, for the manager.
    const { body } = await api.get<{ orders: OrderView[] }>('/api/orders?status=OPEN&table=12');
    const order = body.orders[0]!;
    expect(order.items.map((i) => [i.name, i.status])).toEqual([
      ['Picanha na brasa', 'FIRED'],
      ['Fraldinha acebolada', 'VOIDED'],
    ]);
    const db = new pg.Client({ connectionString: node.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ reason: string; approvedBy: string }>(
        `SELECT data->>'reason' AS reason, data->>'approvedBy' AS "approvedBy" FROM events WHERE stream_id = $1 AND type = 'ItemVoided'`,
        [order.id],
      );
      expect(rows).toEqual([{ reason: 'Guest changed their mind', approvedBy: 'maria' }]);
    } finally {
      await db.end();
    }
  });

  it('paints each screen fast; screenshots of the kitchen at both sizes', async () => {
    // A lunch rush on the grill, so that the kitchen's screenshots show a full rail.
    const waiter = await ApiClient.login(node.baseUrl, 'pos-2', '1111');
    const rush: [number, [string, Record<string, unknown>][]][] = [
      [
        2,
        [
          ['picanha', { quantity: 2, notes: 'mal passada, sem sal grosso' }],
          ['batata-frita', {}],
        ],
      ],
      [
        4,
        [
          ['fraldinha', {}],
          ['linguica', { quantity: 3 }],
          ['salmao', { course: 2, notes: 'sem pele' }],
        ],
      ],
      [
        8,
        [
          ['hamburguer', { notes: 'sem cebola' }],
          ['frango-grelhado', {}],
          ['salada-caprese', {}],
        ],
      ],
      [
        11,
        [
          ['picanha', {}],
          ['salmao', { notes: 'bem passado' }],
          ['chopp', { quantity: 4 }],
        ],
      ],
      [
        12,
        [
          ['linguica', {}],
          ['hamburguer', { quantity: 2 }],
        ],
      ],
    ];
    for (const [table, items] of rush) {
      const id = await waiter.openOrder(table);
      for (const [product, extra] of items) await waiter.addItem(id, product, extra);
      await waiter.send(id);
    }
    const timings: Record<string, { useful: number | null; fcp: number | null }> = {};
    for (const [name, url, pin, viewport, slowdown] of [
      ['pos, CPU ÷4', '/pos/?terminal=pos-1', '1111', LANDSCAPE, 4],
      ['kds, CPU ÷4', '/kds/?station=grill', '3333', KDS_LARGE, 4],
    ] as const) {
      const page = await open(url, viewport, slowdown);
      timings[`${name} (PIN pad, first visit)`] = await paintTimings(page);
      await logIn(page, pin);
      await page.reload();
      timings[`${name} (logged in, reload)`] = await paintTimings(page);
    }
    for (const [name, url, pin, viewport] of [
      ['pos', '/pos/?terminal=pos-1', '1111', LANDSCAPE],
      ['kds', '/kds/?station=grill', '3333', KDS_LARGE],
      ['expo', '/expo/', '1234', KDS_SMALL],
      ['customer', '/customer/?pair=pos-1', '1234', KDS_SMALL],
    ] as const) {
      const page = await open(url, viewport);
      timings[`${name} (PIN pad, first visit)`] = await paintTimings(page);
      await logIn(page, pin);
      await page.reload();
      timings[`${name} (logged in, reload)`] = await paintTimings(page);
      if (name === 'kds') {
        await page.locator('kds-ticket').first().waitFor();
        await screenshot(page, 'kds-1920x1080');
        await page.setViewportSize(KDS_SMALL);
        await screenshot(page, 'kds-1280x800');
      }
    }
    writeFileSync(path.join(SCREENSHOTS, 'paint-timings.json'), JSON.stringify(timings, null, 2));
    console.table(timings);
    for (const t of Object.values(timings)) expect(t.useful).not.toBeNull();
  }, 180_000);
});
