import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { SerialPort } from 'serialport';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PrinterStatus } from '../../shared/contract/index.js';
import { startPrinterSim, type PrinterSim, type SimOptions } from '../../simulators/printer/printer-sim.js';
import { missingTools, until } from '../../test/support/processes.js';
import { PrinterDriver, type DriverTiming } from './printer-driver.js';

const skip = missingTools(['socat']);

describe.skipIf(skip !== null)('the printer driver over socat, a printer with ASB and one without', () => {
  let dir: string;
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'comanda-printer-asb-'));
    await chmod(dir, 0o755);
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** A simulated printer and a driver on its port with nothing to print: what the driver reported, in order. */
  const drive = async (name: string, options: SimOptions, timing: Pick<DriverTiming, 'pollMs' | 'livenessMs'>) => {
    const sim: PrinterSim = await startPrinterSim(dir, name, 'ONLINE', options);
    cleanups.push(() => sim.close());
    const statuses: PrinterStatus[] = [];
    const driver = new PrinterDriver({
      deviceId: name,
      backupId: null,
      openPort: () => new SerialPort({ path: sim.path, baudRate: 9600, autoOpen: false }),
      queue: {
        claim: () => Promise.resolve(null),
        takeKick: () => Promise.resolve(null),
        printed: () => Promise.resolve(),
        later: () => Promise.resolve(),
        move: () => Promise.resolve(0),
        waiting: () => Promise.resolve(false),
      },
      holder: 'test',
      render: () => new Uint8Array(),
      report: (status) => {
        statuses.push(status);
        return Promise.resolve();
      },
      reportDrawer: () => Promise.resolve(),
      afterPrint: () => null,
      timing: { ...timing, replyMs: 300, firstRetryMs: 100, maxRetryMs: 400, failoverMs: 60_000 },
      logger: pino({ level: 'silent' }),
      clock: () => new Date(),
    });
    cleanups.push(() => driver.stop());
    return { sim, statuses };
  };
  const last = (statuses: PrinterStatus[], status: PrinterStatus) => async () => statuses.at(-1) === status;

  it('a printer that pushes its status is told at once: paper pulled, PAPER_OUT with no question asked since', async () => {
    // Rounds a minute apart and no liveness question in the test: only the printer's push can tell the driver.
    const { sim, statuses } = await drive('asb', { asb: true }, { pollMs: 60_000, livenessMs: 60_000 });
    await until('ASB on', async () => sim.pushes() > 0 && statuses.includes('ONLINE'));
    const asked = sim.queries().length;
    sim.mode = 'PAPER_OUT';
    await until('paper out reported', last(statuses, 'PAPER_OUT'));
    sim.mode = 'COVER_OPEN';
    await until('cover open reported', last(statuses, 'COVER_OPEN'));
    sim.mode = 'ONLINE';
    await until('online reported', last(statuses, 'ONLINE'));
    expect(sim.queries()).toHaveLength(asked);
    expect(statuses).toEqual(['ONLINE', 'PAPER_OUT', 'COVER_OPEN', 'ONLINE']);
  });

  it('one that pushes is still asked now and then: powered off it is OFFLINE, and asked for ASB again once back', async () => {
    const { sim, statuses } = await drive('asb-off', { asb: true }, { pollMs: 20, livenessMs: 200 });
    await until('ASB on', async () => sim.pushes() > 0 && statuses.includes('ONLINE'));
    sim.mode = 'OFF';
    await until('offline reported', last(statuses, 'OFFLINE'));
    const pushes = sim.pushes();
    sim.mode = 'PAPER_NEAR_END';
    await until('back, and pushing again', async () => statuses.at(-1) === 'PAPER_NEAR_END' && sim.pushes() > pushes);
  });

  it('a printer without ASB pushes nothing and is polled: paper pulled, PAPER_OUT from its replies', async () => {
    const { sim, statuses } = await drive('no-asb', {}, { pollMs: 20, livenessMs: 60_000 });
    await until('online', last(statuses, 'ONLINE'));
    const asked = sim.queries().length;
    sim.mode = 'PAPER_OUT';
    await until('paper out reported', last(statuses, 'PAPER_OUT'));
    expect(sim.queries().length).toBeGreaterThan(asked);
    expect(sim.pushes()).toBe(0);
  });
});
