import type { Logger } from 'pino';
import type { PrinterStatus } from '../../shared/contract/index.js';
import { SerialLink, type LinkTiming, type SerialPortLike } from '../../shared/runtime/serial-link.js';
import { canPrint, drawerIsOpen, printerStatus, STATUS_QUERY, statusQuery, type StatusReplies } from './escpos.js';
import type { HeldJob, PrintQueue } from './print-queue.js';
import { ASB_ON, REAL_TIME_KICK, StatusBytes } from './printer-status.js';

export interface DriverTiming extends LinkTiming {
  /** How long a status query waits for its byte: a printer answers at once, so silence is OFFLINE. */
  replyMs: number;
  /**
   * How often a printer that pushes its status (ASB) is asked anyway: one powered off stops pushing, and only a
   * question it does not answer says so (one unplugged is seen at once, by its port closing).
   */
  livenessMs: number;
  /** How long a printer may stay unusable with jobs waiting before they move to its backup. */
  failoverMs: number;
}

/** How often the queue is read while nothing says it holds anything new (see `queueDue`); a retry waits at least 1 s. */
const QUEUE_CHECK_MS = 2000;

/** A printer that pushes nothing is asked every `pollMs`, one that pushes its status every `livenessMs`. */
export const DEFAULT_TIMING: Omit<DriverTiming, 'failoverMs'> = {
  pollMs: 500,
  replyMs: 400,
  livenessMs: 5000,
  firstRetryMs: 1000,
  maxRetryMs: 30_000,
};

export interface DriverOptions {
  deviceId: string;
  backupId: string | null;
  /** A new port for the device (not opened yet). */
  openPort: () => SerialPortLike;
  queue: Pick<PrintQueue, 'claim' | 'printed' | 'later' | 'move' | 'waiting' | 'takeKick'>;
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
 * One printer's driver, on the node that holds its port (a SerialLink: OFFLINE and opened again after waits that
 * double, never a busy loop): reads the printer's status each round, tells its actor each change, kicks its
 * drawer, and prints its queue one job at a time while it can. A printer that pushes its status (ASB) is heard at
 * once and asked only now and then; one that does not is asked every round.
 */
export class PrinterDriver {
  private readonly link: SerialLink<PrinterStatus>;
  private readonly bytes: StatusBytes;
  private received: number[] = [];
  private replyWaiter: (() => void) | null = null;
  /** What the printer pushed last, or what it answered since: null while it pushes nothing. */
  private pushed: StatusReplies | null = null;
  private askedAt = 0;
  /** Asked for ASB at its next answer: once the port opens, and again after a silence (powered off, it forgets). */
  private asbDue = true;
  private drawerOpen: boolean | null = null;
  private unusableSince: number | null = null;
  /**
   * Whether the queue may hold something to do now: told of a job (wake), a job just done, the printer usable
   * again. Otherwise it is read only every QUEUE_CHECK_MS (a wake from another node can be lost), not each round.
   */
  private queueDue = true;
  private queueReadAt = 0;
  private couldPrint = false;

  constructor(private readonly o: DriverOptions) {
    this.bytes = new StatusBytes({
      // Only a byte a query waits for is kept: a reply nobody waits for any more is late, not an answer.
      reply: (byte) => {
        if (!this.replyWaiter) return;
        this.received.push(byte);
        this.replyWaiter();
      },
      pushed: (replies) => {
        this.pushed = replies;
        this.link.wake();
      },
    });
    this.link = new SerialLink<PrinterStatus>({
      deviceId: o.deviceId,
      openPort: o.openPort,
      onData: (data) => this.bytes.read(data),
      onOpen: async () => {
        this.pushed = null;
        this.asbDue = true;
      },
      round: () => this.read(),
      report: o.report,
      then: (status) => this.act(status),
      timing: o.timing,
      logger: o.logger,
    });
  }

  /** A job was queued for this printer: printed now, not at the next round. */
  wake(): void {
    this.queueDue = true;
    this.link.wake();
  }

  stop(): Promise<void> {
    return this.link.stop();
  }

  /** One status byte for DLE EOT n, or null when the printer said nothing in time. */
  private async query(n: number): Promise<number | null> {
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
    this.link.write(statusQuery(n));
    return reply;
  }

  /** The printer's status now: what it pushed, while it pushes and is not due a question; else its answers. */
  private read(): Promise<PrinterStatus> {
    const heard = this.pushed !== null && this.o.clock().getTime() - this.askedAt < this.o.timing.livenessMs;
    return heard ? this.statusOf(this.pushed!) : this.poll();
  }

  /** Asks the printer its status: one that does not answer is OFFLINE. */
  private async poll(): Promise<PrinterStatus> {
    this.askedAt = this.o.clock().getTime();
    const printer = await this.query(STATUS_QUERY.printer);
    if (printer === null) {
      this.pushed = null;
      this.asbDue = true;
      return 'OFFLINE';
    }
    const replies: StatusReplies = { printer };
    if (printer & 0x08) replies.offlineCause = (await this.query(STATUS_QUERY.offlineCause)) ?? 0;
    else replies.paper = (await this.query(STATUS_QUERY.paper)) ?? 0;
    if (this.pushed) this.pushed = replies;
    if (this.asbDue) {
      // Between two questions, never inside another command's bytes; a printer without ASB pushes nothing.
      this.asbDue = false;
      this.link.write(ASB_ON);
    }
    return this.statusOf(replies);
  }

  /** What the replies say; the drawer sensor is in the printer's byte, so it is read with every status. */
  private async statusOf(replies: StatusReplies): Promise<PrinterStatus> {
    const open = drawerIsOpen(replies.printer);
    if (open !== this.drawerOpen) {
      this.drawerOpen = open;
      await this.o.reportDrawer(open);
    }
    return printerStatus(replies);
  }

  /** After each status: the drawer kicked, the next job printed, or the queue failed over to the backup. */
  private async act(status: PrinterStatus): Promise<void> {
    const now = this.o.clock().getTime();
    if (canPrint(status) && !this.couldPrint) this.queueDue = true;
    this.couldPrint = canPrint(status);
    const look = status !== 'OFFLINE' && (this.queueDue || now - this.queueReadAt >= QUEUE_CHECK_MS);
    if (look) {
      this.queueDue = false;
      this.queueReadAt = now;
      await this.kick(status);
    }
    if (canPrint(status)) {
      this.unusableSince = null;
      // Printed or not, the next round comes at once: for the next job, or to tell what the status after it was.
      if (look && (await this.printNext())) this.wake();
      return;
    }
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

  /**
   * Each drawer kick waiting, ahead of the paper: marked sent before its bytes go, so never sent twice (a drawer
   * opened twice is money at risk; one that did not open the cashier sees). ESC p through the buffer while the
   * printer prints, the real-time pulse while it cannot, which the printer executes all the same.
   */
  private async kick(status: PrinterStatus): Promise<void> {
    for (let job = await this.o.queue.takeKick(this.o.deviceId); job; job = await this.o.queue.takeKick(this.o.deviceId))
      this.link.write(canPrint(status) ? this.o.render(job) : REAL_TIME_KICK);
  }

  /** Prints the next job, if one may print now; answers whether there was one. */
  private async printNext(): Promise<boolean> {
    const job = await this.o.queue.claim(this.o.deviceId, this.o.holder);
    if (!job) return false;
    const drained = await this.link.send(this.o.render(job));
    // Drained is not printed: only the printer's status after the bytes says it took them.
    if (drained && canPrint(await this.poll())) await this.o.queue.printed(job, this.o.deviceId, this.o.afterPrint);
    else await this.o.queue.later(job);
    return true;
  }
}
