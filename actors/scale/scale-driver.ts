import type { Logger } from 'pino';
import { DelimiterParser } from 'serialport';
import { SerialLink, type LinkStatus, type LinkTiming, type SerialPortLike } from '../../shared/runtime/serial-link.js';
import { ENQ, ETX, readingOf, type ScaleReading } from './toledo.js';

export interface ScaleDriverOptions {
  deviceId: string;
  openPort: () => SerialPortLike;
  report: (status: LinkStatus) => Promise<void>;
  timing: LinkTiming & {
    /** How long an ENQ waits for its frame: a scale answers within a few tens of ms, so silence is OFFLINE. */
    replyMs: number;
  };
  logger: Logger;
}

/**
 * A scale's driver, on the node that holds its port: asks for the weight (ENQ) when the POS weighs, and once a
 * round otherwise, so its status says whether it answers. One question at a time: a frame answers the ENQ
 * before it.
 */
export class ScaleDriver {
  private readonly link: SerialLink;
  private readonly frames = new DelimiterParser({ delimiter: [ETX] });
  private answer: ((reading: ScaleReading) => void) | null = null;
  private asking: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: ScaleDriverOptions) {
    this.frames.on('data', (frame: Buffer) => {
      const reading = readingOf(frame);
      if (reading) this.answer?.(reading);
    });
    this.link = new SerialLink({
      deviceId: o.deviceId,
      openPort: o.openPort,
      onData: (data) => this.frames.write(data),
      onOpen: async () => undefined,
      round: async () => ((await this.weigh()) !== null ? 'ONLINE' : 'OFFLINE'),
      report: o.report,
      timing: o.timing,
      logger: o.logger,
    });
  }

  /** What the scale reads now; null when it does not answer (unplugged, off, a wrong baud rate). */
  weigh(): Promise<ScaleReading | null> {
    const next = this.asking.then(() => this.ask());
    this.asking = next;
    return next;
  }

  stop(): Promise<void> {
    return this.link.stop();
  }

  private ask(): Promise<ScaleReading | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.answer = null;
        resolve(null);
      }, this.o.timing.replyMs);
      this.answer = (reading) => {
        clearTimeout(timer);
        this.answer = null;
        resolve(reading);
      };
      if (!this.link.write(ENQ)) {
        clearTimeout(timer);
        this.answer = null;
        resolve(null);
      }
    });
  }
}
