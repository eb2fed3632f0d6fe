import type { Logger } from 'pino';
import type { PoleMode } from '../../shared/contract/index.js';
import { SerialLink, type LinkStatus, type LinkTiming, type SerialPortLike } from '../../shared/runtime/serial-link.js';
import { poleBytes, poleStart, type PoleLines } from './pole-display.js';

export interface PoleDriverOptions {
  deviceId: string;
  mode: PoleMode;
  openPort: () => SerialPortLike;
  report: (status: LinkStatus) => Promise<void>;
  timing: LinkTiming;
  logger: Logger;
}

/**
 * A pole display's driver, on the node that holds its port. A display never answers, so it is ONLINE while its
 * port is open; what it shows is written again whenever the port opens, so one plugged back (or powered up
 * blank) shows the order as it is, not nothing.
 */
export class PoleDriver {
  private readonly link: SerialLink;
  private lines: PoleLines | null = null;

  constructor(private readonly o: PoleDriverOptions) {
    this.link = new SerialLink({
      deviceId: o.deviceId,
      openPort: o.openPort,
      onData: () => undefined,
      onOpen: async () => {
        this.link.write(poleStart(o.mode));
        if (this.lines) this.link.write(poleBytes(o.mode, this.lines));
      },
      round: async () => 'ONLINE',
      report: o.report,
      timing: o.timing,
      logger: o.logger,
    });
  }

  /** Shows both lines now (or as soon as the port opens). */
  show(lines: PoleLines): void {
    this.lines = lines;
    this.link.write(poleBytes(this.o.mode, lines));
  }

  stop(): Promise<void> {
    return this.link.stop();
  }
}
