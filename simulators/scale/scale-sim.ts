import { ptyPair } from '../pty-pair.js';

/** What is on the simulated scale: a weight in grams, or a reading that is none. */
export type ScaleLoad = { grams: number } | 'UNSTABLE' | 'NEGATIVE' | 'OVERLOAD' | 'OFF';

export interface ScaleSim {
  /** The path Comanda opens: one end of a pseudo-terminal pair made by socat. */
  path: string;
  load: ScaleLoad;
  /** How many ENQs it was asked. */
  asked: () => number;
  close: () => Promise<void>;
}

const ENQ = 0x05;
const STX = 0x02;
const ETX = 0x03;
/** Toledo protocol B's five letters for a reading that is no weight (../shared/DEVICES.md). */
const LETTERS = { UNSTABLE: 'IIIII', NEGATIVE: 'NNNNN', OVERLOAD: 'SSSSS' };

/**
 * A Toledo scale (protocol B) on the far end of a socat pseudo-terminal pair, written from the manual and apart
 * from the runtime's parser: each ENQ is answered `STX PPPPP ETX` with the grams on it, or IIIII (still moving),
 * NNNNN (below zero), SSSSS (overload); switched off, it answers nothing.
 */
export async function startScaleSim(dir: string, name: string, load: ScaleLoad = { grams: 0 }): Promise<ScaleSim> {
  const pair = await ptyPair(dir, name);
  let asked = 0;
  const sim: ScaleSim = { path: pair.path, load, asked: () => asked, close: pair.close };
  pair.port.on('data', (data: Buffer) => {
    for (const byte of data) {
      if (byte !== ENQ) continue;
      asked++;
      const now = sim.load;
      if (now === 'OFF') continue;
      const body = typeof now === 'object' ? String(now.grams).padStart(5, '0') : LETTERS[now];
      pair.port.write(Buffer.from([STX, ...Buffer.from(body, 'ascii'), ETX]));
    }
  });
  return sim;
}
