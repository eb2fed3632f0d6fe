import fc from 'fast-check';
import { DelimiterParser } from 'serialport';
import { describe, expect, it } from 'vitest';
import { ETX, readingOf, type ScaleReading } from './toledo.js';

/** The frames the scale driver reads from a line: its own delimiter parser, fed as a port would feed it. */
function framesOf(reads: Uint8Array[]): Buffer[] {
  const frames: Buffer[] = [];
  const parser = new DelimiterParser({ delimiter: [ETX] });
  parser.on('data', (frame: Buffer) => frames.push(frame));
  for (const data of reads) parser.write(Buffer.from(data));
  return frames;
}

describe('what a scale sends, however garbled', () => {
  it('any bytes give nothing, or a reading that is a weight of five digits or one of the three flags', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 24 }), { maxLength: 12 }), (reads) => {
        for (const frame of framesOf(reads)) {
          const reading: ScaleReading | null = readingOf(frame);
          if (reading === null) continue;
          if (reading.kind === 'WEIGHT')
            expect(Number.isInteger(reading.grams) && reading.grams >= 0 && reading.grams <= 99_999).toBe(true);
          else expect(['UNSTABLE', 'NEGATIVE', 'OVERLOAD']).toContain(reading.kind);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('noise before a frame, and a frame in two reads, still read as the weight', () => {
    const frames = framesOf([Uint8Array.of(0xff, 0x00, 0x02, 0x30, 0x30), Uint8Array.of(0x34, 0x38, 0x32, 0x03)]);
    expect(frames.map(readingOf)).toEqual([{ kind: 'WEIGHT', grams: 482 }]);
  });
});
