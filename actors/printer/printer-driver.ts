import type { Logger } from 'pino';
import type { PrinterStatus } from '../../shared/contract/index.js';
import { canPrint, drawerIsOpen, isStatusReply, printerStatus, STATUS_QUERY, statusQuery, type StatusReplies } from './escpos.js';
import type { HeldJob, PrintQueue } from './print-queue.js';

/** What the driver needs of a serial port: `serialport`'s SerialPort, or its SerialPortMock in unit tests. */
export interface Port {
  readonly isOpen: boolean;
  open(callback: (error: Error | null) => void): void;
  write(data: Uint8Array): boolean;
  drain(callback: (error: Error | null) => void): void;
  close(callback?: (error: Error | null) => void): void;
  on(event: 'data', listener: (data: Buffer) => void): this;
  on(event: 'close' | 'error', listener: (error?: Error | null) => void): this;
}

export interface DriverTiming {
  /** Between status polls while nothing prints. */
  pollMs: number;
  /** How long a status query waits for its byte: a printer answers at once, so silence is OFFLINE. */
  replyMs: number;
  /** Between attempts to open a port that is not there, doubling up to `maxRetryMs`. */
  firstRetryMs: number;
  maxRetryMs: number;
  /** How long a printer may stay unusable with jobs waiting before they move to its backup. */
  failoverMs: number;
}

export const DEFAULT_TIMING: Omit<DriverTiming, 'failoverMs'> = {
  pollMs: 500,
  replyMs: 400,
  firstRetryMs: 1000,
  maxRetryMs: 30_000,
};

export interface DriverOptions {
  deviceId: string;
  backupId: string | null;
  /** A new port for the device (not opened yet). */
  openPort: () => Port;
  queue: Pick<PrintQueue, 'claim' | 'printed' | 'later' | 'move' | 'waiting'>;
  /** This driver's name on the jobs it holds. */
  holder: string;
  /** The bytes of a job. */
  render: (job: HeldJob) => Uint8Array;
  /** Tells the printer actor its status changed. */
  report: (status: PrinterStatus) => Promise<void>;
  /** Tells it the drawer on its kick connector opened or shut (the first reading too). */
  reportDrawer: (open: boolean) => Promise<void>;
  /** What to tell once a job printed (the station, for a chit). */
  afterPrint: Parameters<PrintQueue['printed']>[2];
  timing: DriverTiming;
  logger: Logger;
  clock: () => Date;
}

/**
 * One printer's driver, on the node that holds its port: polls the printer's real-time status, tells its actor
 * each change, and prints its queue one job at a time while it can. A port that is not there (unplugged, a
 * wrong path) is OFFLINE and opened again after a wait that doubles up to half a minute: never a busy loop.
 */
export class PrinterDriver {
  private port: Port | null = null;
  private received: number[] = [];
  private replyWaiter: (() => void) | null = null;
  private status: PrinterStatus | null = null;
  private drawerOpen: boolean | null = null;
  private unusableSince: number | null = null;
  private stopped = false;
  private sleeper: { timer: NodeJS.Timeout; wake: () => void } | null = null;
  private readonly running: Promise<void>;

  constructor(private readonly o: DriverOptions) {
    this.running = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.sleeper?.wake();
    await this.running;
    await this.closePort();
  }

  private async run(): Promise<void> {
    let retryMs = this.o.timing.firstRetryMs;
    while (!this.stopped) {
      try {
        if (!this.port) {
          const opened = await this.openPort();
          if (!opened) {
            await this.seen('OFFLINE');
            await this.sleep(retryMs);
            retryMs = Math.min(retryMs * 2, this.o.timing.maxRetryMs);
            continue;
          }
          retryMs = this.o.timing.firstRetryMs;
        }
        const status = await this.poll();
        await this.seen(status);
        if (canPrint(status) && (await this.printNext())) continue;
      } catch (error) {
        this.o.logger.warn({ err: error, deviceId: this.o.deviceId }, 'printer driver round failed');
      }
      await this.sleep(this.o.timing.pollMs);
    }
  }

  private openPort(): Promise<boolean> {
    const port = this.o.openPort();
    return new Promise((resolve) => {
      port.open((error) => {
        if (error) return resolve(false);
        port.on('data', (data) => {
          // Only a byte a query waits for is kept: anything else (an ASB push, noise) is not a reply to it.
          if (!this.replyWaiter) return;
          for (const byte of data) if (isStatusReply(byte)) this.received.push(byte);
          this.replyWaiter();
        });
        // Unplugged: the port closes under us; the next round opens it again, after its wait.
        port.on('close', () => {
          if (this.port === port) this.port = null;
          this.sleeper?.wake();
        });
        port.on('error', (err) => this.o.logger.debug({ err, deviceId: this.o.deviceId }, 'printer port error'));
        this.port = port;
        resolve(true);
      });
    });
  }

  private async closePort(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  /** One status byte for DLE EOT n, or null when the printer said nothing in time. */
  private async query(n: number): Promise<number | null> {
    const port = this.port;
    if (!port) return null;
    this.received = [];
    const reply = new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        this.replyWaiter = null;
        resolve(null);
      }, this.o.timing.replyMs);
      this.replyWaiter = () => {
        if (this.received.length === 0) return;
        clearTimeout(timer);
        this.replyWaiter = null;
        resolve(this.received.shift()!);
      };
    });
    port.write(statusQuery(n));
    return reply;
  }

  /** The printer's status now, from its replies: a printer that does not answer is OFFLINE. */
  private async poll(): Promise<PrinterStatus> {
    const printer = await this.query(STATUS_QUERY.printer);
    if (printer === null) return 'OFFLINE';
    // The drawer sensor is in the same byte: read on every poll at no cost.
    if (drawerIsOpen(printer) !== this.drawerOpen) {
      this.drawerOpen = drawerIsOpen(printer);
      await this.o.reportDrawer(this.drawerOpen);
    }
    const replies: StatusReplies = { printer };
    if (printer & 0x08) replies.offlineCause = (await this.query(STATUS_QUERY.offlineCause)) ?? 0;
    else replies.paper = (await this.query(STATUS_QUERY.paper)) ?? 0;
    return printerStatus(replies);
  }

  /** Tells the actor of a change, and fails the queue over once the printer stayed unusable too long. */
  private async seen(status: PrinterStatus): Promise<void> {
    if (status !== this.status) {
      await this.o.report(status);
      this.status = status;
    }
    if (canPrint(status)) {
      this.unusableSince = null;
      return;
    }
    const now = this.o.clock().getTime();
    this.unusableSince ??= now;
    if (
      this.o.backupId &&
      now - this.unusableSince >= this.o.timing.failoverMs &&
      (await this.o.queue.waiting(this.o.deviceId))
    ) {
      const moved = await this.o.queue.move(this.o.deviceId, this.o.backupId);
      const { deviceId, backupId } = this.o;
      if (moved > 0) this.o.logger.warn({ deviceId, backupId, moved }, 'printer unusable: its jobs moved to its backup');
    }
  }

  /** Prints the next job, if one may print now; answers whether one printed. */
  private async printNext(): Promise<boolean> {
    const job = await this.o.queue.claim(this.o.deviceId, this.o.holder);
    if (!job) return false;
    const port = this.port;
    const drained =
      port !== null &&
      (await new Promise<boolean>((resolve) => {
        port.write(this.o.render(job));
        port.drain((error) => resolve(!error));
      }));
    // Drained is not printed: only the printer's status after the bytes says it took them.
    const after = drained ? await this.poll() : 'OFFLINE';
    if (canPrint(after)) {
      await this.o.queue.printed(job, this.o.deviceId, this.o.afterPrint);
      return true;
    }
    await this.o.queue.later(job);
    await this.seen(after);
    return false;
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleeper = null;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleeper = { timer, wake };
    });
  }
}
