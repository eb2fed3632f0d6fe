import CodepageEncoder from '@point-of-sale/codepage-encoder';
import type { PoleMode } from '../../shared/contract/index.js';
import { kilos } from '../../shared/contract/weight.js';

/** A pole display shows two lines of 20 characters. */
export const POLE_COLUMNS = 20;

/** What the customer reads on the pole display: the upper and the lower line. */
export type PoleLines = readonly [string, string];

const ESC = 0x1b;
const US = 0x1f;
const CR = 0x0d;
/** Epson's `ESC t 3`: code page PC860 (Portuguese), the table of the printers, so ç, ã, õ and é show right. */
const PC860 = 3;

/** A line of exactly 20: `left` cut to leave room for `right`, which is never cut (a price must read whole). */
export function poleLine(left: string, right = ''): string {
  const room = Math.max(0, POLE_COLUMNS - right.length - (right ? 1 : 0));
  const shown = left.slice(0, room);
  return (shown + ' '.repeat(POLE_COLUMNS - shown.length - right.length) + right).slice(0, POLE_COLUMNS);
}

/** Without its accents, for a display with no code page to choose: "Salmão" reads "Salmao", never "Salm?o". */
const folded = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '?');

/** What the display needs once, when its port opens (it was powered up or plugged back). */
export function poleStart(mode: PoleMode): Uint8Array {
  // ESC @ resets an Epson display and clears it; ESC t picks the code page the lines are written in.
  return mode === 'EPSON' ? Uint8Array.of(ESC, 0x40, ESC, 0x74, PC860) : Uint8Array.of(0x0c);
}

/**
 * Both lines, in the command set of the display's DIP switch (../../../shared/DEVICES.md): Epson moves the
 * cursor to each line (`US $ x y`) and overwrites it, in PC860; CD5220 writes each line whole (`ESC Q A`,
 * `ESC Q B`, ended by CR), in plain ASCII, which is all its character set is sure to have.
 */
export function poleBytes(mode: PoleMode, lines: PoleLines): Uint8Array {
  const [upper, lower] = lines.map((l) => poleLine(l));
  if (mode === 'EPSON') {
    const at = (y: number) => [US, 0x24, 1, y];
    return Uint8Array.from([
      US,
      0x01, // overwrite mode: a line written stays put, it does not scroll
      ...at(1),
      ...CodepageEncoder.encode(upper!, 'cp860'),
      ...at(2),
      ...CodepageEncoder.encode(lower!, 'cp860'),
    ]);
  }
  const line = (which: number, text: string) => [ESC, 0x51, which, ...Buffer.from(folded(text), 'latin1'), CR];
  return Uint8Array.from([...line(0x41, upper!), ...line(0x42, lower!)]);
}

/** The words on the pole, in the restaurant's language (LOCALE); Portuguese unless it is English. */
const WORDS = {
  'pt-BR': { total: 'TOTAL', change: 'TROCO' },
  en: { total: 'TOTAL', change: 'CHANGE' },
};

export interface PoleFormat {
  locale: string;
  currency: string;
}

/** Money as the customer reads it, with plain spaces (a display has no no-break space). */
const moneyOf = ({ locale, currency }: PoleFormat) => {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  return (cents: number) => format.format(cents / 100).replace(/[\u00a0\u202f]/g, ' ');
};

/**
 * What the pole shows after a change of its terminal's order: the last item rung and the total; "TOTAL" and
 * the change once a cash payment is taken. Null for any other change: the display keeps what it shows.
 */
export function poleLinesOf(
  order: {
    items: readonly { name: string; quantity: number; priceCents: number; grams?: number }[];
    totals: { totalCents: number };
    payments: readonly { method: string; changeCents?: number }[];
  },
  fact: string,
  format: PoleFormat,
): PoleLines | null {
  const words = format.locale === 'en' ? WORDS.en : WORDS['pt-BR'];
  const money = moneyOf(format);
  const total = poleLine(words.total, money(order.totals.totalCents));
  if (fact === 'ItemAdded') {
    const item = order.items.at(-1)!;
    // A plate on the scale: 20 columns hold its weight and price, what the customer checks, not its name too.
    const name =
      item.grams !== undefined
        ? kilos(item.grams, format.locale)
        : item.quantity > 1
          ? `${item.quantity}x ${item.name}`
          : item.name;
    return [poleLine(name, money(item.priceCents * item.quantity)), total];
  }
  const paid = order.payments.at(-1);
  if (fact === 'PaymentRecorded' && paid?.method === 'CASH') return [total, poleLine(words.change, money(paid.changeCents ?? 0))];
  return null;
}
