import type { PoleMode } from '../../shared/contract/index.js';
import { CP860_HIGH } from '../../simulators/printer/escpos-decoder.js';

const ESC = 0x1b;
const US = 0x1f;
const CR = 0x0d;
const CLEAR = 0x0c;

/**
 * The two lines a 2×20 pole display shows after these bytes, read from the command sets in ../shared/DEVICES.md
 * and independent of the runtime's encoder. Epson: ESC @ resets (clears, code page 0), 0C clears, `US $ x y`
 * moves the cursor, `US 01..03` picks overwrite or scroll, ESC t n the code page (3 is PC860), and each other
 * byte is written at the cursor. CD5220: `ESC Q A text CR` and `ESC Q B text CR` write the upper and lower line.
 * A high byte outside PC860's letters, or under another page, shows "?".
 */
export function poleScreen(mode: PoleMode, bytes: Uint8Array): [string, string] {
  const screen = [Array<string>(20).fill(' '), Array<string>(20).fill(' ')];
  const clear = () => screen.forEach((l) => l.fill(' '));
  let page = 0;
  let x = 0;
  let y = 0;
  const glyph = (b: number) => (b < 0x80 ? String.fromCharCode(b) : page === 3 && b <= 0xaf ? CP860_HIGH[b - 0x80]! : '?');
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === CLEAR) {
      clear();
      [x, y] = [0, 0];
    } else if (mode === 'EPSON' && b === ESC && bytes[i + 1] === 0x40) {
      clear();
      [x, y, page] = [0, 0, 0];
      i += 1;
    } else if (mode === 'EPSON' && b === ESC && bytes[i + 1] === 0x74) {
      page = bytes[i + 2]!;
      i += 2;
    } else if (mode === 'EPSON' && b === US && bytes[i + 1] === 0x24) {
      [x, y] = [bytes[i + 2]! - 1, bytes[i + 3]! - 1];
      i += 3;
    } else if (mode === 'EPSON' && b === US) {
      i += 1;
    } else if (mode === 'CD5220' && b === ESC && bytes[i + 1] === 0x51) {
      const line = bytes[i + 2] === 0x42 ? 1 : 0;
      const end = bytes.indexOf(CR, i + 3);
      const text = [...bytes.subarray(i + 3, end < 0 ? bytes.length : end)].map(glyph).join('');
      screen[line] = [...text.padEnd(20).slice(0, 20)];
      i = end < 0 ? bytes.length : end;
    } else if (b >= 0x20) {
      if (x < 20) screen[y]![x] = glyph(b);
      x++;
    }
  }
  return [screen[0]!.join(''), screen[1]!.join('')];
}
