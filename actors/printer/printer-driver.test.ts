import pino from 'pino';
import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import type { PrinterStatus } from '../../shared/contract/index.js';
import type { HeldJob } from './print-queue.js';
import { PrinterDriver } from './printer-driver.js';
import { REAL_TIME_KICK } from './printer-status.js';
import { until } from '../../test/support/processes.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const JOB = Uint8Array.of(0x1b, 0x40, 0x41, 0x0a);
/** What the test's render gives a drawer kick: ESC p on pin 2, as escpos.ts's kickBytes starts it. */
const KICK = Uint8Array.of(0x1b, 0x70, 0x00, 0x32, 0xfa);

/** What the test needs of @serialport/binding-mock's port (its types do not resolve under NodeNext). */
interface MockWrites {
  write(buffer: Buffer): Promise<void>;
  emitData(data: Buffer): void;
}

/** The printer on the mock port, one without ASB: answers each DLE EOT n from `replies` (null: silent) and keeps what else came. */
function printerOn(path: string, replies: { current: Record<number, number> | null; outWithJob?: true }) {
  const printed: number[] = [];
  SerialPortMock.binding.createPort(path, { echo: false, record: true });
  const open = (): SerialPortMock => {
    const port = new SerialPortMock({ path, baudRate: 9600, autoOpen: false });
    const opening = port.open.bind(port);
    // The mock binding exists once the port is open: the printer answers on it before the driver hears it opened.
    port.open = (callback?: (error: Error | null) => void) =>
      opening((error) => {
        if (!error) answerOn(port.port as unknown as MockWrites);
        callback?.(error);
      });
    return port;
  };
  const answerOn = (binding: MockWrites) => {
    const write = binding.write.bind(binding);
    binding.write = async (buffer: Buffer) => {
      await write(buffer);
      for (let i = 0; i < buffer.length; i++) {
        if (buffer[i] === 0x10 && buffer[i + 1] === 0x04) {
          // A printer whose paper ran out with the job it printed says so from then on.
          const now = replies.outWithJob && printed.length > 0 ? PAPER_OUT : replies.current;
          const reply = now?.[buffer[i + 2]!];
          if (reply !== undefined) setTimeout(() => binding.emitData(Buffer.of(reply)), 1);
          i += 2;
          // ASB asked for (GS a n): this printer has none, and pushes nothing.
        } else if (buffer[i] === 0x1d && buffer[i + 1] === 0x61) i += 2;
        else printed.push(buffer[i]!);
      }
    };
  };
  return { open, printed };
}

function driverWith(
  open: () => SerialPortMock,
  jobs: HeldJob[],
  statuses: PrinterStatus[],
  { failoverMs = 150, pollMs = 20, kicks = [] as HeldJob[], clock = () => new Date() } = {},
) {
  const done: string[] = [];
  let claims = 0;
  const later: string[] = [];
  const moved: string[] = [];
  let opens = 0;
  const driver = new PrinterDriver({
    deviceId: 'grill-printer',
    backupId: 'backup-printer',
    openPort: () => {
      opens++;
      return open();
    },
    queue: {
      claim: () => (claims++, Promise.resolve(jobs[0] ?? null)),
      printed: (job) => {
        done.push(job.id);
        jobs.shift();
        return Promise.resolve();
      },
      later: (job) => {
        later.push(job.id);
        return Promise.resolve();
      },
      move: (_, backupId) => {
        moved.push(backupId);
        jobs.length = 0;
        return Promise.resolve(1);
      },
      waiting: () => Promise.resolve(jobs.length > 0),
      takeKick: () => Promise.resolve(kicks.shift() ?? null),
    },
    holder: 'test',
    render: (job) => (job.kind === 'DRAWER_KICK' ? KICK : JOB),
    report: (status) => {
      statuses.push(status);
      return Promise.resolve();
    },
    reportDrawer: () => Promise.resolve(),
    afterPrint: () => null,
    // A reply waited for a second: a loaded machine is slow, and silence would read as OFFLINE.
    timing: { pollMs, replyMs: 1000, livenessMs: 60_000, firstRetryMs: 40, maxRetryMs: 160, failoverMs },
    logger: pino({ level: 'silent' }),
    clock,
  });
  return { driver, done, later, moved, opens: () => opens, claims: () => claims };
}

const job = (id: string, kind: HeldJob['kind'] = 'CHIT'): HeldJob => ({ id, kind, document: {}, attempts: 1, reprint: false });
const ONLINE: Record<number, number> = { 1: 0x12, 2: 0x12, 4: 0x12 };
const PAPER_OUT: Record<number, number> = { 1: 0x1a, 2: 0x32, 4: 0x72 };

describe('the printer driver, on @serialport/binding-mock', () => {
  let stop: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await stop?.();
    SerialPortMock.binding.reset();
  });

  it('reads each status from the replies, and prints a job only once the printer says it took it', async () => {
    const replies = { current: { 1: 0x1a, 2: 0x32, 4: 0x72 } as Record<number, number> | null };
    const printer = printerOn('/dev/ttyMOCK0', replies);
    const statuses: PrinterStatus[] = [];
    const jobs = [job('a'), job('b')];
    const { driver, done } = driverWith(printer.open, jobs, statuses, { failoverMs: 60_000 });
    stop = () => driver.stop();
    await until('the paper out read', async () => statuses.includes('PAPER_OUT'));
    expect(statuses).toEqual(['PAPER_OUT']);
    expect(done).toEqual([]);
    replies.current = { 1: 0x1a, 2: 0x16, 4: 0x12 };
    await until('the cover open read', async () => statuses.includes('COVER_OPEN'));
    replies.current = ONLINE;
    await until('both jobs printed', async () => done.length === 2);
    expect(statuses).toEqual(['PAPER_OUT', 'COVER_OPEN', 'ONLINE']);
    expect(done).toEqual(['a', 'b']);
    expect(printer.printed).toEqual([...JOB, ...JOB]);
    replies.current = null;
    await until('the silence read as OFFLINE', async () => statuses.at(-1) === 'OFFLINE');
  });

  it('keeps a job whose status after it is bad for later, and fails over once the printer stayed unusable', async () => {
    const printer = printerOn('/dev/ttyMOCK1', { current: ONLINE, outWithJob: true });
    const statuses: PrinterStatus[] = [];
    const { driver, done, later, moved } = driverWith(printer.open, [job('a')], statuses);
    stop = () => driver.stop();
    await until('the jobs moved to the backup', async () => moved.length > 0);
    expect(printer.printed).toEqual([...JOB]);
    expect(done).toEqual([]);
    expect(later).toEqual(['a']);
    expect(statuses).toEqual(['ONLINE', 'PAPER_OUT']);
    expect(moved).toEqual(['backup-printer']);
  });

  it('a port that is not there is OFFLINE and tried again after waits that double, not in a loop', async () => {
    const statuses: PrinterStatus[] = [];
    const { driver, opens } = driverWith(
      () => new SerialPortMock({ path: '/dev/ttyNOPE', baudRate: 9600, autoOpen: false }),
      [],
      statuses,
    );
    stop = () => driver.stop();
    await sleep(500);
    expect(statuses).toEqual(['OFFLINE']);
    // 40, 80, 160, 160 ms: four or five tries in half a second (fewer on a loaded machine), where a loop would make thousands.
    expect(opens()).toBeGreaterThanOrEqual(2);
    expect(opens()).toBeLessThanOrEqual(6);
  });

  it('kicks the drawer ahead of the paper, in real time while the paper is out, and never twice', async () => {
    const replies = { current: PAPER_OUT as Record<number, number> | null };
    const printer = printerOn('/dev/ttyMOCK2', replies);
    const statuses: PrinterStatus[] = [];
    const kicks = [job('kick-1', 'DRAWER_KICK')];
    const { driver, done } = driverWith(printer.open, [job('receipt')], statuses, { failoverMs: 60_000, kicks });
    stop = () => driver.stop();
    await until('the kick sent', async () => printer.printed.length > 0);
    // The receipt waits for the paper; the drawer opened by DLE DC4, which the printer executes offline.
    expect(printer.printed).toEqual([...REAL_TIME_KICK]);
    expect(done).toEqual([]);
    replies.current = ONLINE;
    await until('the receipt printed', async () => done.length > 0);
    expect(done).toEqual(['receipt']);
    expect(printer.printed).toEqual([...REAL_TIME_KICK, ...JOB]);
  });

  it('a kick sent while the printer prints goes by ESC p, and is not sent again when the status after it is bad', async () => {
    const printer = printerOn('/dev/ttyMOCK3', { current: ONLINE, outWithJob: true });
    const statuses: PrinterStatus[] = [];
    const kicks = [job('kick-1', 'DRAWER_KICK')];
    const { driver, later } = driverWith(printer.open, [], statuses, { failoverMs: 60_000, kicks });
    stop = () => driver.stop();
    await until('the paper out after the kick', async () => statuses.includes('PAPER_OUT'));
    expect(statuses).toEqual(['ONLINE', 'PAPER_OUT']);
    expect(printer.printed).toEqual([...KICK]);
    expect(later).toEqual([]);
  });

  it('prints a job queued between two rounds at once when woken, not at the next round', async () => {
    const printer = printerOn('/dev/ttyMOCK4', { current: ONLINE });
    const statuses: PrinterStatus[] = [];
    const jobs: HeldJob[] = [];
    // Rounds a minute apart: only the wake can print it within the test.
    const { driver, done } = driverWith(printer.open, jobs, statuses, { pollMs: 60_000 });
    stop = () => driver.stop();
    await until('the printer online', async () => statuses.includes('ONLINE'));
    jobs.push(job('a'));
    driver.wake();
    await until('the job printed', async () => done.length > 0);
    expect(done).toEqual(['a']);
    expect(printer.printed).toEqual([...JOB]);
  });

  it('reads the queue when told of a job, not at every round: an idle printer costs the database nothing each poll', async () => {
    const printer = printerOn('/dev/ttyMOCK5', { current: ONLINE });
    const statuses: PrinterStatus[] = [];
    const jobs: HeldJob[] = [];
    // A clock that stands still: the queue's own check, every few seconds, never comes due in the test.
    const now = new Date();
    const { driver, done, claims } = driverWith(printer.open, jobs, statuses, { clock: () => now });
    stop = () => driver.stop();
    await sleep(300);
    expect(statuses).toEqual(['ONLINE']);
    // Rounds every 20 ms: one read when it came online, none since.
    expect(claims()).toBe(1);
    jobs.push(job('a'));
    driver.wake();
    await until('the job printed', async () => done.length > 0);
    expect(done).toEqual(['a']);
  });
});
