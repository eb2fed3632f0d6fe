import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceView, TicketView } from '../../shared/contract/index.js';
import { startPrinterSim, type PrinterSim } from '../../simulators/printer/printer-sim.js';
import { decodeEscPos, textOf } from '../../simulators/printer/escpos-decoder.js';
import { cableFolder, devicesOf, setUpDevice } from '../support/devices.js';
import { missingTools, sleep, until } from '../support/processes.js';
import { ApiClient, nextMessage, startTestNode, type TestNode } from '../harness.js';

const skip = missingTools(['socat']);

type Job = { id: string; kind: string; status: string; printedBy: string | null };

/** The order numbers of the chits a printer printed, in the order it printed them, and whether each said REPRINT. */
const chitsOf = (sim: PrinterSim) =>
  sim.jobs().map((bytes) => {
    const lines = textOf(decodeEscPos(bytes));
    return {
      order: Number(lines.find((l) => l.startsWith('Pedido '))?.slice(7)),
      reprint: lines[0]!.includes('REIMPRESSÃO'),
      lines,
    };
  });

describe.skipIf(skip !== null)('printers on serial ports (socat pseudo-terminals, a simulated printer on the far end)', () => {
  let node: TestNode;
  let dir: string;
  let manager: ApiClient;
  let waiter: ApiClient;
  const sims: PrinterSim[] = [];

  beforeAll(async () => {
    dir = await cableFolder('comanda-printers');
    node = await startTestNode({ ackTimeoutSeconds: 2, printerFailoverSeconds: 2 });
    manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
  });
  afterAll(async () => {
    await node?.stop();
    for (const sim of sims) await sim.close();
    await rm(dir, { recursive: true, force: true });
  });

  const sim = async (name: string) => {
    const started = await startPrinterSim(dir, name);
    sims.push(started);
    return started;
  };
  const put = (id: string, body: Record<string, unknown>) =>
    manager.request<DeviceView & { type?: string }>('PUT', `/api/devices/${id}`, body);
  const devices = () => devicesOf(manager);
  const statusOf = async (id: string) => (await devices()).find((d) => d.id === id)?.status;
  const jobsOf = async (id: string) => (await manager.get<{ jobs: Job[] }>(`/api/devices/${id}/jobs`)).body.jobs;
  /** An order with one item of `productId`, sent: its ticket goes to that product's station. */
  const ring = async (table: number, productId: string) => {
    const id = await waiter.openOrder(table);
    await waiter.addItem(id, productId, { notes: 'sem sal, bem passada' });
    await waiter.send(id);
    return id;
  };

  it('refuses a bad configuration with a clear 4xx and changes nothing', async () => {
    const grill = await sim('refused');
    const good = { kind: 'printer', model: 'Epson TM-T20', path: grill.path, baudRate: 9600, serves: { stationId: 'grill' } };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...good, path: path.join(dir, 'no-such-port') }, 422, 'DEVICE_PATH_NOT_FOUND'],
      [{ ...good, baudRate: 9601 }, 400, 'BAD_REQUEST'],
      [{ ...good, baudRate: 1000000 }, 400, 'BAD_REQUEST'],
      [{ ...good, backupId: 'grill-printer' }, 400, 'BAD_REQUEST'],
      [{ ...good, backupId: 'no-such-printer' }, 422, 'UNKNOWN_BACKUP'],
      [{ ...good, serves: { stationId: 'wok' } }, 404, 'UNKNOWN_STATION'],
      [{ ...good, serves: {} }, 400, 'BAD_REQUEST'],
    ];
    for (const [body, status, type] of cases) {
      const answer = await put('grill-printer', body);
      expect({ status: answer.status, type: answer.body.type }).toEqual({ status, type });
    }
    expect(await devices()).toEqual([]);
    expect((await waiter.get('/api/devices')).status).toBe(403);
  });

  it('prints five chits once each, in order, when the paper runs out after the second and comes back', async () => {
    const grill = await sim('grill');
    const socket = await manager.socket(['devices']);
    const online = nextMessage<DeviceView>(socket, 'device', (d) => d.id === 'grill-printer' && d.status === 'ONLINE');
    const answer = await put('grill-printer', {
      kind: 'printer',
      model: 'Epson TM-T20',
      path: grill.path,
      baudRate: 9600,
      serves: { stationId: 'grill' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: 'grill-printer', serves: { stationId: 'grill' }, baudRate: 9600 });
    await online;
    grill.paperOutAfter(2);
    const paperOut = nextMessage<DeviceView>(
      socket,
      'device',
      (d) => d.id === 'grill-printer' && d.status === 'PAPER_OUT',
      15_000,
    );
    const orders = [];
    for (let table = 1; table <= 5; table++) orders.push(await ring(table, 'picanha'));
    await paperOut;
    await sleep(1500);
    expect(grill.jobs()).toHaveLength(2);
    expect((await jobsOf('grill-printer')).map((j) => j.status)).toEqual(['PRINTED', 'PRINTED', 'QUEUED', 'QUEUED', 'QUEUED']);
    grill.mode = 'ONLINE';
    await until(
      'five chits',
      async () => grill.jobs().length >= 5 && (await jobsOf('grill-printer')).every((j) => j.status === 'PRINTED'),
    );
    await sleep(1000);
    const numbers = await Promise.all(
      orders.map(async (id) => (await waiter.get<{ number: number }>(`/api/orders/${id}`)).body.number),
    );
    const chits = chitsOf(grill);
    expect(chits.map((c) => c.order)).toEqual(numbers);
    expect(chits.every((c) => !c.reprint)).toBe(true);
    expect(chits[0]!.lines).toEqual(
      expect.arrayContaining(['GRELHA', 'Mesa 1', '1x Picanha na brasa', '  sem sal, bem passada']),
    );
    socket.close();
  });

  it('prints a grill ticket no kitchen screen is online for on the grill printer once, and the ticket says so', async () => {
    const grill = sims.find((s) => s.path.includes('grill-'))!;
    const before = grill.jobs().length;
    const id = await ring(9, 'fraldinha');
    const ticket = await until('the ticket printed', async () => {
      const t = await waiter.ticketAt('grill', id);
      return t.printed ? t : null;
    });
    expect(ticket.printed).toEqual({ deviceId: 'grill-printer', at: expect.any(String) as unknown });
    // Past the ack timeout: the unacknowledged flag asks for the same chit, which is queued once.
    await until('flagged unacknowledged', async () => (await waiter.ticketAt('grill', id)).unacknowledged);
    await sleep(1500);
    expect(grill.jobs().length - before).toBe(1);
    expect(chitsOf(grill).at(-1)!.lines).toContain('1x Fraldinha acebolada');
  });

  it('a station with a kitchen screen online does not print until no screen draws the ticket in time', async () => {
    const grill = sims.find((s) => s.path.includes('grill-'))!;
    const cook = await ApiClient.login(node.baseUrl, 'kds-grill', '3333');
    const kds = await cook.socket(['station:grill']);
    await until('kds-grill online', async () => (await manager.get<{ online: boolean }>('/api/terminals/kds-grill')).body.online);
    const before = grill.jobs().length;
    const drawn = nextMessage<TicketView>(kds, 'ticket', (t) => t.table === 10);
    const acked = await ring(10, 'picanha');
    const ticket = await drawn;
    expect(await kds.emitWithAck('ack', { stationId: 'grill', ticketId: ticket.id })).toEqual({ ok: true });
    const ignored = await ring(11, 'linguica');
    await until('the ignored ticket printed', async () => (await waiter.ticketAt('grill', ignored)).printed);
    await sleep(1000);
    expect(grill.jobs().length - before).toBe(1);
    expect((await waiter.ticketAt('grill', acked)).printed).toBeUndefined();
    kds.close();
  });

  it('fails over: an unplugged printer is OFFLINE, and its backup prints what was waiting', async () => {
    const bar = await sim('bar');
    const backup = await sim('backup');
    expect(
      (
        await put('backup-printer', {
          kind: 'printer',
          model: 'Elgin i9',
          path: backup.path,
          baudRate: 115200,
          serves: { receiptsOf: 'pos-2' },
        })
      ).status,
    ).toBe(200);
    await setUpDevice(manager, 'bar-printer', {
      model: 'Bematech MP-4200 TH',
      path: bar.path,
      serves: { stationId: 'bar' },
      backupId: 'backup-printer',
    });
    await bar.unplug();
    await until('bar printer offline', async () => (await statusOf('bar-printer')) === 'OFFLINE');
    const id = await ring(12, 'caipirinha');
    // The job is PRINTED once its bytes drained and the backup's status after them was read: a moment after they arrive.
    await until('the backup printed it', async () => (await jobsOf('backup-printer'))[0]?.status === 'PRINTED');
    expect(backup.jobs()).toHaveLength(1);
    const jobs = await jobsOf('bar-printer');
    expect(jobs.map((j) => j.status)).toEqual(['MOVED']);
    expect(await jobsOf('backup-printer')).toEqual([expect.objectContaining({ status: 'PRINTED', printedBy: 'backup-printer' })]);
    expect(chitsOf(backup)[0]!.lines).toEqual(expect.arrayContaining(['BAR', 'Mesa 12', '1x Caipirinha de limão']));
    const ticket = await until('the ticket printed', async () => (await waiter.ticketAt('bar', id)).printed);
    expect(ticket.deviceId).toBe('backup-printer');
    // Unplugged, it is tried again after waits that double: not a loop.
    expect(await statusOf('bar-printer')).toBe('OFFLINE');
  });

  it('a deleted device is gone from the list and its port closed', async () => {
    const answer = await manager.request('DELETE', '/api/devices/bar-printer');
    expect(answer.status).toBe(204);
    expect((await devices()).map((d) => d.id)).toEqual(['backup-printer', 'grill-printer']);
    expect((await manager.request<{ type: string }>('DELETE', '/api/devices/never-was')).body.type).toBe('UNKNOWN_DEVICE');
  });
});
