import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrinterSim, type PrinterSim } from '../../simulators/printer/printer-sim.js';
import { cableFolder, setUpDevice } from '../support/devices.js';
import { missingTools } from '../support/processes.js';
import { ApiClient, startTestNode, type TestNode } from '../harness.js';
import { DIST, ensureBuilt, launchChromium, logIn } from './support.js';

const skip = missingTools(['socat']);

describe.skipIf(skip !== null)('a cash drawer left open on the manager screen, in Chromium (socat, a simulated printer)', () => {
  let node: TestNode;
  let browser: Browser;
  let dir: string;
  let printer: PrinterSim;
  let mgr: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    dir = await cableFolder('comanda-drawer-card');
    printer = await startPrinterSim(dir, 'pos-1');
    node = await startTestNode({ screensDir: DIST, drawerLeftOpenSeconds: 2 });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    mgr = await context.newPage();
    mgr.on('pageerror', (error) => errors.push(error.message));
    await mgr.goto(`${node.baseUrl}/manager/`);
    await logIn(mgr, '1234');
  });
  afterAll(async () => {
    await browser?.close();
    await node?.stop();
    await printer?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("shows it on the drawer's card and in the alerts banner until it shuts, and the printer's set-up in the audit log", async () => {
    const manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    await setUpDevice(manager, 'pos-1-printer', { path: printer.path, serves: { receiptsOf: 'pos-1' } });
    await mgr.getByRole('row', { name: 'pos-1-printer', exact: true }).getByText('Online').waitFor();

    const card = mgr.getByRole('article', { name: 'drawer-1', exact: true });
    await card.getByText('Closed').waitFor();
    printer.drawerOpen = true;
    await card.getByText('Left open: shut the drawer').waitFor({ timeout: 15_000 });
    await mgr
      .locator('manager-alerts')
      .getByText(/Drawer drawer-1 at pos-1 open for \d+ s\./)
      .waitFor();
    expect(await mgr.locator('manager-drawer[health="alert"]').count()).toBe(1);

    printer.drawerOpen = false;
    await card.getByText('Left open: shut the drawer').waitFor({ state: 'detached', timeout: 15_000 });
    expect(await mgr.locator('manager-drawer[health="alert"]').count()).toBe(0);

    await mgr.getByRole('tab', { name: 'Audit log' }).click();
    const log = mgr.getByRole('table', { name: 'Audit log' });
    await log.getByText(/Printer pos-1-printer configured( by \w+)?: Receipts of pos-1/).waitFor();
    await log.getByText(/The drawer of pos-1-printer left open since /).waitFor();
    expect(errors).toEqual([]);
  });
});
