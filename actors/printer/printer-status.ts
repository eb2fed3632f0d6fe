import { isStatusReply, type StatusReplies } from './escpos.js';

/**
 * Automatic status back (GS a n, ../shared/DEVICES.md): a printer that has it pushes four bytes on every change
 * of what n asks for, here all four (1 the drawer sensor, 2 online or offline, 4 errors, 8 the paper roll
 * sensor), and once at once. Not a real-time command: it goes through the buffer like a job's bytes.
 */
export const ASB_ON = Uint8Array.of(0x1d, 0x61, 0x0f);

/**
 * The drawer pulse in real time (DLE DC4 1 m t, Epson's "generate pulse in real-time"): executed as it arrives,
 * even offline (paper out, cover open), where ESC p waits in the buffer until the printer prints again. Pin 2
 * (m = 0), on and off t × 100 ms: t = 1, the 100 ms on of the kick the encoder writes (escpos.ts kickBytes).
 */
export const REAL_TIME_KICK = Uint8Array.of(0x10, 0x14, 0x01, 0x00, 0x01);

/** An ASB block's first byte: bits 0, 1 and 7 clear and bit 4 set, where a DLE EOT reply has bit 1 set. */
const isAsbStart = (byte: number) => (byte & 0x93) === 0x10;
/** XON and XOFF may come between a block's bytes: flow control, never status. */
const isFlowControl = (byte: number) => byte === 0x11 || byte === 0x13;

/**
 * An ASB block in the words of the DLE EOT replies (printerStatus reads both). Epson's ESC/POS reference: 1st byte
 * bit 2 the drawer sensor, bit 3 offline, bit 5 cover open; 2nd byte bits 2, 3, 5, 6 a recoverable, autocutter,
 * unrecoverable or automatically recoverable error; 3rd byte bits 0–1 paper near its end, bits 2–3 no paper.
 */
export function pushedReplies([printer, error, paper]: number[]): StatusReplies {
  const noPaper = (paper! & 0x0c) !== 0;
  return {
    printer: 0x12 | (printer! & 0x0c),
    offlineCause: 0x12 | (printer! & 0x20 ? 0x04 : 0) | (noPaper ? 0x20 : 0) | (error! & 0x6c ? 0x40 : 0),
    paper: 0x12 | (noPaper ? 0x60 : 0) | (paper! & 0x03 ? 0x0c : 0),
  };
}

/**
 * Sorts what a printer sends into replies to DLE EOT (one byte each) and ASB blocks (four bytes, which may come in
 * two reads); anything else is noise.
 */
export class StatusBytes {
  private block: number[] | null = null;

  constructor(private readonly on: { reply: (byte: number) => void; pushed: (replies: StatusReplies) => void }) {}

  read(data: Uint8Array): void {
    for (const byte of data) {
      if (this.block) {
        if (isFlowControl(byte)) continue;
        this.block.push(byte);
        if (this.block.length < 4) continue;
        const block = this.block;
        this.block = null;
        this.on.pushed(pushedReplies(block));
      } else if (isAsbStart(byte)) this.block = [byte];
      else if (isStatusReply(byte)) this.on.reply(byte);
    }
  }
}
