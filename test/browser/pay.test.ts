import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { equalShares } from '../../shared/contract/check.js';
import type { OrderView } from '../../shared/contract/index.js';
import { startAcquirer, type RunningAcquirer } from '../../simulators/acquirer/acquirer.js';
import { ApiClient, startTestNode, type TestNode } from '../harness.js';
import { DIST, ensureBuilt, launchChromium, logIn, screenshot } from './support.js';

const POS = { width: 1280, height: 800 };

/** Money as the screens show it in English: R$1,234.56. */
const brl = (cents: number) => new Intl.NumberFormat('en', { style: 'currency', currency: 'BRL' }).format(cents / 100);

describe('paying a check on the POS, and the customer display, in Chromium', () => {
  let node: TestNode;
  let browser: Browser;
  let acquirers: RunningAcquirer[];
  let manager: ApiClient;
  let waiter: ApiClient;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  async function open(url: string): Promise<Page> {
    const context = await browser.newContext({ viewport: POS, locale: 'en-US' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(`${url}: ${error.message}`));
    await page.goto(`${node.baseUrl}${url}`);
    return page;
  }

  /**
   * Skips the test while the server has no such route on an order (a 404 NOT_FOUND, not an unknown order): its
   * steps wait on that work, and run by themselves once it lands.
   */
  async function needs(ctx: TestContext, ...routes: string[]) {
    for (const route of routes) {
      const answer = await manager.post<{ type?: string }>(`/api/orders/${crypto.randomUUID()}/${route}`, {});
      if (answer.status === 404 && answer.body.type === 'NOT_FOUND')
        ctx.skip(`the server has no POST /api/orders/:id/${route} yet`);
    }
  }

  /** A check for a table, rung and sent by the waiter on pos-1. */
  async function ring(table: number, products: [string, number][]): Promise<string> {
    const id = await waiter.openOrder(table);
    for (const [productId, quantity] of products) expect((await waiter.addItem(id, productId, { quantity })).status).toBe(200);
    expect((await waiter.send(id)).status).toBe(200);
    return id;
  }

  /** Every acquirer from now on: ok, down (503, nothing done) or slow (done, answered late). */
  const mode = (m: 'ok' | 'down' | 'slow') =>
    Promise.all(
      acquirers.map((a) =>
        fetch(`${a.url}/mode`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ mode: m }),
        }),
      ),
    );

  const order = async (id: string) => (await manager.get<OrderView>(`/api/orders/${id}`)).body;

  /** The POS, a cashier logged in, on that table's pay screen. */
  async function payScreen(table: number, state: string) {
    const pos = await open('/pos/?terminal=pos-1');
    await logIn(pos, '2222');
    await pos.getByRole('button', { name: `Table ${table}, ${state}` }).click();
    await pos.locator('pos-order').getByRole('button', { name: 'Pay', exact: true }).click();
    const pay = pos.locator('pos-pay');
    await pay.getByRole('region', { name: 'Take payment' }).waitFor();
    return { pos, pay };
  }

  async function approve(pos: Page, subject: string) {
    const dialog = pos.getByRole('dialog', { name: "Manager's approval" });
    await dialog.getByText(subject).waitFor();
    for (const digit of '1234') await dialog.getByRole('button', { name: digit, exact: true }).click();
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await dialog.waitFor({ state: 'hidden' });
  }

  /** Waits until the pay screen shows what the server says is left to pay. */
  async function dueShows(pay: ReturnType<Page['locator']>, orderId: string) {
    const { totals } = await order(orderId);
    await pay.getByLabel(`Due ${brl(totals.dueCents)}`, { exact: true }).waitFor();
    return totals;
  }

  beforeAll(async () => {
    await ensureBuilt();
    // Slow answers (mode slow) come 5 s late, past the node's 500 ms: a charge whose outcome is unknown stays pending.
    acquirers = await Promise.all(['main', 'backup'].map((name) => startAcquirer({ port: 0, name, slowMs: 5000 })));
    node = await startTestNode({
      screensDir: DIST,
      acquirers: acquirers.map(({ name, url }) => ({ name, url })),
      acquirerTimeoutMs: 500,
    });
    browser = await launchChromium();
    manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    // Cash goes into the drawer of the terminal it is taken on.
    const cashier = await ApiClient.login(node.baseUrl, 'pos-1', '2222');
    expect((await cashier.post('/api/drawers/drawer-1/open', { commandId: crypto.randomUUID(), floatCents: 10000 })).status).toBe(
      200,
    );
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await node?.stop();
    await Promise.all((acquirers ?? []).map((a) => a.close()));
  });

  it('shows what is due, gives a discount and waives the service with the manager’s PIN, splits by item and in equal shares, and will not close a table that owes', async (ctx) => {
    await needs(ctx, 'discounts', 'service', 'split', 'close');
    const id = await ring(7, [
      ['picanha', 1],
      ['caipirinha', 2],
      ['guarana', 1],
    ]);
    const customer = await open('/customer/?pair=pos-1');
    await logIn(customer, '1111');
    const { pos, pay } = await payScreen(7, 'in the kitchen');
    let totals = await dueShows(pay, id);
    expect(totals.serviceCents).toBeGreaterThan(0);
    await customer.locator('.total').getByText(brl(totals.totalCents)).waitFor();
    await screenshot(pos, 'pos-1280x800-pay');

    await pay.getByRole('button', { name: 'Discount', exact: true }).click();
    const discount = pay.getByRole('group', { name: 'Discount' });
    await discount.getByRole('spinbutton', { name: 'Percent' }).fill('10');
    await discount.getByRole('textbox', { name: 'Reason' }).fill('Birthday');
    await discount.getByRole('button', { name: 'Give discount' }).click();
    const { number } = await order(id);
    await approve(pos, `A discount of 10% on order #${number}`);
    await pay.getByText('Discount 10% · Birthday').waitFor();
    totals = await dueShows(pay, id);
    expect(totals.discountCents).toBe(Math.floor((totals.subtotalCents * 10 + 50) / 100));
    // The customer sees the discount and the service charge, and the new total.
    await customer.getByText(`Discount −${brl(totals.discountCents)}`).waitFor();
    await customer.locator('.total').getByText(brl(totals.totalCents)).waitFor();

    await pay.getByRole('button', { name: 'Waive service', exact: true }).click();
    const waive = pay.getByRole('group', { name: 'Waive service' });
    await waive.getByRole('textbox', { name: 'Reason' }).fill('Slow service');
    await waive.getByRole('button', { name: 'Waive service' }).click();
    await approve(pos, `Waive the service charge on order #${number}`);
    await pay.getByText('Service charge (waived)').waitFor();
    totals = await dueShows(pay, id);
    expect(totals.serviceCents).toBe(0);

    // Something is due: the table does not close, and the screen says how much.
    await pay.getByRole('button', { name: 'Close table' }).click();
    await pay
      .getByRole('alert')
      .getByText(`${brl(totals.dueCents)} is still due: take payment before closing the table.`)
      .waitFor();
    await screenshot(pos, 'pos-1280x800-pay-amount-due');

    // The caipirinhas go onto a check of their own, which the screen then shows.
    await pay.getByRole('button', { name: 'Split', exact: true }).click();
    await pay.getByRole('checkbox', { name: '2× Caipirinha de limão' }).check();
    await pay.getByRole('button', { name: 'Move 1 to a new check' }).click();
    const checks = pay.getByRole('group', { name: "The table's checks" });
    await checks.getByRole('button', { name: new RegExp(`^Order #${number} ·`) }).waitFor();
    const { body: open7 } = await manager.get<{ orders: OrderView[] }>('/api/orders?status=OPEN&table=7');
    const split = open7.orders.find((o) => o.id !== id)!;
    expect(split.items.map((i) => [i.productId, i.quantity])).toEqual([['caipirinha', 2]]);
    expect((await order(id)).items.map((i) => i.productId)).toEqual(['picanha', 'guarana']);
    await checks.getByRole('button', { name: new RegExp(`^Order #${split.number} ·`), pressed: true }).waitFor();
    await dueShows(pay, split.id);

    // Four guests share it: the shares add up to what it owes, the odd cent on the first.
    await pay.getByRole('button', { name: 'Equal shares', exact: true }).click();
    const shares = pay.getByRole('group', { name: 'Equal shares' });
    await shares.getByRole('button', { name: 'One more' }).click();
    await shares.getByRole('button', { name: 'One more' }).click();
    await shares.getByRole('button', { name: 'Split in 4' }).click();
    const expected = equalShares(split.totals.dueCents, 4);
    expect(expected.reduce((s, c) => s + c, 0)).toBe(split.totals.dueCents);
    const list = pay.getByRole('list', { name: 'Equal shares' });
    for (const [i, cents] of expected.entries()) await list.getByText(`Share ${i + 1} · ${brl(cents)}`).waitFor();
    await expect.poll(() => pay.getByRole('textbox', { name: 'Amount', exact: true }).inputValue()).toBe(brl(expected[0]!));
    await screenshot(pos, 'pos-1280x800-pay-split-shares');
    await screenshot(customer, 'customer-1280x800-due');
    expect(errors).toEqual([]);
  });

  it('takes a card declined then approved with a tip, cash from the keypad with its change, and a PIX shown as a QR code until the bank confirms it; then closes the table', async (ctx) => {
    await needs(ctx, 'payments', 'close');
    const id = await ring(8, [
      ['picanha', 1],
      ['batata-frita', 1],
    ]);
    const customer = await open('/customer/?pair=pos-1');
    await logIn(customer, '1111');
    const { pos, pay } = await payScreen(8, 'in the kitchen');
    const { dueCents } = await dueShows(pay, id);
    const amount = pay.getByRole('textbox', { name: 'Amount', exact: true });

    await pay.getByRole('button', { name: 'Card', exact: true }).click();
    await amount.fill('50.00');
    await pay.getByRole('combobox', { name: 'Test card' }).selectOption('tok_declined');
    await pay.getByRole('button', { name: 'Charge card' }).click();
    await pay.getByRole('alert').getByText('Declined by the card issuer: ask for another card.').waitFor();
    await screenshot(pos, 'pos-1280x800-pay-declined');
    await pay.getByRole('combobox', { name: 'Test card' }).selectOption('tok_visa');
    await pay.getByRole('textbox', { name: 'Tip' }).fill('5');
    await pay.getByText('The card is charged R$55.00.').waitFor();
    await pay.getByRole('button', { name: 'Charge card' }).click();
    await pay.getByText('Card approved: R$55.00').waitFor();
    await dueShows(pay, id);

    // Cash for part of what is left, typed on the keypad; the change shows in large type before and after.
    await pay.getByRole('button', { name: 'Cash', exact: true }).click();
    await amount.fill('26.28');
    const keypad = pay.getByRole('group', { name: 'Keypad for Received' });
    for (const key of ['3', '0']) await keypad.getByRole('button', { name: key, exact: true }).click();
    await expect.poll(() => pay.getByRole('textbox', { name: 'Received' }).inputValue()).toBe('30');
    await pay.getByLabel('Change due R$3.72').waitFor();
    await pay.getByRole('group', { name: 'Quick amounts' }).getByRole('button', { name: 'R$50.00' }).waitFor();
    await screenshot(pos, 'pos-1280x800-pay-cash');
    await pay.getByRole('button', { name: 'Take cash' }).click();
    await pay.getByText('Give R$3.72 change').waitFor();
    const left = dueCents - 5000 - 2628;
    await pay.getByLabel(`Due ${brl(left)}`, { exact: true }).waitFor();

    // The rest by PIX: its QR code on the POS and on the customer display, until the (simulated) bank confirms it.
    await pay.getByRole('button', { name: 'PIX', exact: true }).click();
    await pay.getByRole('button', { name: 'Show PIX QR code' }).click();
    await pay.getByRole('img', { name: `PIX QR code for ${brl(left)}` }).waitFor();
    await customer.getByRole('img', { name: `PIX QR code for ${brl(left)}` }).waitFor();
    await customer.getByText('Scan with your bank app to pay by PIX').waitFor();
    await screenshot(pos, 'pos-1280x800-pay-pix');
    await screenshot(customer, 'customer-1280x800-pix');
    await pay.getByText(`PIX paid: ${brl(left)}`).waitFor({ timeout: 15_000 });
    await pay.getByText('Paid in full').waitFor();
    await customer.getByText('Paid, thank you!').waitFor();
    await screenshot(customer, 'customer-1280x800-paid');
    const paid = await order(id);
    expect(paid.status).toBe('PAID');
    expect(paid.payments.map((p) => [p.method, p.status, p.amountCents, p.tipCents])).toEqual([
      ['CARD', 'APPROVED', 5000, 500],
      ['CASH', 'APPROVED', 2628, 0],
      ['PIX', 'APPROVED', left, 0],
    ]);
    expect(paid.payments[1]).toMatchObject({ tenderedCents: 3000, changeCents: 372 });

    await pay.getByRole('button', { name: 'Close table' }).click();
    await pos.getByRole('button', { name: 'Table 8, free' }).waitFor();
    expect((await order(id)).status).toBe('CLOSED');
    expect(errors).toEqual([]);
  });

  it('says card payments are down while every acquirer is, takes the card once they are back, and refunds it', async (ctx) => {
    await needs(ctx, 'payments');
    const id = await ring(9, [['cafe', 1]]);
    const { pos, pay } = await payScreen(9, 'in the kitchen');
    const { dueCents } = await dueShows(pay, id);
    const charges = async () =>
      ((await (await fetch(`${acquirers[0]!.url}/ledger`)).json()) as { charges: unknown[] }).charges.length;
    const chargedBefore = await charges();
    await mode('down');
    await pay.getByRole('button', { name: 'Card', exact: true }).click();
    await pay.getByRole('button', { name: 'Charge card' }).click();
    await pay.getByRole('alert').getByText('Card payments are down: take cash or PIX.').waitFor();
    await screenshot(pos, 'pos-1280x800-pay-cards-down');
    await mode('ok');
    // The same charge tapped again: one payment, charged once.
    await pay.getByRole('button', { name: 'Charge card' }).click();
    await pay.getByText(`Card approved: ${brl(dueCents)}`).waitFor();
    expect(await charges()).toBe(chargedBefore + 1);

    const payments = pay.getByRole('list', { name: 'Payments' });
    await payments.getByRole('button', { name: `Refund Card ${brl(dueCents)}` }).click();
    const refund = payments.getByRole('group', { name: `Refund Card ${brl(dueCents)}` });
    await refund.getByRole('textbox', { name: 'Reason' }).fill('Charged to the wrong table');
    await refund.getByRole('button', { name: 'Refund' }).click();
    await payments.getByText('refunded', { exact: true }).waitFor();
    await dueShows(pay, id);
    expect((await order(id)).payments[0]).toMatchObject({ status: 'REFUNDED', refundedCents: dueCents });
    expect(errors).toEqual([]);
  });

  it('shows a card charge whose answer never came as pending, and takes nothing more while it is', async (ctx) => {
    await needs(ctx, 'payments');
    const id = await ring(10, [['chopp', 2]]);
    const { pos, pay } = await payScreen(10, 'in the kitchen');
    const { dueCents } = await dueShows(pay, id);
    await mode('slow');
    await pay.getByRole('button', { name: 'Card', exact: true }).click();
    await pay.getByRole('button', { name: 'Charge card' }).click();
    await pay
      .getByText('Card payment pending: the acquirer has not answered yet.', { exact: false })
      .waitFor({ timeout: 20_000 });
    await pay.getByRole('list', { name: 'Payments' }).getByText('pending', { exact: true }).waitFor();
    await pay.getByText(`${brl(dueCents)} waiting for confirmation`).waitFor();
    // It may yet be charged: nothing is left to take, so no tender is offered.
    expect(await pay.getByRole('button', { name: 'Charge card' }).count()).toBe(0);
    await screenshot(pos, 'pos-1280x800-pay-card-pending');
    expect((await order(id)).payments).toMatchObject([{ method: 'CARD', status: 'PENDING', amountCents: dueCents }]);
    await mode('ok');
    expect(errors).toEqual([]);
  });
});
