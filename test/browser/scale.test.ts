import { rm } from 'node:fs/promises';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderView } from '../../shared/contract/index.js';
import { startScaleSim, type ScaleSim } from '../../simulators/scale/scale-sim.js';
import { cableFolder, setUpDevice } from '../support/devices.js';
import { missingTools } from '../support/processes.js';
import { ApiClient, startTestNode, type TestNode } from '../harness.js';
import { DIST, ensureBuilt, launchChromium, logIn } from './support.js';

const skip = missingTools(['socat']);

describe.skipIf(skip !== null)('weighing at the POS on its scale (socat pseudo-terminal), in Chromium', () => {
  let node: TestNode;
  let browser: Browser;
  let dir: string;
  let scale: ScaleSim;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  /** A screen in a context of its own, in the language its people read. */
  async function open(url: string, locale: string) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${node.baseUrl}${url}`);
    return page;
  }

  beforeAll(async () => {
    await ensureBuilt();
    dir = await cableFolder('comanda-scale');
    scale = await startScaleSim(dir, 'scale', 'UNSTABLE');
    node = await startTestNode({ screensDir: DIST });
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await node?.stop();
    await scale?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows the live weight and its price, says why it cannot ring while the scale settles, and rings the stable grams; every screen shows the weight, and a new price per kilo reaches the menu live', async () => {
    const manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    await setUpDevice(manager, 'scale-1', {
      kind: 'scale',
      model: 'Toledo Prix 4',
      path: scale.path,
      serves: { terminalId: 'pos-1' },
    });

    // The buffet goes to the cold station; the customer display reads Portuguese.
    const kds = await open('/kds/?station=cold', 'en-US');
    await logIn(kds, '3333');
    const expo = await open('/expo/', 'en-US');
    await logIn(expo, '1234');
    const customer = await open('/customer/?pair=pos-1', 'pt-BR');
    for (const digit of '1111') await customer.getByRole('button', { name: digit, exact: true }).click();
    await customer.getByRole('button', { name: 'Entrar' }).click();
    const pos = await open('/pos/?terminal=pos-1', 'en-US');
    await logIn(pos, '1111');
    await pos.getByRole('button', { name: 'Table 6, free' }).click();
    await pos.getByRole('button', { name: 'Buffet por quilo' }).click();
    const weigh = pos.locator('pos-weigh');
    await weigh.getByText('The weight is still moving: wait a moment.').waitFor();
    const ring = weigh.getByRole('button', { name: /^Ring/ });
    expect(await ring.isDisabled()).toBe(true);
    scale.load = { grams: 482 };
    await weigh.getByText('0.482 kg', { exact: true }).waitFor();
    await weigh.getByText('R$38.51').waitFor();
    await weigh.getByRole('button', { name: 'Ring 0.482 kg' }).click();
    await weigh.waitFor({ state: 'detached' });

    // "new" once the server took it, not while it waits in the outbox.
    const line = pos.locator('pos-order').getByRole('listitem').filter({ hasText: 'Buffet por quilo' });
    await line.getByText('new', { exact: true }).waitFor();
    // Its weight where a unit's count would be, what it was priced at, and its price.
    await line.getByText('0.482 kg', { exact: true }).waitFor();
    await line.getByText('0.482 kg × R$79.90/kg', { exact: true }).waitFor();
    await line.getByText('R$38.51', { exact: true }).waitFor();
    expect(await line.getByText('1×').count()).toBe(0);
    const shown = customer
      .getByRole('list', { name: 'Seu pedido' })
      .getByRole('listitem')
      .filter({ hasText: 'Buffet por quilo' });
    await shown.getByText('0,482 kg', { exact: true }).waitFor();
    await shown.getByText(/^0,482 kg × R\$\s79,90\/kg$/).waitFor();
    await shown.getByText(/^R\$\s38,51$/).waitFor();

    await pos.getByRole('button', { name: 'Send', exact: true }).click();
    const ticket = kds.locator('kds-ticket').getByRole('listitem').filter({ hasText: 'Buffet por quilo' });
    await ticket.getByText('0.482 kg', { exact: true }).waitFor();
    await expo
      .locator('expo-order')
      .getByRole('listitem')
      .filter({ hasText: 'Buffet por quilo' })
      .getByText('0.482 kg')
      .waitFor();
    const waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    const [order] = (await waiter.get<{ orders: OrderView[] }>('/api/orders?table=6')).body.orders;
    const { items } = (await waiter.get<OrderView>(`/api/orders/${order!.id}`)).body;
    expect(items).toMatchObject([{ productId: 'buffet-quilo', grams: 482, quantity: 1, priceCents: 3851 }]);

    // A manager's new price per kilo reaches the POS's menu live and prices the next weighing; the plate rung keeps its own.
    const patched = await manager.request('PATCH', '/api/menu/products/buffet-quilo', { pricePerKgCents: 8990 });
    expect(patched.status).toBe(200);
    const buffet = pos.getByRole('button', { name: 'Buffet por quilo', exact: true });
    await buffet.getByText('R$89.90/kg').waitFor();
    await buffet.click();
    await weigh.getByText('R$43.33').waitFor();
    await weigh.getByRole('button', { name: 'Cancel' }).click();
    await line.getByText('0.482 kg × R$79.90/kg', { exact: true }).waitFor();
    await line.getByText('R$38.51', { exact: true }).waitFor();
    expect(errors).toEqual([]);
  });

  it("rings a plate while the scale is off: the waiter types 0,350 kg on the keypad, a manager's PIN approves it", async () => {
    scale.load = 'OFF';
    const pos = await open('/pos/?terminal=pos-1', 'pt-BR');
    for (const digit of '1111') await pos.getByRole('button', { name: digit, exact: true }).click();
    await pos.getByRole('button', { name: 'Entrar' }).click();
    await pos.getByRole('button', { name: 'Mesa 7, livre' }).click();
    await pos.getByRole('button', { name: 'Buffet por quilo' }).click();
    const weigh = pos.locator('pos-weigh');
    await weigh.getByText('A balança não responde: confira o cabo e a energia.').waitFor();
    await weigh.getByRole('button', { name: 'Digitar o peso' }).click();
    const keypad = weigh.getByRole('group', { name: 'Teclado de Peso (kg)' });
    for (const key of ['0', 'Separador decimal', '3', '5', '0'])
      await keypad.getByRole('button', { name: key, exact: true }).click();
    // At the price per kilo the first test set, R$ 89,90: 350 g is R$ 31,47 (31.465 rounded half up).
    await weigh.getByText(/^R\$\s31,47$/).waitFor();
    await weigh.getByRole('button', { name: 'Lançar 0,350 kg' }).click();

    const dialog = pos.getByRole('dialog', { name: 'Aprovação do gerente' });
    await dialog.getByText('0,350 kg de Buffet por quilo, digitado').waitFor();
    for (const digit of '1234') await dialog.getByRole('button', { name: digit, exact: true }).click();
    await dialog.getByRole('button', { name: 'Aprovar' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const line = pos.locator('pos-order').getByRole('listitem').filter({ hasText: 'Buffet por quilo' });
    await line.getByText(/^0,350 kg × R\$\s89,90\/kg$/).waitFor();
    await line.getByText(/^R\$\s31,47$/).waitFor();
    const manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    const [order] = (await manager.get<{ orders: OrderView[] }>('/api/orders?table=7')).body.orders;
    expect(order!.items).toMatchObject([{ productId: 'buffet-quilo', grams: 350, priceCents: 3147 }]);
    const { events } = (
      await manager.get<{ events: { type: string; userId: string; data: { approvedBy?: string } }[] }>(
        `/api/orders/${order!.id}/history`,
      )
    ).body;
    expect(events.filter((e) => e.type === 'ItemAdded').map((e) => [e.userId, e.data.approvedBy])).toEqual([['wagner', 'maria']]);
    expect(errors).toEqual([]);
  });
});
