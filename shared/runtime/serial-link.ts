import type { Logger } from 'pino';

/** What a device driver needs of a serial port: `serialport`'s SerialPort, or its SerialPortMock in unit tests. */
export interface SerialPortLike {
  readonly isOpen: boolean;
  open(callback: (error: Error | null) => void): void;
  write(data: Uint8Array): boolean;
  drain(callback: (error: Error | null) => void): void;
  close(callback?: (error: Error | null) => void): void;
  on(event: 'data', listener: (data: Buffer) => void): this;
  on(event: 'close' | 'error', listener: (error?: Error | null) => void): this;
}

/** A scale's or a pole display's status: its port open and, for a scale, answering. */
export type LinkStatus = 'ONLINE' | 'OFFLINE';

export interface LinkTiming {
  /** Between rounds while the port is open. */
  pollMs: number;
  /** Between attempts to open a port that is not there, doubling up to `maxRetryMs`. */
  firstRetryMs: number;
  maxRetryMs: number;
}

export const LINK_TIMING: LinkTiming = { pollMs: 1000, firstRetryMs: 1000, maxRetryMs: 30_000 };

/** `S`: what a round can tell of the device besides OFFLINE, which is also what a port that is not there is. */
export interface LinkOptions<S extends string> {
  deviceId: string;
  /** A new port for the device (not opened yet). */
  openPort: () => SerialPortLike;
  /** Each byte the device sends. */
  onData: (data: Buffer) => void;
  /** Once the port is open: the device is fresh (powered up, plugged back) and gets its state again. */
  onOpen: () => Promise<void>;
  /** One round with the port open: the device's status (a scale answers or not; a pole display cannot say). */
  round: () => Promise<S | 'OFFLINE'>;
  /** Tells the device's actor its status changed. */
  report: (status: S | 'OFFLINE') => Promise<void>;
  /** After each status, changed or not: what the device does with it (a printer prints, or fails over). */
  then?: (status: S | 'OFFLINE') => Promise<void>;
  timing: LinkTiming;
  logger: Logger;
}

/**
 * The port of a serial device (a printer, a scale, a pole display), on the node that drives it: open, a round
 * every `pollMs`, and a port that is not there (unplugged, a wrong path) OFFLINE and opened again after a wait
 * that doubles up to half a minute, never a busy loop.
 */
export class SerialLink<S extends string = 'ONLINE'> {
  private port: SerialPortLike | null = null;
  private status: S | 'OFFLINE' | null = null;
  private stopped = false;
  private sleeper: (() => void) | null = null;
  /** Woken between two sleeps: the next one is skipped, so what woke it is not missed. */
  private woken = false;
  private readonly running: Promise<void>;

  constructor(private readonly o: LinkOptions<S>) {
    this.running = this.run();
  }

  /** Writes to the device now; false when its port is not open. */
  write(bytes: Uint8Array): boolean {
    if (!this.port?.isOpen) return false;
    this.port.write(bytes);
    return true;
  }

  /** Writes and waits until the bytes left for the device; false when its port is not open or the write failed. */
  send(bytes: Uint8Array): Promise<boolean> {
    const port = this.port;
    if (!port?.isOpen) return Promise.resolve(false);
    return new Promise((resolve) => {
      port.write(bytes);
      port.drain((error) => resolve(!error));
    });
  }

  /** The next round now, not after its wait: the device has something to say, or to do. */
  wake(): void {
    if (this.sleeper) this.sleeper();
    else this.woken = true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.running;
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  private async run(): Promise<void> {
    let retryMs = this.o.timing.firstRetryMs;
    while (!this.stopped) {
      try {
        if (!this.port) {
          if (!(await this.open())) {
            await this.seen('OFFLINE');
            await this.sleep(retryMs);
            retryMs = Math.min(retryMs * 2, this.o.timing.maxRetryMs);
            continue;
          }
          retryMs = this.o.timing.firstRetryMs;
          await this.o.onOpen();
        }
        await this.seen(await this.o.round());
      } catch (error) {
        this.o.logger.warn({ err: error, deviceId: this.o.deviceId }, 'serial device round failed');
      }
      await this.sleep(this.o.timing.pollMs);
    }
  }

  private open(): Promise<boolean> {
    const port = this.o.openPort();
    return new Promise((resolve) => {
      port.open((error) => {
        if (error) return resolve(false);
        port.on('data', (data) => this.o.onData(data));
        // Unplugged: the port closes under us; the next round opens it again, after its wait.
        port.on('close', () => {
          if (this.port === port) this.port = null;
          this.wake();
        });
        port.on('error', (err) => this.o.logger.debug({ err, deviceId: this.o.deviceId }, 'serial port error'));
        this.port = port;
        resolve(true);
      });
    });
  }

  private async seen(status: S | 'OFFLINE'): Promise<void> {
    if (status !== this.status) {
      await this.o.report(status);
      this.status = status;
    }
    await this.o.then?.(status);
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped || this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleeper = null;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleeper = wake;
    });
  }
}
