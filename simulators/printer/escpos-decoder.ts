/**
 * A decoder of the ESC/POS a printer receives, written from the command reference (../shared/DEVICES.md and
 * Epson's ESC/POS manual), independent of the encoder Comanda prints with: it turns bytes back into lines of
 * text with how each was printed, so a test checks what the paper shows, accents included.
 */

/**
 * Code page 860 (Portuguese), 0x80 to 0xAF: the letters a Brazilian kitchen prints. Above them is box drawing, as
 * in PC437: of it only the rule's line (0xC4) is read; any other high byte, or a letter under another page, is "?".
 */
export const CP860_HIGH =
  'ÇüéâãàÁçêÊèÍÔìÃÂ' + // 0x80
  'ÉÀÈôõòÚùÌÕÜ¢£Ù₧Ó' + // 0x90
  'áíóúñÑªº¿Ò¬½¼¡«»'; // 0xA0

export interface PrintedLine {
  text: string;
  /** Double width and height (GS ! 0x11), or more. */
  double: boolean;
  bold: boolean;
  /** White on black (GS B 1). */
  inverted: boolean;
}

export interface DecodedJob {
  lines: PrintedLine[];
  /** The code pages selected by ESC t, in order (3 is PC860 on Epson, 0 PC437). */
  codePages: number[];
  cut: boolean;
  /** The data stored for each QR code it printed (GS ( k, function 180), as text. */
  qrCodes: string[];
  /** Each drawer kick (ESC p m t1 t2): the connector pin (m 0 is pin 2, 1 pin 5), and its on and off times in ms. */
  kicks: { pin: 2 | 5; onMs: number; offMs: number }[];
}

/** Bytes of the commands this decoder skips over, by their first two bytes: how many follow. */
const ARGS: Record<string, number> = {
  '1b40': 0, // ESC @ initialise
  '1b4d': 1, // ESC M font
  '1b74': 1, // ESC t code page (read below)
  '1b45': 1, // ESC E bold (read below)
  '1b61': 1, // ESC a justification
  '1b2d': 1, // ESC - underline
  '1b21': 1, // ESC ! print mode
  '1b64': 1, // ESC d feed n lines
  '1b4a': 1, // ESC J feed
  '1b33': 1, // ESC 3 line spacing
  '1b32': 0, // ESC 2 default line spacing
  '1b70': 3, // ESC p drawer kick
  '1c2e': 0, // FS . cancel Kanji
  '1c26': 0, // FS & Kanji
  '1d21': 1, // GS ! size (read below)
  '1d42': 1, // GS B invert (read below)
  '1d4c': 2, // GS L left margin
  '1d57': 2, // GS W print width
  '1004': 1, // DLE EOT status query
};

export function decodeEscPos(bytes: Uint8Array): DecodedJob {
  const job: DecodedJob = { lines: [], codePages: [], cut: false, qrCodes: [], kicks: [] };
  let page = 0;
  let text = '';
  let size = 0;
  let bold = false;
  let inverted = false;
  let lineDouble = false;
  let lineBold = false;
  let lineInverted = false;
  const endLine = () => {
    job.lines.push({ text, double: lineDouble, bold: lineBold, inverted: lineInverted });
    text = '';
    lineDouble = lineBold = lineInverted = false;
  };
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x0a) {
      endLine();
      continue;
    }
    if (b === 0x0d) continue;
    if (b === 0x1b || b === 0x1d || b === 0x1c || b === 0x10) {
      const key = b.toString(16).padStart(2, '0') + (bytes[i + 1] ?? 0).toString(16).padStart(2, '0');
      const arg = bytes[i + 2] ?? 0;
      if (key === '1d56') {
        // GS V m (n): a cut; m 65 and 66 take a feed amount.
        job.cut = true;
        i += arg === 65 || arg === 66 ? 3 : 2;
        continue;
      }
      if (key === '1d28' && bytes[i + 2] === 0x6b) {
        // GS ( k pL pH cn fn ...: a 2D code's function, pL + pH * 256 bytes from cn on. cn 49 fn 80 stores the QR's data.
        const length = (bytes[i + 3] ?? 0) + (bytes[i + 4] ?? 0) * 256;
        if (bytes[i + 5] === 49 && bytes[i + 6] === 80)
          job.qrCodes.push(String.fromCharCode(...bytes.subarray(i + 8, i + 5 + length)));
        i += 4 + length;
        continue;
      }
      if (key === '1b70')
        job.kicks.push({ pin: arg === 1 ? 5 : 2, onMs: (bytes[i + 3] ?? 0) * 2, offMs: (bytes[i + 4] ?? 0) * 2 });
      const count = ARGS[key];
      if (count === undefined) throw new Error(`unknown command ${key} at byte ${i}`);
      if (key === '1b74') job.codePages.push((page = arg));
      if (key === '1b45') bold = (arg & 1) === 1;
      if (key === '1d42') inverted = (arg & 1) === 1;
      if (key === '1d21') size = arg;
      i += 1 + count;
      continue;
    }
    if (b < 0x20) throw new Error(`unexpected control byte ${b} at ${i}`);
    text += b < 0x80 ? String.fromCharCode(b) : b === 0xc4 ? '─' : page === 3 && b <= 0xaf ? CP860_HIGH[b - 0x80]! : '?';
    // What a line is printed as: any of its characters in that style.
    lineDouble ||= (size & 0x0f) >= 1 && (size & 0xf0) >= 0x10;
    lineBold ||= bold;
    lineInverted ||= inverted;
  }
  if (text) endLine();
  return job;
}

/** The lines of text alone, without the trailing blanks of a fixed-width line. */
export const textOf = (job: DecodedJob) => job.lines.map((l) => l.text.trimEnd()).filter((t) => t !== '');
