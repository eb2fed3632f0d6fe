import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRINTER_STATUSES, type PrinterStatus } from '../../shared/contract/index.js';
import { isStatusReply, printerStatus, type StatusReplies } from './escpos.js';
import { StatusBytes } from './printer-status.js';

describe('what a printer sends, however garbled', () => {
  it('any bytes, in any reads, give only DLE EOT replies and ASB blocks that read as one of the statuses', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 32 }), { maxLength: 16 }), (reads) => {
        const replies: number[] = [];
        const pushed: StatusReplies[] = [];
        const bytes = new StatusBytes({ reply: (b) => replies.push(b), pushed: (r) => pushed.push(r) });
        for (const data of reads) bytes.read(data);
        for (const reply of replies) expect(isStatusReply(reply)).toBe(true);
        for (const replies of pushed) expect(PRINTER_STATUSES).toContain<PrinterStatus>(printerStatus(replies));
      }),
      { numRuns: 2000 },
    );
  });

  it('an ASB block split across two reads is one block', () => {
    const pushed: StatusReplies[] = [];
    const bytes = new StatusBytes({ reply: () => undefined, pushed: (r) => pushed.push(r) });
    // Paper out (3rd byte bits 2-3), offline (1st byte bit 3), in two reads with XOFF between.
    bytes.read(Uint8Array.of(0x18, 0x00));
    bytes.read(Uint8Array.of(0x13, 0x0c, 0x00));
    expect(pushed.map(printerStatus)).toEqual(['PAPER_OUT']);
  });
});
