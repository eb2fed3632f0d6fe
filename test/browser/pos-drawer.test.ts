import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrawerView } from '../../shared/contract/index.js';
import { ApiClient, startTestNode, type TestNode } from '../harness.js';
import { DIST, ensureBuilt, launchChromium, logIn, screenshot } from './support.js';

const LANDSCAPE = { width: 1024, height: 768 };
const PORTRAIT = { width: 768, height: 1024 };

describe("the cashier's drawer on the POS, in Chromium", () => {
  let node: TestNode;
  let browser: Browser;
  let manager: ApiClient;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  async function open(url: string, locale = 'en-US'): Promise<Page> {
    const context = await browser.newContext({ viewport: LANDSCAPE, locale });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(`${url}: ${error.message}`));
    await page.goto(`${node.baseUrl}${url}`);
    return page;
  }

  beforeAll(async () => {
    await ensureBuilt();
    node = await startTestNode({ screensDir: DIST });
    browser = await launchChromium();
    manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await node?.stop();
  });

  it('opens with a float, pays in, pays out over the limit with the manager’s PIN, counts blind and closes short, shown only after', async () => {
    const pos = await open('/pos/?terminal=pos-1');
    await logIn(pos, '2222');
    await pos.getByRole('button', { name: 'Cash drawer', exact: true }).click();
    const drawer = pos.locator('pos-drawer');
    await drawer.getByText('Cash drawer drawer-1').waitFor();
    await screenshot(pos, 'pos-1024x768-drawer-closed');

    // What is not money is refused on the screen, before anything is sent.
    await drawer.getByRole('textbox', { name: 'Float' }).fill('abc');
    await drawer.getByRole('button', { name: 'Open drawer' }).click();
    await drawer.getByText('Type an amount in Float, e.g. R$50.00.').waitFor();
    await drawer.getByRole('textbox', { name: 'Float' }).fill('R$300.00');
    await drawer.getByRole('button', { name: 'Open drawer' }).click();
    await drawer.getByText('open', { exact: true }).waitFor();

    await drawer.getByRole('textbox', { name: 'Amount' }).fill('50');
    await drawer.getByRole('textbox', { name: 'Reason' }).fill('Change from the bank');
    await drawer.getByRole('button', { name: 'Pay in' }).click();
    await drawer.getByText('Done: Pay in R$50.00').waitFor();

    // Over PAYOUT_LIMIT_CENTS (R$200.00): the manager approves on the same tablet.
    await drawer.getByRole('textbox', { name: 'Amount' }).fill('250,00');
    await drawer.getByRole('textbox', { name: 'Reason' }).fill('Ice delivery');
    await drawer.getByRole('button', { name: 'Pay out' }).click();
    const dialog = pos.getByRole('dialog', { name: "Manager's approval" });
    await dialog.getByText('Pay out R$250.00').waitFor();
    await screenshot(pos, 'pos-1024x768-drawer-approval');
    await pos.setViewportSize(PORTRAIT);
    await screenshot(pos, 'pos-768x1024-drawer-approval');
    await pos.setViewportSize(LANDSCAPE);
    for (const digit of '1234') await dialog.getByRole('button', { name: digit, exact: true }).click();
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await drawer.getByText('Done: Pay out R$250.00').waitFor();
    await screenshot(pos, 'pos-1024x768-drawer-open');
    await pos.setViewportSize(PORTRAIT);
    await screenshot(pos, 'pos-768x1024-drawer-open');
    await pos.setViewportSize(LANDSCAPE);
    // The cashier is never shown what the drawer should hold (R$100.00), not even before the count.
    expect(await drawer.getByText('R$100.00').count()).toBe(0);

    await drawer.getByRole('button', { name: 'Count', exact: true }).click();
    await drawer.getByText('counting', { exact: true }).waitFor();
    const counted = drawer.getByRole('textbox', { name: 'Counted' });
    await counted.waitFor();
    // The blind count: nothing of what the drawer should hold, nor any over/short, while counting.
    for (const hidden of ['R$100.00', 'Expected', 'Cash in drawer', 'Short', 'Over', 'Done:', 'R$250.00', 'R$50.00']) {
      expect(await pos.getByText(hidden).count(), hidden).toBe(0);
    }
    await screenshot(pos, 'pos-1024x768-drawer-count');

    await counted.fill('95.00');
    await drawer.getByRole('button', { name: 'Close drawer' }).click();
    const result = drawer.getByRole('status', { name: 'Drawer closed' });
    await result.getByText('Short').waitFor();
    await result.getByText('R$5.00').waitFor();
    await result.getByText('R$100.00').waitFor();
    await drawer.getByText('closed', { exact: true }).waitFor();
    await screenshot(pos, 'pos-1024x768-drawer-closed-short');

    const { body } = await manager.get<DrawerView>('/api/drawers/drawer-1');
    expect(body.status).toBe('CLOSED');
    expect(body.lastClose).toMatchObject({ expectedCents: 10000, countedCents: 9500, overShortCents: -500, cashierId: 'carla' });
    expect(body.movements.map((m) => [m.type, m.amountCents, m.reason ?? null, m.approvedBy ?? null])).toEqual([
      ['FLOAT', 30000, null, null],
      ['PAY_IN', 5000, 'Change from the bank', null],
      ['PAY_OUT', 25000, 'Ice delivery', 'maria'],
    ]);
    expect(errors).toEqual([]);
  });

  it('asks for the manager’s PIN for a no-sale, in Portuguese, and sends nothing while offline', async () => {
    const cashier = await ApiClient.login(node.baseUrl, 'pos-2', '2222');
    expect((await cashier.post('/api/drawers/drawer-2/open', { commandId: crypto.randomUUID(), floatCents: 10000 })).status).toBe(
      200,
    );
    const pos = await open('/pos/?terminal=pos-2', 'pt-BR');
    for (const digit of '2222') await pos.getByRole('button', { name: digit, exact: true }).click();
    await pos.getByRole('button', { name: 'Entrar' }).click();
    await pos.getByRole('button', { name: 'Caixa', exact: true }).click();
    const drawer = pos.locator('pos-drawer');
    await drawer.getByRole('textbox', { name: 'Motivo' }).fill('Troco para cliente');
    await pos.context().setOffline(true);
    await drawer.getByRole('button', { name: 'Abrir sem venda' }).click();
    const dialog = pos.getByRole('dialog', { name: 'Aprovação do gerente' });
    await dialog.getByText(/A aprovação precisa de conexão/).waitFor();
    expect(await dialog.getByRole('button', { name: 'Aprovar' }).isDisabled()).toBe(true);
    await screenshot(pos, 'pos-1024x768-approval-offline-pt');
    await pos.context().setOffline(false);
    await dialog.getByText(/A aprovação precisa de conexão/).waitFor({ state: 'detached', timeout: 15_000 });
    for (const digit of '1234') await dialog.getByRole('button', { name: digit, exact: true }).click();
    await dialog.getByRole('button', { name: 'Aprovar' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await drawer.getByText('Feito: a gaveta foi aberta sem venda').waitFor();
    const { body } = await manager.get<DrawerView>('/api/drawers/drawer-2');
    expect(body.movements.at(-1)).toMatchObject({ type: 'NO_SALE', reason: 'Troco para cliente', approvedBy: 'maria' });

    // A manager's pay-in elsewhere reaches the cashier's screen live, on the drawers topic.
    const payIn = { commandId: crypto.randomUUID(), amountCents: 1000, reason: 'Troco do cofre' };
    expect((await manager.post('/api/drawers/drawer-2/pay-in', payIn)).status).toBe(200);
    await drawer.getByText('Feito: Suprimento R$ 10,00').waitFor();
    expect(errors).toEqual([]);
  });

  it('says no business day is open when a table cannot be opened, and lets a manager open the day there', async () => {
    const pos = await open('/pos/?terminal=pos-1');
    await logIn(pos, '1111');
    await pos.getByRole('button', { name: 'Table 4, free' }).waitFor();
    // The day closes once every drawer is closed (a manager may close a cashier's).
    for (const [action, body] of [
      ['count', {}],
      ['close', { countedCents: 10000 }],
    ] as const) {
      const answer = await manager.post(`/api/drawers/drawer-2/${action}`, { commandId: crypto.randomUUID(), ...body });
      expect(answer.status).toBe(200);
    }
    expect((await manager.post('/api/day/close', { commandId: crypto.randomUUID() })).status).toBe(200);

    const banner = pos.getByRole('alert').filter({ hasText: 'No business day is open' });
    await banner.waitFor();
    await pos.getByRole('button', { name: 'Table 4, free' }).click();
    // The open is refused (409 DAY_NOT_OPEN): the order that never opened leaves the screen, the banner says why.
    await pos.locator('pos-order').waitFor({ state: 'detached' });
    await pos.getByRole('button', { name: 'Table 4, free' }).waitFor();
    expect((await manager.get<{ orders: unknown[] }>('/api/orders?table=4')).body.orders).toEqual([]);
    expect(await pos.getByText(/Not accepted/).count()).toBe(0);
    await banner.getByText('Ask a manager to open the day on the manager screen (/manager/).').waitFor();
    expect(await banner.getByRole('button').count()).toBe(0);
    await screenshot(pos, 'pos-1024x768-no-day');

    await pos.getByRole('button', { name: 'Lock' }).click();
    await logIn(pos, '1234');
    await banner.getByRole('button', { name: 'Open the business day' }).waitFor();
    await screenshot(pos, 'pos-1024x768-no-day-manager');
    await banner.getByRole('button', { name: 'Open the business day' }).click();
    await pos.getByText('Day 2 is open.').waitFor();
    await banner.waitFor({ state: 'detached' });
    await pos.getByRole('button', { name: 'Table 4, free' }).click();
    await pos.getByText(/Order #\d+/).waitFor();
    expect(errors).toEqual([]);
  });
});
