import { rm } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrinterSim, type PrinterSim } from '../../simulators/printer/printer-sim.js';
import { cableFolder, setUpDevice } from '../support/devices.js';
import { missingTools } from '../support/processes.js';
import { ApiClient, startTestNode, type TestNode } from '../harness.js';
import { DIST, ensureBuilt, launchChromium, logIn } from './support.js';

const skip = missingTools(['socat']);

describe.skipIf(skip !== null)('the printers on the manager screen and the kitchen screen, in Chromium', () => {
  let node: TestNode;
  let browser: Browser;
  let dir: string;
  let printer: PrinterSim;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  async function open(url: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(`${url}: ${error.message}`));
    await page.goto(`${node.baseUrl}${url}`);
    return page;
  }

  beforeAll(async () => {
    await ensureBuilt();
    dir = await cableFolder('comanda-devices');
    printer = await startPrinterSim(dir, 'grill');
    node = await startTestNode({ screensDir: DIST });
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await node?.stop();
    await printer?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('the devices panel shows each printer live; the kitchen screen and the POS show where a ticket printed', async () => {
    const mgr = await open('/manager/');
    await logIn(mgr, '1234');
    await mgr.getByText('No devices set up.').waitFor();
    const manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    await setUpDevice(manager, 'grill-printer', { path: printer.path, serves: { stationId: 'grill' } });
    const row = mgr.getByRole('row', { name: 'grill-printer', exact: true });
    await row.getByText('Online').waitFor();
    await row.getByText('grill station').waitFor();
    printer.mode = 'PAPER_OUT';
    await row.getByText('Paper out').waitFor();
    printer.mode = 'ONLINE';
    await row.getByText('Online').waitFor();

    // No kitchen screen of the grill is online: the ticket prints, and its screen says so once it comes back.
    const waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    const id = await waiter.openOrder(3);
    await waiter.addItem(id, 'picanha');
    await waiter.send(id);
    for (let i = 0; i < 100 && !(await waiter.ticketAt('grill', id)).printed; i++) await new Promise((r) => setTimeout(r, 100));
    const kds = await open('/kds/?station=grill');
    await logIn(kds, '3333');
    await kds.locator('kds-ticket').getByText('Printed at grill-printer').waitFor();
    // The POS that rang it shows the same, as the ticket's receipt.
    const pos = await open('/pos/?terminal=pos-1');
    await logIn(pos, '1111');
    await pos.getByRole('button', { name: /^Table 3,/ }).click();
    const line = pos.locator('pos-order').getByRole('listitem').filter({ hasText: 'Picanha na brasa' });
    await line.getByText('Printed at grill-printer').waitFor();
    expect(errors).toEqual([]);
  });
});
