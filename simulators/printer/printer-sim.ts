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
const ESC = 0x1b;

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
  /** Every drawer kick it got (ESC p m t1 t2), as its five bytes, in order. */
  kicks: () => Buffer[];
}

/**
 * A serial receipt printer on the far end of a socat pseudo-terminal pair: it answers DLE EOT n as an ESC/POS
 * printer does (online, paper near end or out, cover open, error) or stays silent when off, and records the
 * bytes it printed.
 */
export async function startPrinterSim(dir: string, name: string, mode: SimMode = 'ONLINE'): Promise<PrinterSim> {
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
  const sim: PrinterSim = {
    path: cable.path,
    mode,
    jobs: () => printed.map((b) => Buffer.from(b)),
    onJob: (listener) => void listeners.push(listener),
    paperOutAfter: (jobs) => void (paperOutAfter = jobs),
    hangOnNextJob: () => void (armed = true),
    resume: () => void (hung = false),
    unplug: cable.unplug,
    close: cable.close,
    drawerOpen: false,
    kicks: () => kicks.map((b) => Buffer.from(b)),
  };
  const kicks: Buffer[] = [];

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
      // A drawer kick is acted on as it comes, printing or not: the solenoid needs no paper.
      if (pending[i] === ESC && (i + 1 >= pending.length || pending[i + 1] === 0x70)) {
        if (i + 4 >= pending.length) break;
        kicks.push(Buffer.from(pending.subarray(i, i + 5)));
        sim.drawerOpen = true;
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
