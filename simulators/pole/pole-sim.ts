import { ptyPair } from '../pty-pair.js';

export interface PoleSim {
  /** The path Comanda opens: one end of a pseudo-terminal pair made by socat. */
  path: string;
  /** Every byte it was sent, in order. */
  bytes: () => Buffer;
  /** Pulls the cable: socat goes, and both ends of the pair with it. */
  unplug: () => Promise<void>;
  close: () => Promise<void>;
}

/**
 * A 2×20 pole display on the far end of a socat pseudo-terminal pair: it records what it is sent. A display
 * never answers; what it shows is read from the bytes by the tests' decoder (test/support/pole-decoder.ts).
 */
export async function startPoleSim(dir: string, name: string): Promise<PoleSim> {
  const pair = await ptyPair(dir, name);
  const received: Buffer[] = [];
  pair.port.on('data', (data: Buffer) => received.push(Buffer.from(data)));
  return { path: pair.path, bytes: () => Buffer.concat(received), unplug: pair.unplug, close: pair.close };
}
