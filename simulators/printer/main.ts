/**
 * `npm run printer -- --name grill [--dir D] [--asb] [--mode PAPER_OUT]`: a simulated serial receipt printer on a
 * socat pseudo-terminal pair, until Ctrl-C, for trying Comanda's printing with no hardware. It prints the path to
 * set the printer up with (PUT /api/devices/:id) and shows each job it prints as the paper would read; typing
 * `paper`, `out`, `cover`, `off`, `on` or `shut` (the drawer) changes what it does, as a person at the printer would.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { decodeEscPos } from './escpos-decoder.js';
import { startPrinterSim, type SimMode } from './printer-sim.js';

const MODES: Record<string, SimMode> = { paper: 'ONLINE', on: 'ONLINE', out: 'PAPER_OUT', cover: 'COVER_OPEN', off: 'OFF' };

const { values } = parseArgs({
  options: {
    name: { type: 'string', default: 'printer' },
    dir: { type: 'string' },
    asb: { type: 'boolean', default: false },
    mode: { type: 'string', default: 'ONLINE' },
  },
});
const start = values.mode as SimMode;
if (!['ONLINE', 'PAPER_NEAR_END', 'PAPER_OUT', 'COVER_OPEN', 'ERROR', 'OFF'].includes(start))
  throw new Error(`--mode must be ONLINE, PAPER_NEAR_END, PAPER_OUT, COVER_OPEN, ERROR or OFF, not "${values.mode}".`);
const dir = values.dir ?? (await mkdtemp(path.join(os.tmpdir(), 'comanda-printer-')));
const printer = await startPrinterSim(dir, values.name, start, { asb: values.asb });

console.log(`printer "${values.name}" (${values.asb ? 'with' : 'without'} ASB, ${printer.mode}) at ${printer.path}`);
console.log(
  `set it up as a manager: PUT /api/devices/${values.name} {"kind":"printer","model":"Epson TM-T20","path":"${printer.path}",` +
    `"baudRate":9600,"serves":{"receiptsOf":"pos-1"}}`,
);
console.log('type paper, out, cover, off, on, or shut (the drawer); Ctrl-C to stop');

let kicks = 0;
printer.onJob((job) => {
  const paper = decodeEscPos(job);
  const width = Math.max(32, ...paper.lines.map((l) => l.text.length));
  console.log(`\n${'-'.repeat(width)}`);
  for (const line of paper.lines) console.log(line.double ? line.text.toUpperCase() : line.text);
  for (const qr of paper.qrCodes) console.log(`[QR code: ${qr.slice(0, 40)}…]`);
  console.log(`${paper.cut ? '✂ ' : ''}${'-'.repeat(width - (paper.cut ? 2 : 0))}`);
});
setInterval(() => {
  for (; kicks < printer.kicks().length; kicks++) console.log('** drawer kicked open **');
}, 200).unref();

createInterface({ input: process.stdin }).on('line', (line) => {
  const word = line.trim().toLowerCase();
  if (word === 'shut') printer.drawerOpen = false;
  else if (MODES[word]) printer.mode = MODES[word];
  else if (word) console.log('paper, out, cover, off, on or shut');
  console.log(`now ${printer.mode}, drawer ${printer.drawerOpen ? 'open' : 'shut'}`);
});
const stop = () => void printer.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
