import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceServes, OrderView } from '../../shared/contract/index.js';
import { startPrinterSim, type PrinterSim } from '../../simulators/printer/printer-sim.js';
import { decodeEscPos, textOf } from '../../simulators/printer/escpos-decoder.js';
import { cableFolder, setUpDevice } from '../support/devices.js';
import { missingTools, until } from '../support/processes.js';
import { ApiClient, startTestNode, type TestNode } from '../harness.js';

const skip = missingTools(['socat']);

describe.skipIf(skip !== null)('a weighed plate on paper (socat, simulated printers)', () => {
  let node: TestNode;
  let dir: string;
  const sims: PrinterSim[] = [];

  beforeAll(async () => {
    dir = await cableFolder('comanda-weighed');
    node = await startTestNode({ ackTimeoutSeconds: 2 });
  });
  afterAll(async () => {
    await node?.stop();
    for (const sim of sims) await sim.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A printer on the far end of a socat pair, set up to serve `serves` and online. */
  const printer = async (manager: ApiClient, id: string, serves: DeviceServes) => {
    const sim = await startPrinterSim(dir, id);
    sims.push(sim);
    await setUpDevice(manager, id, { path: sim.path, serves });
    return sim;
  };
  /** Each paper printed, decoded to its lines (a centred or indented line without its margin). */
  const lines = (sim: PrinterSim) => sim.jobs().map((bytes) => textOf(decodeEscPos(bytes)).map((l) => l.trimStart()));

  it('the chit shows its weight, and the receipt the price per kilo it was rung at after the menu changed', async () => {
    const manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    const cashier = await ApiClient.login(node.baseUrl, 'pos-1', '2222');
    const cold = await printer(manager, 'cold-printer', { stationId: 'cold' });
    const receipts = await printer(manager, 'pos-1-printer', { receiptsOf: 'pos-1' });

    const orderId = await cashier.openOrder();
    const rung = await cashier.post(`/api/orders/${orderId}/items`, {
      commandId: randomUUID(),
      productId: 'buffet-quilo',
      grams: 482,
      // No scale at this terminal: the weight typed, a manager's PIN answering for it.
      approval: { pin: '1234' },
    });
    expect(rung.status).toBe(200);
    // No screen of the cold station is on: the ticket prints on its printer.
    await cashier.send(orderId);
    const chit = await until('the chit', async () => lines(cold)[0]);
    expect(chit).toContain('0,482 kg Buffet por quilo');

    // The menu's price per kilo changes before the plate is paid for: the paper keeps the one it was rung at.
    expect((await manager.request('PATCH', '/api/menu/products/buffet-quilo', { pricePerKgCents: 8990 })).status).toBe(200);
    expect((await cashier.post('/api/drawers/drawer-1/open', { commandId: randomUUID(), floatCents: 10_000 })).status).toBe(200);
    const paid = await cashier.post<OrderView>(`/api/orders/${orderId}/payments`, {
      commandId: randomUUID(),
      method: 'CASH',
      amountCents: 3851,
      tenderedCents: 5000,
    });
    expect([paid.status, paid.body.status]).toEqual([201, 'PAID']);
    const receipt = await until('the receipt', async () => lines(receipts).find((l) => l.includes('NÃO É DOCUMENTO FISCAL')));
    expect(receipt).toEqual(
      expect.arrayContaining([expect.stringMatching(/^0,482 kg Buffet por quilo +R\$ 38,51$/), '0,482 kg x R$ 79,90/kg']),
    );
  });
});
