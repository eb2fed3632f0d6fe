import { performance } from 'node:perf_hooks';
import { ptyPair } from '../pty-pair.js';

/** What the simulated printer is doing: it answers status queries as a real one would, or not at all when off. */
export type SimMode = 'ONLINE' | 'PAPER_NEAR_END' | 'PAPER_OUT' | 'COVER_OPEN' | 'ERROR' | 'OFF';

/** The DLE EOT n replies of each mode (../shared/DEVICES.md): a reply is 0x12 with its flags. */
const REPLIES: Record<Exclude<SimMode, 'OFF'>, { 1: number; 2: number; 3: number; 4: number }> = {
  ONLINE: { 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12 },
  PAPER_NEAR_END: { 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12 | 0x0c },
  PAPER_OUT: { 1: 0x12 | 0x08, 2: 0x12 | 0x20, 3: 0x12, 4: 0x12 | 0x60 },
  COVER_OPEN: { 1: 0x12 | 0x08, 2: 0x12 | 0x04, 3: 0x12, 4: 0x12 },
  ERROR: { 1: 0x12 | 0x08, 2: 0x12 | 0x40, 3: 0x12 | 0x20, 4: 0x12 },
};

const DLE = 0x10;
const EOT = 0x04;
const DC4 = 0x14;
const ESC = 0x1b;
const GS = 0x1d;

/** The four ASB bytes (GS a) of a mode, from the same flags as its DLE EOT replies, laid out as Epson's manual has them. */
function asbOf(mode: Exclude<SimMode, 'OFF'>, drawerOpen: boolean): Buffer {
  const { 1: printer, 2: cause, 3: error, 4: paper } = REPLIES[mode];
  return Buffer.of(
    0x10 | (printer & 0x08) | (drawerOpen ? 0x04 : 0) | (cause & 0x04 ? 0x20 : 0),
    error & 0x6c,
    (paper & 0x60 ? 0x0c : 0) | (paper & 0x0c ? 0x03 : 0),
    0x00,
  );
}

export interface SimOptions {
  /** A model with automatic status back: once asked (GS a n), it pushes its four status bytes on every change. */
  asb?: boolean;
}

export interface PrinterSim {
  /** The path Comanda opens: one end of a pseudo-terminal pair made by socat. */
  path: string;
  mode: SimMode;
  /** What it printed, one job per ESC @ (initialise), status queries left out; only what came while it could print. */
  jobs: () => Buffer[];
  /**
   * Calls `listener` with each job it printed and when (performance.now()) the job's last byte came, once the job is
   * known to be whole: at the status query after it, which the driver sends after every job.
   */
  onJob: (listener: (job: Buffer, lastByteAt: number) => void) => void;
  /** After the next `jobs` complete jobs (and the poll after the last), the paper runs out. */
  paperOutAfter: (jobs: number) => void;
  /** As the next job arrives, it prints it and stops answering, as if busy with it for ever. */
  hangOnNextJob: () => void;
  /** Done with the job it hung on: it answers again. */
  resume: () => void;
  /** Pulls the cable: socat goes, and both ends of the pair with it. */
  unplug: () => Promise<void>;
  close: () => Promise<void>;
  /** The cash drawer on its kick connector: a kick springs it open, a cashier shuts it. Read by DLE EOT 1, bit 2. */
  drawerOpen: boolean;
  /** Every drawer kick it executed (ESC p m t1 t2, or the real-time DLE DC4 1 m t), as its five bytes, in order. */
  kicks: () => Buffer[];
  /** The n of every status query (DLE EOT n) it got, in order. */
  queries: () => number[];
  /** How many times it pushed its status (ASB). */
  pushes: () => number;
}

/**
 * A serial receipt printer on the far end of a socat pseudo-terminal pair: it answers DLE EOT n as an ESC/POS
 * printer does (online, paper near end or out, cover open, error) or stays silent when off, pushes its status
 * when it has ASB and was asked to, and records the bytes it printed.
 */
export async function startPrinterSim(
  dir: string,
  name: string,
  startMode: SimMode = 'ONLINE',
  options: SimOptions = {},
): Promise<PrinterSim> {
  const cable = await ptyPair(dir, name);
  const { port } = cable;

  let pending = Buffer.alloc(0);
  const printed: Buffer[] = [];
  let paperOutAfter: number | null = null;
  /** Armed: the next job hangs it. Hung: it prints that job but answers nothing, as if busy with it for ever. */
  let armed = false;
  let hung = false;
  const listeners: ((job: Buffer, lastByteAt: number) => void)[] = [];
  /** When the last printed byte came, and whether the job it belongs to has not been told to the listeners yet. */
  let lastByteAt = 0;
  let jobUntold = false;
  let mode = startMode;
  let drawerOpen = false;
  /** ASB asked for by GS a; a printer powered off forgets it. */
  let pushing = false;
  let pushed = 0;
  const queries: number[] = [];
  const kicks: Buffer[] = [];
  const push = () => {
    if (!pushing || hung || mode === 'OFF') return;
    pushed++;
    port.write(asbOf(mode, drawerOpen));
  };
  const sim: PrinterSim = {
    path: cable.path,
    get mode() {
      return mode;
    },
    set mode(next) {
      if (next === mode) return;
      mode = next;
      if (mode === 'OFF') pushing = false;
      push();
    },
    jobs: () => printed.map((b) => Buffer.from(b)),
    onJob: (listener) => void listeners.push(listener),
    paperOutAfter: (jobs) => void (paperOutAfter = jobs),
    hangOnNextJob: () => void (armed = true),
    resume: () => void (hung = false),
    unplug: cable.unplug,
    close: cable.close,
    get drawerOpen() {
      return drawerOpen;
    },
    set drawerOpen(open) {
      if (open === drawerOpen) return;
      drawerOpen = open;
      push();
    },
    kicks: () => kicks.map((b) => Buffer.from(b)),
    queries: () => [...queries],
    pushes: () => pushed,
  };
  const kick = (bytes: Buffer) => {
    kicks.push(Buffer.from(bytes));
    sim.drawerOpen = true;
  };

  const canPrint = () => sim.mode === 'ONLINE' || sim.mode === 'PAPER_NEAR_END';
  const print = (bytes: number[]) => {
    if (bytes.length === 0 || !canPrint()) return;
    const chunk = Buffer.from(bytes);
    // ESC @ starts a job; anything else goes on the job before it.
    if ((chunk[0] === ESC && chunk[1] === 0x40) || printed.length === 0) printed.push(chunk);
    else printed[printed.length - 1] = Buffer.concat([printed.at(-1)!, chunk]);
    lastByteAt = performance.now();
    jobUntold = true;
  };
  const tellJob = () => {
    if (!jobUntold) return;
    jobUntold = false;
    for (const listener of listeners) listener(Buffer.from(printed.at(-1)!), lastByteAt);
  };
  const answer = (n: number) => {
    queries.push(n);
    if (hung || sim.mode === 'OFF') return;
    const replies = REPLIES[sim.mode];
    const drawer = n === 1 && sim.drawerOpen ? 0x04 : 0;
    port.write(Buffer.of((replies[n as 1 | 2 | 3 | 4] ?? 0x12) | drawer));
    // The paper query ends a poll: the one after the last of those jobs is answered online, then the paper runs out.
    if (n === 4 && paperOutAfter !== null && printed.length >= paperOutAfter) {
      paperOutAfter = null;
      sim.mode = 'PAPER_OUT';
    }
  };

  port.on('data', (data: Buffer) => {
    pending = Buffer.concat([pending, data]);
    let text: number[] = [];
    let i = 0;
    for (; i < pending.length; i++) {
      if (pending[i] === DLE && i + 1 >= pending.length) break;
      if (pending[i] === DLE && pending[i + 1] === EOT) {
        if (i + 2 >= pending.length) break;
        print(text);
        text = [];
        tellJob();
        answer(pending[i + 2]!);
        i += 2;
        continue;
      }
      // The real-time pulse is executed as it comes, printing or not (DLE DC4 1 m t), and is no paper.
      if (pending[i] === DLE && pending[i + 1] === DC4) {
        if (i + 4 >= pending.length) break;
        if (sim.mode !== 'OFF' && !hung) kick(pending.subarray(i, i + 5));
        i += 4;
        continue;
      }
      // GS a n: ASB asked for, or off (n = 0); a model without it ignores it. Never paper either.
      if (pending[i] === GS && (i + 1 >= pending.length || pending[i + 1] === 0x61)) {
        if (i + 2 >= pending.length) break;
        if (options.asb && sim.mode !== 'OFF') {
          pushing = pending[i + 2] !== 0;
          push();
        }
        i += 2;
        continue;
      }
      // ESC p is in the buffer with the paper: a printer that cannot print does not get to it.
      if (pending[i] === ESC && (i + 1 >= pending.length || pending[i + 1] === 0x70)) {
        if (i + 4 >= pending.length) break;
        if (canPrint()) kick(pending.subarray(i, i + 5));
      }
      if (pending[i] === ESC && pending[i + 1] === 0x40 && armed) {
        armed = false;
        hung = true;
      }
      text.push(pending[i]!);
    }
    print(text);
    pending = pending.subarray(i);
  });
  return sim;
}
