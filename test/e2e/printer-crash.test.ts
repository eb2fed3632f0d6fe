import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { TicketView } from '../../shared/contract/index.js';
import { startPrinterSim, type PrinterSim } from '../../simulators/printer/printer-sim.js';
import { decodeEscPos, textOf } from '../../simulators/printer/escpos-decoder.js';
import { cableFolder, devicesOf, setUpDevice } from '../support/devices.js';
import { killGroup, missingTools, sleep } from '../support/processes.js';
import { ApiClient, createTestDatabase, spawnNode, waitHealthy, type NodeProcess } from '../harness.js';

const skip = missingTools(['socat']);

async function until<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  for (const started = Date.now(); Date.now() - started < timeoutMs; await sleep(100)) {
    const value = await check();
    if (value) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.skipIf(skip !== null)('a node killed while its printer prints a chit', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('prints it once after the restart, headed REPRINT, since the paper may hold it already', async () => {
    const dir = await cableFolder('comanda-printer-crash');
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const printer: PrinterSim = await startPrinterSim(dir, 'grill');
    cleanups.push(() => printer.close());
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    const start = async () => {
      const node = await spawnNode({ DATABASE_URL: db.url });
      cleanups.push(async () => killGroup(node.child, 'SIGKILL'));
      await waitHealthy(node.baseUrl, 90_000, node.child);
      return node;
    };
    const first: NodeProcess = await start();
    const manager = await ApiClient.login(first.baseUrl, 'mgr-1', '1234');
    const waiter = await ApiClient.login(first.baseUrl, 'pos-1', '1111');
    const setUp = { model: 'Epson TM-T88', path: printer.path, baudRate: 19200, serves: { stationId: 'grill' } };
    await setUpDevice(manager, 'grill-printer', setUp, 20_000);
    const status = async () => (await devicesOf(manager))[0]?.status;

    // The printer takes the chit and says nothing more: the node cannot know whether it printed when it dies.
    printer.hangOnNextJob();
    const id = await waiter.openOrder(4);
    await waiter.addItem(id, 'picanha');
    await waiter.send(id);
    await until('the chit at the printer', async () => printer.jobs().length === 1);
    await until('the printer silent', async () => (await status()) === 'OFFLINE');
    killGroup(first.child, 'SIGKILL');
    await first.exited;
    printer.resume();

    const second = await start();
    manager.baseUrl = second.baseUrl;
    waiter.baseUrl = second.baseUrl;
    await until('the chit printed again', async () => printer.jobs().length === 2);
    const ticket = await until('the ticket marked printed', async () => {
      const t: TicketView = await waiter.ticketAt('grill', id);
      return t.printed ? t : null;
    });
    await sleep(2000);
    const chits = printer.jobs().map((bytes) => textOf(decodeEscPos(bytes)));
    expect(chits).toHaveLength(2);
    expect(chits[1]![0]).toContain('REIMPRESSÃO');
    expect(chits[1]!.slice(1)).toEqual(chits[0]);
    expect(ticket.printed?.deviceId).toBe('grill-printer');
    const jobs = await manager.get<{ jobs: { status: string }[] }>('/api/devices/grill-printer/jobs');
    expect(jobs.body.jobs.map((j) => j.status)).toEqual(['PRINTED']);
  });
});
