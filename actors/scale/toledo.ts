/**
 * Toledo protocol B (Prix and compatibles, ../../../shared/DEVICES.md): the POS sends ENQ, the scale answers
 * `STX PPPPP ETX`, the weight in grams, or five letters for a reading that is no weight: `IIIII` still
 * moving, `NNNNN` below zero, `SSSSS` over its capacity.
 */
export const ENQ = Uint8Array.of(0x05);
const STX = 0x02;
export const ETX = 0x03;

/** What one answer of the scale says. */
export type ScaleReading = { kind: 'WEIGHT'; grams: number } | { kind: 'UNSTABLE' } | { kind: 'NEGATIVE' } | { kind: 'OVERLOAD' };

const FLAGS: Record<string, ScaleReading> = {
  IIIII: { kind: 'UNSTABLE' },
  NNNNN: { kind: 'NEGATIVE' },
  SSSSS: { kind: 'OVERLOAD' },
};

/**
 * One frame, as the delimiter parser hands it over (the bytes up to ETX, ETX left off): null for anything that
 * is not a frame of protocol B, which a driver ignores (line noise, half a frame after a plug-in).
 */
export function readingOf(frame: Uint8Array): ScaleReading | null {
  const start = frame.lastIndexOf(STX);
  if (start < 0) return null;
  const body = Buffer.from(frame.subarray(start + 1)).toString('latin1');
  if (Object.hasOwn(FLAGS, body)) return FLAGS[body]!;
  return /^\d{5}$/.test(body) ? { kind: 'WEIGHT', grams: Number(body) } : null;
}
