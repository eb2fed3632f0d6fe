/**
 * The printers' figures (issue 13), each over socat pseudo-terminal pairs with a simulated printer
 * (simulators/printer) in the bench's own process, the node driving the far end as it would a real port:
 *
 *   chit-latency   send → the last byte of a kitchen chit at the printer, for a station whose kitchen screen is dark
 *                  (cold: kds-cold never connects in the bench), beside send → KDS of the same run
 *   receipt-rate   customer receipts/s drained through one 9600-baud port, beside what the wire itself carries
 *   idle-devices   the node's CPU while 20 printers are idle-polled, beside the same node's with none
 *
 * Without socat there are no pseudo-terminals: each figure says so in its row and the others run.
 */
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DeviceServes, DeviceView, PrinterStatus } from '../shared/contract/index.js';
import { startPrinterSim, type PrinterSim, type SimMode } from '../simulators/printer/printer-sim.js';
import { decodeEscPos, textOf } from '../simulators/printer/escpos-decoder.js';
import { BINARIES, cpuMeter, sleep } from '../test/support/processes.js';
import { atCleanup, HttpClient, mapLimit, ms, OpenLoop, QUICK, ratio, startChildNode, type Figure, type Row } from './common.js';
import { payByCard, ring } from './payments.js';
import { oneNodeSend, SEND } from './send-to-kds.js';

/** The station that prints: no kitchen screen of it is online in the bench, so every ticket fired to it prints. */
const STATION = 'cold';
const PRODUCT = 'pudim';

export const CHITS = {
  rate: Number(process.env.BENCH_CHIT_RATE ?? 5),
  warmup: QUICK ? 5 : 20,
  measured: QUICK ? 30 : 200,
  /** Receipts queued behind a printer out of paper, then drained when it comes back. */
  receipts: QUICK ? 20 : 200,
  /** Printers idle-polled at once, and how long the node's CPU is read with and without them. */
  idleDevices: 20,
  idleWindowMs: QUICK ? 5_000 : 20_000,
};

/** 9600 baud, 8N1: ten bits on the wire per byte. */
const WIRE_BYTES_PER_SECOND = 9600 / 10;

const skipped = (figure: string): Row[] | null => {
  if (BINARIES.socat) return null;
  console.log(`${figure}: skipped, socat not found (apt-get install socat): the printer figures need pseudo-terminal pairs\n`);
  return [{ figure, measured: 'SKIPPED', baseline: 'socat not found (apt-get install socat)', ratio: '', target: '' }];
};

/** One folder for the run's pseudo-terminals, removed at cleanup with every simulator made in it. */
let folder: Promise<string> | null = null;
async function printerSim(name: string, mode: SimMode = 'ONLINE'): Promise<PrinterSim> {
  const dir = await (folder ??= mkdtemp(path.join(os.tmpdir(), 'comanda-bench-printers-')).then(async (made) => {
    await chmod(made, 0o755);
    atCleanup(() => rm(made, { recursive: true, force: true }));
    return made;
  }));
  const sim = await startPrinterSim(dir, name, mode);
  atCleanup(() => sim.close());
  return sim;
}

/** Sets a printer up through the API, as a manager does, and waits until its driver read `status` from it. */
async function setUpPrinter(
  manager: HttpClient,
  deviceId: string,
  sim: PrinterSim,
  serves: DeviceServes,
  status: PrinterStatus,
): Promise<void> {
  const body = { kind: 'printer', model: 'Epson TM-T20', path: sim.path, baudRate: 9600, serves };
  await manager.json('PUT', `/api/devices/${deviceId}`, body, 200);
  for (const started = Date.now(); Date.now() - started < 15_000; await sleep(100)) {
    const { devices } = await manager.json<{ devices: DeviceView[] }>('GET', '/api/devices', undefined, 200);
    if (devices.find((d) => d.id === deviceId)?.status === status) return;
  }
  throw new Error(`printer ${deviceId} never read ${status}`);
}

/** The order number a chit is headed with (its double-size line, "Pedido 12" or "Order 12"), or null. */
const orderNumberOf = (job: Buffer): number | null => {
  const line = textOf(decodeEscPos(job)).find((l) => /^(Pedido|Order) \d+$/.test(l));
  return line ? Number(line.split(' ')[1]) : null;
};

/** An order of the station's dish, rung but not sent: its id and number. */
async function ringOrder(waiter: HttpClient): Promise<{ id: string; number: number }> {
  const id = await waiter.openOrder();
  const added = await waiter.addItem(id, PRODUCT);
  if (added.status !== 200) throw new Error(`add-item answered ${added.status}: ${added.text.slice(0, 300)}`);
  const { number } = await waiter.json<{ number: number }>('GET', `/api/orders/${id}`, undefined, 200);
  return { id, number };
}

const send = (waiter: HttpClient, orderId: string) =>
  waiter.request('POST', `/api/orders/${orderId}/send`, { commandId: randomUUID() });

async function clients(baseUrl: string) {
  const manager = new HttpClient(baseUrl, 4);
  const waiter = new HttpClient(baseUrl, 32);
  await manager.login('mgr-1', '1234');
  await waiter.login('pos-1', '1111');
  return { manager, waiter };
}

export const chitLatencyFigure: Figure = {
  name: 'chit-latency',
  async run(bench) {
    const skip = skipped('chit-latency');
    if (skip) return skip;
    const node = await bench.oneNode();
    const baseline = await oneNodeSend(bench);
    const loop = new OpenLoop(CHITS);
    console.log(
      `kitchen chit: send → the chit's last byte at the ${STATION} printer (no ${STATION} screen online, so it prints);` +
        ` ${CHITS.warmup} warm-up + ${CHITS.measured} measured orders, open loop at ${CHITS.rate}/s`,
    );
    const { manager, waiter } = await clients(node.baseUrl);
    const sim = await printerSim('chit-latency');
    try {
      await setUpPrinter(manager, 'bench-cold-printer', sim, { stationId: STATION }, 'ONLINE');
      const orders = await mapLimit(loop.total, 16, () => ringOrder(waiter));
      const indexOf = new Map(orders.map(({ number }, i) => [number, i]));
      sim.onJob((job, lastByteAt) => {
        const number = orderNumberOf(job);
        const i = number === null ? undefined : indexOf.get(number);
        if (i !== undefined) loop.pushed(i, lastByteAt);
      });
      const chits = await loop.run((i) => send(waiter, orders[i]!.id));
      console.log(
        `   p50 ${ms(chits.p50)}, p99 ${ms(chits.p99)}, max ${ms(chits.max)} over ${chits.count} chits (missing ${chits.missing});` +
          ` the send's HTTP answer p50 ${ms(chits.httpP50)}, p99 ${ms(chits.httpP99)}; non-200 ${chits.non200};` +
          ` generator's worst lag behind schedule ${ms(chits.maxLag)}`,
      );
      console.log(
        `   a queued chit wakes its printer's driver (printers.wake), which prints it then, not at its next status poll\n` +
          `   beside send → KDS on the same node in this run (open loop at ${SEND.rate}/s): p50 ${ms(baseline.p50)}, p99 ${ms(baseline.p99)}\n`,
      );
      const missing = chits.missing ? ` (${chits.missing} chits missing)` : '';
      return [
        {
          figure: 'send → chit p99',
          measured: `${ms(chits.p99)}${missing}`,
          baseline: `send → KDS p99 ${ms(baseline.p99)} (${SEND.rate}/s)`,
          ratio: ratio(chits.p99, baseline.p99),
          target: '',
        },
        {
          figure: 'send → chit p50',
          measured: ms(chits.p50),
          baseline: `send → KDS p50 ${ms(baseline.p50)} (${SEND.rate}/s)`,
          ratio: ratio(chits.p50, baseline.p50),
          target: '',
        },
      ];
    } finally {
      // Its driver stops polling, and the next figure's printer is the station's only one.
      await manager.request('DELETE', '/api/devices/bench-cold-printer');
      await sim.close();
      manager.close();
      waiter.close();
    }
  },
};

export const receiptRateFigure: Figure = {
  name: 'receipt-rate',
  async run(bench) {
    const skip = skipped('receipt-rate');
    if (skip) return skip;
    const node = await bench.oneNode();
    console.log(
      `receipts through one 9600-baud port: ${CHITS.receipts} card sales at pos-1 (payments' orders), their receipts` +
        ` queued while its receipt printer is out of paper, drained once it is back`,
    );
    const { manager, waiter } = await clients(node.baseUrl);
    const sim = await printerSim('receipt-rate', 'PAPER_OUT');
    try {
      await setUpPrinter(manager, 'bench-receipt-printer', sim, { receiptsOf: 'pos-1' }, 'PAPER_OUT');
      await mapLimit(CHITS.receipts, 8, async () => {
        const paid = await payByCard(waiter, await ring(waiter));
        if (paid.status !== 201) throw new Error(`the payment answered ${paid.status}: ${paid.text.slice(0, 300)}`);
      });
      for (let queued = 0, started = Date.now(); queued < CHITS.receipts; await sleep(200)) {
        if (Date.now() - started > 30_000) throw new Error(`only ${queued} of ${CHITS.receipts} receipts were queued`);
        const { jobs } = await manager.json<{ jobs: { kind: string; status: string }[] }>(
          'GET',
          '/api/devices/bench-receipt-printer/jobs',
          undefined,
          200,
        );
        queued = jobs.filter((j) => j.kind === 'RECEIPT' && j.status === 'QUEUED').length;
      }
      const times: number[] = [];
      let bytes = 0;
      // The printer is this figure's own: pos-1 had no receipt printer before, so every paper on it is one of these.
      const drained = new Promise<void>((resolve) =>
        sim.onJob((job, lastByteAt) => {
          bytes += job.length;
          if (times.push(lastByteAt) === CHITS.receipts) resolve();
        }),
      );
      sim.mode = 'ONLINE';
      await Promise.race([drained, sleep(60_000 + CHITS.receipts * 1000)]);
      if (times.length < 2) throw new Error(`the printer printed ${times.length} of ${CHITS.receipts} receipts`);
      // From the first receipt's last byte to the last's: the wait for the printer to come back is not in the rate.
      const rate = ((times.length - 1) * 1000) / (times.at(-1)! - times[0]!);
      const bytesPerReceipt = bytes / times.length;
      const limit = WIRE_BYTES_PER_SECOND / bytesPerReceipt;
      console.log(
        `   ${times.length} of ${CHITS.receipts} receipts printed, ${rate.toFixed(1)}/s; a receipt is ${Math.round(bytesPerReceipt)} bytes,` +
          ` and the driver asks for two status bytes after each (6 bytes its way)\n` +
          `   9600 baud 8N1 carries ${WIRE_BYTES_PER_SECOND} bytes/s: ${limit.toFixed(2)} receipts/s. A pseudo-terminal does not pace` +
          ` bytes at the baud rate, so the ratio is how far Comanda outruns the wire: above 1, the port is the limit\n`,
      );
      return [
        {
          figure: 'receipts/s, one 9600-baud port',
          measured: `${rate.toFixed(1)}/s${times.length < CHITS.receipts ? ` (${CHITS.receipts - times.length} not printed)` : ''}`,
          baseline: `9600 baud 8N1 ÷ ${Math.round(bytesPerReceipt)} B = ${limit.toFixed(2)}/s`,
          ratio: ratio(rate, limit),
          target: '',
        },
      ];
    } finally {
      await manager.request('DELETE', '/api/devices/bench-receipt-printer');
      await sim.close();
      manager.close();
      waiter.close();
    }
  },
};

export const idleDevicesFigure: Figure = {
  name: 'idle-devices',
  async run() {
    const skip = skipped('idle-devices');
    if (skip) return skip;
    // A node of its own: the shared one still has the earlier figures' tickets, timers and outbox to get through.
    const node = await startChildNode();
    const seconds = CHITS.idleWindowMs / 1000;
    console.log(
      `idle devices: the node's CPU over ${seconds} s with no printer, then over ${seconds} s with ${CHITS.idleDevices}` +
        ` printers online and idle (each polled every 500 ms), on a node of its own`,
    );
    const manager = new HttpClient(node.baseUrl, 4);
    await manager.login('mgr-1', '1234');
    const sims: PrinterSim[] = [];
    try {
      await sleep(2_000); // its start-up settled
      const idle = cpuMeter(node.pid);
      await sleep(CHITS.idleWindowMs);
      const none = idle();
      sims.push(...(await Promise.all(Array.from({ length: CHITS.idleDevices }, (_, i) => printerSim(`idle-${i}`)))));
      await mapLimit(sims.length, 4, (i) =>
        setUpPrinter(manager, `bench-idle-${i}`, sims[i]!, { receiptsOf: 'pos-1' }, 'ONLINE'),
      );
      await sleep(2_000);
      const polled = cpuMeter(node.pid);
      await sleep(CHITS.idleWindowMs);
      const busy = polled();
      const percent = (reading: { nodeMs: number }) => (reading.nodeMs / CHITS.idleWindowMs) * 100;
      console.log(`   no printer: ${none.line}\n   ${CHITS.idleDevices} printers: ${busy.line}`);
      console.log(
        `   each printer costs the node ${((busy.nodeMs - none.nodeMs) / seconds / CHITS.idleDevices).toFixed(2)} ms of CPU a second\n`,
      );
      return [
        {
          figure: `node CPU, ${CHITS.idleDevices} printers idle-polled`,
          measured: `${percent(busy).toFixed(1)}% of a core`,
          baseline: `no printer ${percent(none).toFixed(1)}%`,
          ratio: ratio(percent(busy), percent(none)),
          target: '',
        },
      ];
    } finally {
      manager.close();
      await node.stop();
      await Promise.all(sims.map((sim) => sim.close()));
    }
  },
};
