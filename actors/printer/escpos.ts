import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import type { PrinterStatus, TicketView } from '../../shared/contract/index.js';

/**
 * ESC/POS real-time status (DLE EOT n, ../shared/DEVICES.md): the printer answers one byte at once, even offline
 * or with a full buffer. The encoder reads no status, so the three queries are ours: n=1 the printer, n=2 why
 * it is offline, n=4 its paper.
 */
export const STATUS_QUERY = { printer: 1, offlineCause: 2, paper: 4 } as const;
export const statusQuery = (n: number) => Uint8Array.of(0x10, 0x04, n);

/** A status reply has bits 1 and 4 set and bits 0 and 7 clear: anything else is not one (a stray byte). */
export const isStatusReply = (byte: number) => (byte & 0x93) === 0x12;

/** The replies a poll read: the printer's always, the offline cause only when it said offline, the paper's when online. */
export interface StatusReplies {
  printer: number;
  offlineCause?: number;
  paper?: number;
}

/** What the replies say, in the contract's words. No reply at all is OFFLINE, which the driver decides. */
export function printerStatus({ printer, offlineCause, paper }: StatusReplies): PrinterStatus {
  if (printer & 0x08) {
    const cause = offlineCause ?? 0;
    if (cause & 0x04) return 'COVER_OPEN';
    if (cause & 0x20) return 'PAPER_OUT';
    if (cause & 0x40) return 'ERROR';
    return 'OFFLINE';
  }
  if ((paper ?? 0) & 0x60) return 'PAPER_OUT';
  if ((paper ?? 0) & 0x0c) return 'PAPER_NEAR_END';
  return 'ONLINE';
}

/** A printer that takes a job: online, or online with its paper near the end. */
export const canPrint = (status: PrinterStatus) => status === 'ONLINE' || status === 'PAPER_NEAR_END';

/** The words on a chit, in the restaurant's language (LOCALE); Portuguese unless it is English. */
const WORDS = {
  'pt-BR': {
    reprint: 'REIMPRESSÃO',
    table: 'Mesa',
    counter: 'Balcão',
    order: 'Pedido',
    course: 'Curso',
    fired: 'Disparado',
    startNow: 'começar já',
    startIn: (minutes: number) => `começar em ${minutes} min`,
    voided: 'CANCELADO',
  },
  en: {
    reprint: 'REPRINT',
    table: 'Table',
    counter: 'Counter',
    order: 'Order',
    course: 'Course',
    fired: 'Fired',
    startNow: 'start now',
    startIn: (minutes: number) => `start in ${minutes} min`,
    voided: 'VOIDED',
  },
};

export interface ChitOptions {
  /** The ticket's station as the kitchen calls it. */
  stationName: string;
  locale: string;
  /** The time zone the times print in (the node's own when absent). */
  timeZone?: string;
  /** The chit may have printed already (a crash or a failure mid-job): it says so at its head. */
  reprint: boolean;
  /** Characters per line of the paper (42 on 80 mm paper, font A). */
  columns?: number;
}

/**
 * A kitchen chit, ESC/POS in code page 860 so ç, ã, õ and é print right: the table and the order number in
 * double size, each course under its own rule, notes inverted so they stand out, and when to start each item.
 */
export function chitBytes(ticket: TicketView, options: ChitOptions): Uint8Array {
  const words = options.locale.startsWith('en') ? WORDS.en : WORDS['pt-BR'];
  const columns = options.columns ?? 42;
  const clock = new Intl.DateTimeFormat(options.locale, { hour: '2-digit', minute: '2-digit', timeZone: options.timeZone });
  const encoder = new ReceiptPrinterEncoder({ language: 'esc-pos', columns, codepageMapping: 'epson', newline: '\n' });
  let chit = encoder.initialize().codepage('cp860');
  if (options.reprint) chit = chit.invert(true).bold(true).line(`*** ${words.reprint} ***`).bold(false).invert(false);
  chit = chit.bold(true).line(options.stationName.toUpperCase()).bold(false);
  const where = ticket.table === null ? words.counter : `${words.table} ${ticket.table}`;
  chit = chit.size(2, 2).line(where).line(`${words.order} ${ticket.orderNumber}`).size(1, 1);
  chit = chit.line(`${words.fired} ${clock.format(new Date(ticket.firedAt))}`);
  const courses = [...new Set(ticket.items.map((i) => i.course))].sort((a, b) => a - b);
  for (const course of courses) {
    chit = chit.rule().bold(true).line(`${words.course} ${course}`).bold(false);
    for (const item of ticket.items.filter((i) => i.course === course)) {
      chit = chit
        .bold(true)
        .line(`${item.quantity}x ${item.name}${item.voided ? ` (${words.voided})` : ''}`)
        .bold(false);
      if (item.notes) chit = chit.invert(true).line(`  ${item.notes}`).invert(false);
      const minutes = Math.ceil(item.startDelaySeconds / 60);
      chit = chit.line(`  ${minutes > 0 ? words.startIn(minutes) : words.startNow} (${clock.format(new Date(item.startAt))})`);
    }
  }
  return chit.rule().newline(3).cut().encode();
}
