import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCKOUT } from '../../gateway/pin-lockout.js';
import { ApiClient, startTestNode, type TestNode } from '../harness.js';
import { DIST, ensureBuilt, launchChromium, logIn } from './support.js';

const TABLET = { width: 1280, height: 800 };
/** Screenshots to look at, never committed: MANAGER_SHOTS, or shots in the temporary directory. */
const SHOTS = process.env.MANAGER_SHOTS ?? path.join(os.tmpdir(), 'shots');
/** The terminal goes offline a grace period after its last socket left: wait past it, assert nothing about it. */
const OFFLINE_WAIT_MS = 45_000;

describe('the manager screen in Chromium', () => {
  let node: TestNode;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  async function open(url: string, viewport = TABLET): Promise<{ page: Page; context: BrowserContext }> {
    const context = await browser.newContext({ viewport, locale: 'en-US' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(`${url}: ${error.message}`));
    await page.goto(`${node.baseUrl}${url}`);
    return { page, context };
  }

  async function shot(page: Page, name: string): Promise<void> {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  }

  beforeAll(async () => {
    await ensureBuilt();
    node = await startTestNode({ screensDir: DIST });
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await node?.stop();
  });

  it('shows the terminals, stations and drawers live, closes and opens the day, reads the X report and verifies the audit chain', async () => {
    const { page: mgr } = await open('/manager/');
    await logIn(mgr, '1234');
    const row = (id: string) => mgr.getByRole('row', { name: id, exact: true });
    const card = (id: string) => mgr.getByRole('article', { name: id, exact: true });

    // Every terminal is a row; the manager's own is in use.
    await row('mgr-1').getByText('In use').waitFor();
    await row('kds-grill').getByText('Offline').waitFor();
    for (const id of ['grill', 'fryer', 'cold', 'bar']) await card(id).waitFor();
    await card('drawer-1').getByText('Closed').waitFor();

    // The demo opens day 1 with nothing in it: close it (its Z report shows), then open the next for today.
    await mgr.getByRole('tab', { name: 'Day and reports' }).click();
    await mgr.getByText('Day 1 · ').first().waitFor();
    await mgr.getByRole('button', { name: 'Close day' }).click();
    await mgr.getByRole('heading', { name: /^Z report 1 · / }).waitFor();
    await mgr.getByRole('button', { name: 'Z report 1' }).waitFor();
    const date = mgr.getByLabel('Business date');
    await expect.poll(() => date.inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const today = await date.inputValue();
    // A date after today is refused, and the manager is told why.
    await date.fill('2999-01-01');
    await mgr.getByRole('button', { name: 'Open day' }).click();
    await mgr.getByRole('alert').getByText('That date cannot open a day').waitFor();
    await date.fill(today);
    await mgr.getByRole('button', { name: 'Open day' }).click();
    await mgr.getByRole('button', { name: 'X report' }).waitFor();
    await mgr.getByText('Day 2 · ').first().waitFor();

    // A past Z report opens from the list, as it was stored.
    await mgr.getByRole('button', { name: 'Z report 1' }).click();
    await mgr.getByRole('heading', { name: /^Z report 1 · / }).waitFor();

    // A waiter's POS comes online, and goes offline once its page is closed.
    await mgr.getByRole('tab', { name: 'Live' }).click();
    const pos = await open('/pos/?terminal=pos-2', { width: 1024, height: 768 });
    await logIn(pos.page, '1111');
    await row('pos-2').getByText('In use').waitFor();
    await row('pos-2').getByText('wagner').waitFor();
    await shot(mgr, 'manager-live-pos-online');
    await pos.context.close();
    await row('pos-2').getByText('Offline').waitFor({ timeout: OFFLINE_WAIT_MS });

    // A waiter sends an order: the grill's open count goes up and its oldest ticket's age shows.
    await card('grill').getByText('0 open', { exact: true }).waitFor();
    const waiter = await ApiClient.login(node.baseUrl, 'pos-2', '1111');
    const orderId = await waiter.openOrder(4);
    await waiter.addItem(orderId, 'picanha');
    await waiter.addItem(orderId, 'batata-frita');
    expect((await waiter.send(orderId)).status).toBe(200);
    await card('grill').getByText('1 open', { exact: true }).waitFor();
    await card('fryer').getByText('1 open', { exact: true }).waitFor();
    await card('grill')
      .getByText(/Oldest: \d+:\d\d/)
      .waitFor();

    // A cashier opens her drawer and pays in: the manager sees the cash move.
    const cashier = await ApiClient.login(node.baseUrl, 'pos-1', '2222');
    const opened = await cashier.post('/api/drawers/drawer-1/open', { commandId: randomUUID(), floatCents: 10000 });
    expect(opened.status).toBe(200);
    await card('drawer-1').getByText('Cash R$100.00').waitFor();
    await card('drawer-1').getByText('carla').waitFor();
    // Its terminal's row names the drawer open at it, and its user.
    await row('pos-1').getByText('drawer-1').waitFor();
    await row('pos-1').getByText('carla').waitFor();
    const paidIn = await cashier.post('/api/drawers/drawer-1/pay-in', {
      commandId: randomUUID(),
      amountCents: 2500,
      reason: 'change from the bank',
    });
    expect(paidIn.status).toBe(200);
    await card('drawer-1').getByText('Cash R$125.00').waitFor();
    await shot(mgr, 'manager-live');

    // The X report has the day's sales so far; the day cannot close while the drawer and the order are open.
    await mgr.getByRole('tab', { name: 'Day and reports' }).click();
    await mgr.getByRole('button', { name: 'X report' }).click();
    await mgr.getByRole('heading', { name: /^X report · day 2 · / }).waitFor();
    await mgr.getByRole('table', { name: 'By product' }).getByText('Picanha na brasa').waitFor();
    await mgr.getByRole('table', { name: 'Sales' }).getByText('R$114.80').first().waitFor();
    await shot(mgr, 'manager-x-report');
    await mgr.getByRole('button', { name: 'Close day' }).click();
    await mgr.getByRole('alert').getByText('Drawers still open: drawer-1').waitFor();
    const order = (await waiter.get<{ number: number }>(`/api/orders/${orderId}`)).body;
    await mgr.getByRole('alert').getByText(`Orders still open: #${order.number} (table 4)`).waitFor();
    await shot(mgr, 'manager-close-blocked');

    // The audit log, newest first, filtered to the cashier; its chain verifies.
    await mgr.getByRole('tab', { name: 'Audit log' }).click();
    const log = mgr.getByRole('table', { name: 'Audit log' });
    await log.getByRole('row').nth(1).waitFor();
    const seqs = await log.locator('td.seq').allTextContents();
    expect(seqs.map(Number)).toEqual([...seqs.map(Number)].sort((a, b) => b - a));
    await mgr.getByRole('combobox', { name: 'User' }).fill('carla');
    await mgr.getByRole('button', { name: 'Filter' }).click();
    await mgr.getByRole('button', { name: 'Clear filters' }).waitFor();
    await expect
      .poll(async () => new Set((await log.locator('tbody tr td:nth-child(4)').allTextContents()).map((s) => s.trim())))
      .toEqual(new Set(['carla']));
    await mgr.getByRole('button', { name: 'Verify' }).click();
    await mgr.getByText(/Chain intact: \d+ entries checked/).waitFor();
    await shot(mgr, 'manager-audit');

    // The same controls in Brazilian Portuguese.
    await mgr.getByRole('button', { name: 'Português' }).click();
    await mgr.getByRole('tab', { name: 'Dia e relatórios' }).click();
    await mgr.getByRole('button', { name: 'Relatório X' }).click();
    await mgr.getByRole('button', { name: 'Fechar dia' }).waitFor();
    await mgr.getByRole('heading', { name: /^Relatório X · dia 2 · / }).waitFor();
    await shot(mgr, 'manager-x-report-pt');

    // One wrong PIN past the sweep's count, across the terminals, raises the managers' alert, as a banner.
    const guesser = new ApiClient(node.baseUrl);
    const terminals = ['pos-1', 'pos-2', 'kds-grill', 'kds-fryer', 'kds-cold', 'kds-bar'];
    for (let i = 0; i <= LOCKOUT.sweepWrongPins; i++)
      await guesser.post('/api/auth/pin', { terminalId: terminals[i % terminals.length], pin: '0000' });
    await mgr
      .getByRole('alert')
      .getByText(/PINs errados nos terminais/)
      .waitFor();
    await shot(mgr, 'manager-alert-pt');
    await mgr.getByRole('button', { name: 'Fechar aviso' }).click();
    await mgr.getByText(/PINs errados nos terminais/).waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  }, 120_000);
});
