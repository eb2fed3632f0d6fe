/**
 * `npm run bench [-- <figure> ...]`: the runtime's figures on this machine, load generator included, each printed
 * beside a baseline measured in the same run and as a ratio to it (issue 9's table). One file per figure:
 *
 *   send-to-kds        send → ticket on a KDS socket, p99 over a lone commit's p99 (send-to-kds.ts)
 *   drawer-to-manager  pay-in → drawer on a manager's socket, p50/p99 over send → KDS's (drawer-to-manager.ts)
 *   payment-to-customer  card payment → PAID on the customer display's socket, p50/p99 over send → KDS's (payments.ts)
 *   add-item           add-item/s on long orders over short ones, and on short ones over raw INSERTs (add-item.ts)
 *   payments           card payments/s, 50 clients, over add-item/s at the same concurrency (payments.ts)
 *   x-report           X report of a 5,000-order day over a SELECT of its rows (x-report.ts)
 *   memory             heap per live order actor (memory.ts)
 *   manager-memory     heap and RSS per connected manager screen (manager-memory.ts)
 *   startup            `npm start` → healthy (startup.ts)
 *   cluster            send → KDS p50 on a cluster over one node's (cluster.ts)
 *   recovery           actors answering again after kill -9 of a node, over the heartbeat timeout (recovery.ts)
 *   hardening          bad requests refused/s with send → KDS p99 held, and add-item/s with the guards over without (hardening.ts)
 *   chit-latency       send → a dark station's chit at its printer, p50/p99 over send → KDS's (printers.ts)
 *   receipt-rate       receipts/s through one 9600-baud port over what 9600 baud 8N1 carries (printers.ts)
 *   idle-devices       the node's CPU with 20 printers idle-polled over its CPU with none (printers.ts)
 *
 * The nodes run as child processes so the load generator and a node do not share an event loop. BENCH_QUICK=1 runs
 * small counts, to check the bench end to end on a busy machine; its figures are not the ones to quote.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { machineTicks, sleep } from '../test/support/processes.js';
import { addItemFigure } from './add-item.js';
import { clusterFigure } from './cluster.js';
import {
  cleanUp,
  CLIENT_NOTE,
  logSummary,
  QUICK,
  startSharedNode,
  table,
  type ChildNode,
  type Figure,
  type Row,
  type Run,
} from './common.js';
import { drawerToManagerFigure } from './drawer-to-manager.js';
import { paymentsFigure, paymentToCustomerFigure } from './payments.js';
import { chitLatencyFigure, idleDevicesFigure, receiptRateFigure } from './printers.js';
import { managerMemoryFigure } from './manager-memory.js';
import { memoryFigure } from './memory.js';
import { recoveryFigure } from './recovery.js';
import { sendToKdsFigure } from './send-to-kds.js';
import { startupFigure } from './startup.js';
import { hardeningFigure } from './hardening.js';
import { xReportFigure } from './x-report.js';

const FIGURES: Figure[] = [
  sendToKdsFigure,
  drawerToManagerFigure,
  paymentToCustomerFigure,
  addItemFigure,
  paymentsFigure,
  xReportFigure,
  memoryFigure,
  managerMemoryFigure,
  startupFigure,
  clusterFigure,
  recoveryFigure,
  hardeningFigure,
  chitLatencyFigure,
  receiptRateFigure,
  idleDevicesFigure,
];
// Room for the drawer, X report, manager-screen and printer figures (the X report's day rung through the API above
// all; the printers' take about three minutes, most of it the chits' open loop and the idle windows).
const OVERALL_TIMEOUT_MS = QUICK ? 480_000 : 1_400_000;

function chosen(names: string[]): Figure[] {
  if (names.length === 0) return FIGURES;
  const unknown = names.filter((n) => !FIGURES.some((f) => f.name === n));
  if (unknown.length > 0)
    throw new Error(`unknown figure ${unknown.join(', ')}: the figures are ${FIGURES.map((f) => f.name).join(', ')}`);
  return FIGURES.filter((f) => names.includes(f.name));
}

async function main() {
  const figures = chosen(process.argv.slice(2));
  const watchdog = setTimeout(() => {
    process.stderr.write(`bench: still running after ${OVERALL_TIMEOUT_MS / 1000} s; giving up\n`);
    void cleanUp().finally(() => process.exit(2));
  }, OVERALL_TIMEOUT_MS);
  watchdog.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
  }

  const began = performance.now();
  console.log(
    `Comanda bench${QUICK ? ' (BENCH_QUICK: small counts, not figures to quote)' : ''}: ${os.cpus().length} cores` +
      ` (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}; figures: ${figures.map((f) => f.name).join(', ')}`,
  );
  const idle = machineTicks();
  await sleep(1_000);
  const idleEnd = machineTicks();
  const busyBefore = (idleEnd.busy - idle.busy) / (idleEnd.total - idle.total);
  console.log(
    `machine before the run: ${Math.round(busyBefore * 100)}% busy over 1 s, load average ${os.loadavg()[0]!.toFixed(2)}` +
      (busyBefore > 0.1 ? ' (something else is running: the figures will be lower than on a quiet machine)' : ''),
  );
  console.log(`client: ${CLIENT_NOTE}; nodes run as child processes (node --import tsx start.ts, LOG_LEVEL=warn)\n`);

  // Stopped at cleanup, as everything the figures start.
  let node: Promise<ChildNode> | null = null;
  const run: Run = { oneNode: () => (node ??= startSharedNode()), measured: {} };
  const rows: Row[] = [];
  for (const figure of figures) {
    // A figure that fails is reported in its row; the others still run.
    try {
      rows.push(...(await figure.run(run)));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(
        `bench: figure ${figure.name} failed: ${error instanceof Error ? (error.stack ?? message) : message}\n`,
      );
      rows.push({ figure: figure.name, measured: 'FAILED', baseline: message.slice(0, 80), ratio: '', target: '' });
    }
  }

  table(rows);
  logSummary();
  console.log(`\nclient: ${CLIENT_NOTE}. Whole run ${((performance.now() - began) / 1000).toFixed(0)} s.`);
}

main()
  .then(cleanUp)
  .then(
    () => process.exit(0),
    async (error: unknown) => {
      process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      await cleanUp();
      process.exit(1);
    },
  );
