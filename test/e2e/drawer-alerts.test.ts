import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertView, AuditEntry, DrawerView } from '../../shared/contract/index.js';
import { startPrinterSim, type PrinterSim } from '../../simulators/printer/printer-sim.js';
import { cableFolder, deviceOnline, setUpDevice } from '../support/devices.js';
import { missingTools, until } from '../support/processes.js';
import { ApiClient, createTestDatabase, nextMessage, startNodeOn, type TestNode } from '../harness.js';

const skip = missingTools(['socat']);
const SETTINGS = { drawerLeftOpenSeconds: 2 };

describe.skipIf(skip !== null)('a cash drawer left open, as its receipt printer senses it (socat, a simulated printer)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let node: TestNode;
  let dir: string;
  let printer: PrinterSim;
  let manager: ApiClient;
  let cashier: ApiClient;
  let socket: Socket;
  /** Every alert the manager's socket heard, in order. */
  const alerts: AlertView[] = [];

  const follow = async () => {
    socket = await manager.socket(['drawers', 'alerts']);
    socket.on('alert', (alert: AlertView) => alerts.push(alert));
  };
  const drawer = async () => (await manager.get<DrawerView>('/api/drawers/drawer-1')).body;
  const audit = async (type: string) =>
    (await manager.get<{ entries: AuditEntry[] }>(`/api/audit?type=${type}&limit=10000`)).body.entries;
  const leftOpenMessage = () => nextMessage<DrawerView>(socket, 'drawer', (d) => d.alerts.includes('LEFT_OPEN'), 15_000);
  const noSale = () =>
    cashier.post('/api/drawers/drawer-1/no-sale', {
      commandId: randomUUID(),
      reason: 'troco para o caixa',
      approval: { pin: '1234' },
    });

  beforeAll(async () => {
    dir = await cableFolder('comanda-drawer-alerts');
    db = await createTestDatabase();
    node = await startNodeOn(db.url, SETTINGS);
    manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    cashier = await ApiClient.login(node.baseUrl, 'pos-1', '2222');
    printer = await startPrinterSim(dir, 'pos-1');
    await setUpDevice(manager, 'pos-1-printer', { path: printer.path, serves: { receiptsOf: 'pos-1' } });
    await follow();
  });
  afterAll(async () => {
    socket?.close();
    await node?.stop();
    await printer?.close();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it("left open, the drawer at the printer's terminal has LEFT_OPEN, even closed, and the managers hear it once; shut, it is gone", async () => {
    // Never opened: a drawer hanging open is the manager's all the same.
    expect(await drawer()).toMatchObject({ status: 'CLOSED', alerts: [] });
    printer.drawerOpen = true;
    const raised = await leftOpenMessage();
    expect(raised).toMatchObject({ id: 'drawer-1', terminalId: 'pos-1', status: 'CLOSED', alerts: ['LEFT_OPEN'] });
    expect((await drawer()).alerts).toEqual(['LEFT_OPEN']);
    const alert = await until('the alert on the alerts topic', async () => alerts[0]);
    expect(alert).toMatchObject({ type: 'DRAWER_LEFT_OPEN', drawerId: 'drawer-1', terminalId: 'pos-1' });
    // Found open at least DRAWER_LEFT_OPEN_SECONDS, as the printer counted it.
    const { seconds } = alert as Extract<AlertView, { type: 'DRAWER_LEFT_OPEN' }>;
    expect(seconds).toBeGreaterThanOrEqual(2);
    expect(alert.message).toBe(`Drawer drawer-1 at pos-1 open for ${seconds} s.`);

    const cleared = nextMessage<DrawerView>(socket, 'drawer', (d) => d.alerts.length === 0);
    printer.drawerOpen = false;
    expect((await cleared).alerts).toEqual([]);
    expect((await drawer()).alerts).toEqual([]);
    expect(alerts).toHaveLength(1);
  });

  it("an open drawer kicked by its no-sale and left open shows LEFT_OPEN beside its session's cash", async () => {
    expect((await cashier.post('/api/drawers/drawer-1/open', { commandId: randomUUID(), floatCents: 10_000 })).status).toBe(200);
    const raised = leftOpenMessage();
    expect((await noSale()).status).toBe(200);
    expect(await raised).toMatchObject({ status: 'OPEN', cashCents: 10_000, alerts: ['LEFT_OPEN'] });
    await until('the second alert', async () => alerts.length === 2);
    expect(alerts[1]).toMatchObject({ type: 'DRAWER_LEFT_OPEN', drawerId: 'drawer-1' });
    expect(alerts[1]!.at).not.toBe(alerts[0]!.at);
  });

  it('the alert outlives a restart of the node, and the shut sensed after it clears it', async () => {
    socket.close();
    await node.stop();
    node = await startNodeOn(db.url, SETTINGS);
    manager.baseUrl = node.baseUrl;
    cashier.baseUrl = node.baseUrl;
    expect((await drawer()).alerts).toEqual(['LEFT_OPEN']);
    await deviceOnline(manager, 'pos-1-printer');
    await follow();
    const cleared = nextMessage<DrawerView>(socket, 'drawer', (d) => d.alerts.length === 0, 15_000);
    printer.drawerOpen = false;
    expect(await cleared).toMatchObject({ status: 'OPEN', alerts: [] });
    // Raised once before the restart, never again.
    expect(alerts).toHaveLength(2);
  });

  it("the audit log holds the printer's configuration and each drawer left open, not its status or its sensor", async () => {
    expect(await audit('PrinterConfigured')).toEqual([
      expect.objectContaining({
        stream: 'pos-1-printer',
        // Who set it up, and where: the manager at the manager's screen.
        userId: expect.any(String) as unknown,
        terminalId: 'mgr-1',
        data: { config: expect.objectContaining({ kind: 'printer', serves: { receiptsOf: 'pos-1' } }) as unknown },
      }),
    ]);
    expect((await audit('DrawerLeftOpen')).map((e) => e.stream)).toEqual(['pos-1-printer', 'pos-1-printer']);
    for (const type of ['PrinterStatusChanged', 'DrawerSensedOpen', 'DrawerSensedShut', 'LeftOpenAlertRaised'])
      expect(await audit(type)).toEqual([]);
    // The drawer's own cash facts are in, as before.
    expect(await audit('NoSaleOpened')).toHaveLength(1);
    expect(await manager.get('/api/audit/verify')).toMatchObject({ body: { ok: true } });
  });
});
