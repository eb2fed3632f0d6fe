import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceView, OrderView, PoleMode } from '../../shared/contract/index.js';
import { startPoleSim, type PoleSim } from '../../simulators/pole/pole-sim.js';
import { startScaleSim, type ScaleSim } from '../../simulators/scale/scale-sim.js';
import { poleScreen } from '../support/pole-decoder.js';
import { cableFolder, deviceOnline, devicesOf, setUpDevice } from '../support/devices.js';
import { missingTools, sleep } from '../support/processes.js';
import { ApiClient, startTestNode, type TestNode } from '../harness.js';

const skip = missingTools(['socat']);

type Refusal = { type?: string; message?: string };

/** Waits until `check` answers something truthy; answers it. */
async function until<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 10_000): Promise<T> {
  for (const started = Date.now(); Date.now() - started < timeoutMs; await sleep(100)) {
    const value = await check();
    if (value) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.skipIf(skip !== null)('the scale and the pole display at the POS (socat pseudo-terminals, simulated devices)', () => {
  let node: TestNode;
  let dir: string;
  let manager: ApiClient;
  let waiter: ApiClient;
  let cashier: ApiClient;
  const closing: { close: () => Promise<void> }[] = [];

  beforeAll(async () => {
    dir = await cableFolder('comanda-scale-pole');
    node = await startTestNode();
    manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    cashier = await ApiClient.login(node.baseUrl, 'pos-1', '2222');
  });
  afterAll(async () => {
    await node?.stop();
    for (const device of closing) await device.close();
    await rm(dir, { recursive: true, force: true });
  });

  const scaleSim = async (name: string) => {
    const sim = await startScaleSim(dir, name);
    closing.push(sim);
    return sim;
  };
  const poleSim = async (name: string) => {
    const sim = await startPoleSim(dir, name);
    closing.push(sim);
    return sim;
  };
  const put = (id: string, body: Record<string, unknown>) =>
    manager.request<DeviceView & Refusal>('PUT', `/api/devices/${id}`, body);
  const weight = (terminalId = 'pos-1') =>
    waiter.get<{ grams: number; stable: boolean } & Refusal>(`/api/terminals/${terminalId}/weight`);
  const shows = (sim: PoleSim, mode: PoleMode, lines: [string, string]) =>
    until(`the pole showing ${JSON.stringify(lines)}`, async () => {
      const screen = poleScreen(mode, sim.bytes()).map((l) => l.trimEnd());
      return JSON.stringify(screen) === JSON.stringify(lines);
    });

  let scale: ScaleSim;

  it('refuses a bad scale or pole display with a clear 4xx and changes nothing', async () => {
    scale = await scaleSim('scale-1');
    const good = { kind: 'scale', model: 'Toledo Prix 4', path: scale.path, baudRate: 9600, serves: { terminalId: 'pos-1' } };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...good, serves: {} }, 400, 'BAD_REQUEST'],
      [{ ...good, serves: { terminalId: 'pos-1', stationId: 'grill' } }, 400, 'BAD_REQUEST'],
      [{ ...good, backupId: 'other' }, 400, 'BAD_REQUEST'],
      [{ ...good, mode: 'EPSON' }, 400, 'BAD_REQUEST'],
      [{ ...good, baudRate: 9601 }, 400, 'BAD_REQUEST'],
      [{ ...good, kind: 'fryer' }, 400, 'BAD_REQUEST'],
      [{ ...good, serves: { terminalId: 'pos-9' } }, 404, 'UNKNOWN_TERMINAL'],
      [{ ...good, path: path.join(dir, 'no-such-port') }, 422, 'DEVICE_PATH_NOT_FOUND'],
      [{ ...good, kind: 'pole' }, 400, 'BAD_REQUEST'],
      [{ ...good, kind: 'pole', mode: 'VFD' }, 400, 'BAD_REQUEST'],
    ];
    for (const [body, status, type] of cases) {
      const answer = await put('scale-1', body);
      expect({ status: answer.status, type: answer.body.type }).toEqual({ status, type });
      expect(answer.body.message!.length).toBeGreaterThan(10);
    }
    expect(await devicesOf(manager)).toEqual([]);
    expect((await weight()).body.type).toBe('NO_SCALE');
  });

  it('weighs a product sold by weight: a stable reading rings with its grams and price; unstable, zero and the rest are refused', async () => {
    const answer = await put('scale-1', {
      kind: 'scale',
      model: 'Toledo Prix 4',
      path: scale.path,
      baudRate: 9600,
      serves: { terminalId: 'pos-1' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: 'scale-1', kind: 'scale', serves: { terminalId: 'pos-1' } });
    await deviceOnline(manager, 'scale-1');
    const another = await put('scale-2', {
      kind: 'scale',
      model: 'Toledo Prix 3',
      path: scale.path,
      baudRate: 9600,
      serves: { terminalId: 'pos-1' },
    });
    expect([another.status, another.body.type]).toEqual([409, 'TERMINAL_HAS_DEVICE']);

    const menu = (await waiter.get<{ products: { id: string; soldBy?: string; pricePerKgCents?: number }[] }>('/api/menu')).body;
    expect(menu.products.find((p) => p.id === 'buffet-quilo')).toMatchObject({ soldBy: 'WEIGHT', pricePerKgCents: 7990 });

    const refusals: [ScaleSim['load'], number, string][] = [
      ['UNSTABLE', 409, 'SCALE_UNSTABLE'],
      [{ grams: 0 }, 422, 'SCALE_ZERO'],
      ['NEGATIVE', 422, 'SCALE_NEGATIVE'],
      ['OVERLOAD', 422, 'SCALE_OVERLOAD'],
      ['OFF', 503, 'SCALE_OFFLINE'],
    ];
    for (const [load, status, type] of refusals) {
      scale.load = load;
      const refused = await weight();
      expect({ status: refused.status, type: refused.body.type }).toEqual({ status, type });
      expect(refused.body.message!.length).toBeGreaterThan(10);
    }

    scale.load = { grams: 482 };
    const reading = await weight();
    expect([reading.status, reading.body]).toEqual([200, { grams: 482, stable: true }]);
    const orderId = await waiter.openOrder(4);
    const rung = await waiter.addItem(orderId, 'buffet-quilo', { quantity: undefined, grams: reading.body.grams });
    expect(rung.status).toBe(200);
    // 482 g at R$ 79,90 the kilo: R$ 38,51 (38.5118 rounded), kept as the item's price.
    const order = (await waiter.get<OrderView>(`/api/orders/${orderId}`)).body;
    expect(order.items[0]).toMatchObject({ productId: 'buffet-quilo', grams: 482, quantity: 1, priceCents: 3851 });
    expect(order.totals.subtotalCents).toBe(3851);

    const noGrams = (await waiter.addItem(orderId, 'buffet-quilo')) as { status: number; body: Refusal };
    expect([noGrams.status, noGrams.body.type]).toEqual([422, 'GRAMS_REQUIRED']);
    const notWeighed = (await waiter.addItem(orderId, 'picanha', { grams: 300 })) as { status: number; body: Refusal };
    expect([notWeighed.status, notWeighed.body.type]).toEqual([422, 'NOT_SOLD_BY_WEIGHT']);
    expect((await weight('pos-2')).body.type).toBe('NO_SCALE');
  });

  it("rings grams this terminal's scale read, once; others only with a manager's PIN or by a manager", async () => {
    type Entry = { type: string; userId: string | null; data: { item?: { grams?: number }; approvedBy?: string } };
    const history = async (orderId: string) =>
      (await waiter.get<{ events: Entry[] }>(`/api/orders/${orderId}/history`)).body.events;
    const ring = (client: ApiClient, orderId: string, grams: number, extra: Record<string, unknown> = {}) =>
      client.addItem(orderId, 'buffet-quilo', { quantity: undefined, grams, ...extra }) as Promise<{
        status: number;
        body: Refusal & { items: { grams?: number }[] };
      }>;
    const orderId = await waiter.openOrder(5);

    scale.load = { grams: 350 };
    expect((await weight()).body).toEqual({ grams: 350, stable: true });
    // Polled again while the plate sits there: still one weighing.
    expect((await weight()).body).toEqual({ grams: 350, stable: true });
    const commandId = randomUUID();
    expect((await ring(waiter, orderId, 350, { commandId })).status).toBe(200);
    // The same command again (its answer lost on the way) is answered as it was; another ring of that plate is not.
    expect((await ring(waiter, orderId, 350, { commandId })).status).toBe(200);
    const twice = await ring(waiter, orderId, 350);
    expect([twice.status, twice.body.type]).toEqual([403, 'APPROVAL_REQUIRED']);

    // Grams the scale did not read, or read at another terminal, change nothing.
    const before = await history(orderId);
    const typed = await ring(waiter, orderId, 1);
    expect([typed.status, typed.body.type]).toEqual([403, 'APPROVAL_REQUIRED']);
    expect(typed.body.message).toBe(
      "0.001 kg was not read by this terminal's scale: weigh the plate, or have a manager type the weight (approval: { pin }).",
    );
    scale.load = { grams: 600 };
    expect((await weight()).body).toEqual({ grams: 600, stable: true });
    const atPos2 = await ApiClient.login(node.baseUrl, 'pos-2', '1111');
    const elsewhere = await ring(atPos2, orderId, 600);
    expect([elsewhere.status, elsewhere.body.type]).toEqual([403, 'APPROVAL_REQUIRED']);
    expect(await history(orderId)).toEqual(before);
    expect((await ring(waiter, orderId, 600)).status).toBe(200);

    // The scale down: a manager's PIN answers for the typed weight, and the fact names the manager.
    scale.load = 'OFF';
    const approved = await ring(waiter, orderId, 482, { approval: { pin: '1234' } });
    expect(approved.status).toBe(200);
    const byManager = await ring(manager, orderId, 518);
    expect(byManager.status).toBe(200);
    expect(byManager.body.items.map((i) => i.grams)).toEqual([350, 600, 482, 518]);
    const added = (await history(orderId)).filter((e) => e.type === 'ItemAdded');
    expect(added.map((e) => [e.data.item?.grams, e.userId, e.data.approvedBy])).toEqual([
      [350, 'wagner', undefined],
      [600, 'wagner', undefined],
      [482, 'wagner', 'maria'],
      [518, 'maria', undefined],
    ]);
    scale.load = { grams: 0 };
  });

  it('the pole display shows the last item and the total, then the total and the change of a cash payment', async () => {
    const epson = await poleSim('pole-1');
    const answer = await put('pole-1', {
      kind: 'pole',
      model: 'Epson DM-D110',
      path: epson.path,
      baudRate: 9600,
      serves: { terminalId: 'pos-1' },
      mode: 'EPSON',
    });
    expect([answer.status, answer.body.mode]).toEqual([200, 'EPSON']);
    await deviceOnline(manager, 'pole-1');

    const orderId = await waiter.openOrder();
    await waiter.addItem(orderId, 'salmao');
    await shows(epson, 'EPSON', ['Salmão grel R$ 74,90', 'TOTAL       R$ 74,90']);
    await waiter.addItem(orderId, 'cafe', { quantity: 2 });
    await shows(epson, 'EPSON', ['2x Cafezinh R$ 11,80', 'TOTAL       R$ 86,70']);

    const drawer = await cashier.post('/api/drawers/drawer-1/open', { commandId: randomUUID(), floatCents: 10_000 });
    expect(drawer.status).toBe(200);
    const paid = await cashier.post<OrderView>(`/api/orders/${orderId}/payments`, {
      commandId: randomUUID(),
      method: 'CASH',
      amountCents: 8670,
      tenderedCents: 10_000,
    });
    expect(paid.status).toBe(201);
    await shows(epson, 'EPSON', ['TOTAL       R$ 86,70', 'TROCO       R$ 13,30']);
  });

  it('a CD5220 pole display gets its own command set, its accents folded', async () => {
    const cd5220 = await poleSim('pole-2');
    await setUpDevice(manager, 'pole-2', {
      kind: 'pole',
      model: 'Bematech PDX 3000',
      path: cd5220.path,
      serves: { terminalId: 'pos-2' },
      mode: 'CD5220',
    });
    const atPos2 = await ApiClient.login(node.baseUrl, 'pos-2', '1111');
    const orderId = await atPos2.openOrder();
    await atPos2.addItem(orderId, 'salmao');
    await shows(cd5220, 'CD5220', ['Salmao grel R$ 74,90', 'TOTAL       R$ 74,90']);
    expect(cd5220.bytes().includes(0x1b)).toBe(true);
    expect([...cd5220.bytes()].some((b) => b >= 0x80)).toBe(false);
  });
});
