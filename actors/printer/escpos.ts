import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { kilos, type DayReport, type PaymentMethod, type PrinterStatus, type TicketView } from '../../shared/contract/index.js';
import type { DrawerFact } from '../drawer/drawer.machine.js';
import type { Receipt } from '../order/order.receipt.js';

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

/**
 * The cash drawer's sensor, bit 2 of the printer's own status (DLE EOT 1): the level of the drawer connector's
 * pin 3, high while the drawers we know are open.
 */
export const drawerIsOpen = (printer: number) => (printer & 0x04) !== 0;

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
    subtotal: 'Subtotal',
    discount: 'Desconto',
    service: (percent: number) => `Serviço ${percent}%`,
    total: 'Total',
    methods: { CASH: 'Dinheiro', CARD: 'Cartão', PIX: 'PIX' } satisfies Record<PaymentMethod, string>,
    tip: 'Gorjeta',
    tendered: 'Recebido',
    change: 'Troco',
    refunded: 'Estornado',
    pixDue: 'PIX a pagar: leia o QR code',
    notFiscal: 'NÃO É DOCUMENTO FISCAL',
    xReport: 'RELATÓRIO X (PARCIAL)',
    zReport: 'RELATÓRIO Z (FECHAMENTO DO DIA)',
    day: 'Dia',
    opened: 'Aberto',
    closed: 'Fechado',
    orders: 'Pedidos',
    cancelled: 'Cancelados',
    covers: 'Pessoas',
    averageTicket: 'Ticket médio',
    gross: 'Vendas brutas',
    discounts: 'Descontos',
    serviceTotal: 'Serviço',
    net: 'Vendas líquidas',
    tips: 'Gorjetas',
    voids: 'Itens cancelados',
    refunds: 'Estornos',
    drawer: 'Caixa',
    drawerClose: 'FECHAMENTO DE CAIXA',
    cashier: 'Operador',
    closedBy: 'Fechado por',
    expected: 'Esperado',
    counted: 'Contado',
    over: 'Sobra',
    short: 'Falta',
    even: 'Sem diferença',
    open: 'aberto',
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
    subtotal: 'Subtotal',
    discount: 'Discount',
    service: (percent: number) => `Service ${percent}%`,
    total: 'Total',
    methods: { CASH: 'Cash', CARD: 'Card', PIX: 'PIX' } satisfies Record<PaymentMethod, string>,
    tip: 'Tip',
    tendered: 'Tendered',
    change: 'Change',
    refunded: 'Refunded',
    pixDue: 'PIX to pay: scan the QR code',
    notFiscal: 'NOT A FISCAL DOCUMENT',
    xReport: 'X REPORT (SO FAR)',
    zReport: 'Z REPORT (DAY CLOSE)',
    day: 'Day',
    opened: 'Opened',
    closed: 'Closed',
    orders: 'Orders',
    cancelled: 'Cancelled',
    covers: 'Covers',
    averageTicket: 'Average check',
    gross: 'Gross sales',
    discounts: 'Discounts',
    serviceTotal: 'Service',
    net: 'Net sales',
    tips: 'Tips',
    voids: 'Voided items',
    refunds: 'Refunds',
    drawer: 'Drawer',
    drawerClose: 'DRAWER CLOSE',
    cashier: 'Cashier',
    closedBy: 'Closed by',
    expected: 'Expected',
    counted: 'Counted',
    over: 'Over',
    short: 'Short',
    even: 'Even',
    open: 'open',
  },
};
type Words = (typeof WORDS)['pt-BR'];
const wordsOf = (locale: string): Words => (locale.startsWith('en') ? WORDS.en : WORDS['pt-BR']);

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
  const words = wordsOf(options.locale);
  const clock = new Intl.DateTimeFormat(options.locale, { hour: '2-digit', minute: '2-digit', timeZone: options.timeZone });
  let chit = start(options, words);
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
        .line(`${howMuch(item, options.locale)} ${item.name}${item.voided ? ` (${words.voided})` : ''}`)
        .bold(false);
      if (item.notes) chit = chit.invert(true).line(`  ${item.notes}`).invert(false);
      const minutes = Math.ceil(item.startDelaySeconds / 60);
      chit = chit.line(`  ${minutes > 0 ? words.startIn(minutes) : words.startNow} (${clock.format(new Date(item.startAt))})`);
    }
  }
  return chit.rule().newline(3).cut().encode();
}

/** How much of a line the paper shows: a weighed item's weight, else how many ("x": code page 860 has no "×"). */
const howMuch = (item: { quantity: number; grams?: number }, locale: string) =>
  item.grams !== undefined ? kilos(item.grams, locale) : `${item.quantity}x`;

/** Every job begins so: the printer reset, code page 860, and the reprint header when it may have printed before. */
function start(options: { locale: string; reprint: boolean; columns?: number }, words: Words) {
  const encoder = new ReceiptPrinterEncoder({
    language: 'esc-pos',
    columns: options.columns ?? 42,
    codepageMapping: 'epson',
    newline: '\n',
  });
  const job = encoder.initialize().codepage('cp860');
  return options.reprint ? job.invert(true).bold(true).line(`*** ${words.reprint} ***`).bold(false).invert(false) : job;
}

export interface PaperOptions {
  /** RESTAURANT_NAME, at the head of the paper. */
  restaurantName: string;
  locale: string;
  currency: string;
  timeZone?: string;
  reprint: boolean;
  columns?: number;
}

/** What one paper needs to lay itself out: its words, its money and times, and a line of a label and an amount. */
function paper(options: PaperOptions) {
  const words = wordsOf(options.locale);
  const columns = options.columns ?? 42;
  const currency = new Intl.NumberFormat(options.locale, { style: 'currency', currency: options.currency });
  // Intl separates the symbol with a no-break space, which code page 860 has not.
  const money = (cents: number) => currency.format(cents / 100).replace(/\s/g, ' ');
  const when = new Intl.DateTimeFormat(options.locale, { dateStyle: 'short', timeStyle: 'short', timeZone: options.timeZone });
  const at = (iso: string) => when.format(new Date(iso));
  /** A label on the left and an amount on the right; a label too long for the line is cut. */
  const pair = (label: string, amount: string) => {
    const room = columns - amount.length - 1;
    return `${label.slice(0, room).padEnd(room)} ${amount}`;
  };
  const head = (title: string | null) => {
    let job = start(options, words).align('center').bold(true).line(options.restaurantName).bold(false);
    if (title) job = job.bold(true).line(title).bold(false);
    return job.align('left');
  };
  return { words, money, at, pair, head };
}

/**
 * The customer's receipt: the restaurant, the table and order, each line, the discounts, the service charge,
 * the totals, each payment with its tip, cash tendered and change, a pending PIX's QR code (ESC/POS native QR),
 * and that it is not a fiscal document (Comanda issues none yet).
 */
export function receiptBytes(receipt: Receipt, options: PaperOptions): Uint8Array {
  const { words, money, at, pair, head } = paper(options);
  const where = receipt.table === null ? words.counter : `${words.table} ${receipt.table}`;
  let job = head(null).align('center').line(`${where} - ${words.order} ${receipt.number}`).line(at(receipt.at)).align('left');
  job = job.rule();
  for (const item of receipt.items) {
    job = job.line(pair(`${howMuch(item, options.locale)} ${item.name}`, money(item.quantity * item.priceCents)));
    // A weighed line says what it was priced at, as the scale's label does.
    if (item.grams !== undefined && item.pricePerKgCents !== undefined)
      job = job.line(`  ${kilos(item.grams, options.locale)} x ${money(item.pricePerKgCents)}/kg`);
  }
  job = job.rule().line(pair(words.subtotal, money(receipt.totals.subtotalCents)));
  for (const d of receipt.discounts) {
    const label = `${words.discount}${d.percent !== undefined ? ` ${d.percent}%` : ''} (${d.reason})`;
    job = job.line(pair(label, `-${money(d.amountCents)}`));
  }
  if (receipt.servicePercent > 0) job = job.line(pair(words.service(receipt.servicePercent), money(receipt.totals.serviceCents)));
  job = job
    .bold(true)
    .line(pair(words.total, money(receipt.totals.totalCents)))
    .bold(false)
    .rule();
  for (const p of receipt.payments) {
    job = job.line(pair(words.methods[p.method], money(p.amountCents)));
    if (p.tipCents > 0) job = job.line(pair(`  ${words.tip}`, money(p.tipCents)));
    if (p.tenderedCents !== undefined && p.method === 'CASH') {
      job = job
        .line(pair(`  ${words.tendered}`, money(p.tenderedCents)))
        .line(pair(`  ${words.change}`, money(p.changeCents ?? 0)));
    }
    if (p.refundedCents > 0) job = job.line(pair(`  ${words.refunded}`, `-${money(p.refundedCents)}`));
  }
  for (const p of receipt.payments.filter((p) => p.status === 'PENDING' && p.brCode)) {
    job = job.rule().align('center').bold(true).line(words.pixDue).bold(false).line(money(p.amountCents));
    job = job.qrcode(p.brCode!, 2, 6, 'm').align('left');
  }
  job = job.rule().align('center').bold(true).line(words.notFiscal).bold(false).align('left');
  return job.newline(3).cut().encode();
}

/** The X report (the day so far) or the Z report (stored at the close): the day's figures, as GET /api/reports gives them. */
export function reportBytes(report: DayReport, options: PaperOptions): Uint8Array {
  const { words, money, at, pair, head } = paper(options);
  const closedAt = report.closedAt;
  let job = head(closedAt ? words.zReport : words.xReport)
    .line(`${words.day} ${report.dayNumber} - ${report.businessDate}`)
    .line(pair(words.opened, at(report.openedAt)));
  if (closedAt) job = job.line(pair(words.closed, at(closedAt)));
  const { orders, sales } = report;
  job = job
    .rule()
    .line(pair(words.orders, String(orders.count)))
    .line(pair(words.cancelled, String(orders.cancelled)))
    .line(pair(words.covers, String(orders.covers)))
    .line(pair(words.averageTicket, money(orders.averageTicketCents)))
    .rule()
    .line(pair(words.gross, money(sales.grossCents)))
    .line(pair(words.discounts, `-${money(sales.discountCents)}`))
    .line(pair(words.serviceTotal, money(sales.serviceCents)))
    .bold(true)
    .line(pair(words.net, money(sales.netCents)))
    .bold(false)
    .line(pair(words.tips, money(sales.tipCents)))
    .rule();
  for (const method of ['CASH', 'CARD', 'PIX'] as const) {
    const { count, cents } = report.byMethod[method];
    job = job.line(pair(`${words.methods[method]} (${count})`, money(cents)));
  }
  job = job
    .rule()
    .line(pair(`${words.voids} (${report.voids.count})`, money(report.voids.cents)))
    .line(pair(`${words.refunds} (${report.refunds.count})`, money(report.refunds.cents)))
    .line(pair(`${words.discounts} (${report.discounts.count})`, money(report.discounts.cents)));
  for (const d of report.drawers) {
    job = job
      .rule()
      .bold(true)
      .line(`${words.drawer} ${d.id}`)
      .bold(false)
      .line(pair(words.expected, money(d.expectedCents)));
    job =
      d.countedCents === null || d.overShortCents === null
        ? job.line(pair(words.counted, words.open))
        : job.line(pair(words.counted, money(d.countedCents))).line(overShortLine(d.overShortCents, words, money, pair));
  }
  return job.rule().newline(3).cut().encode();
}

/** A drawer's close: what was expected in it, what was counted, and by how much it is over or short. */
export function drawerCloseBytes(close: Extract<DrawerFact, { type: 'DrawerClosed' }>, options: PaperOptions): Uint8Array {
  const { words, money, at, pair, head } = paper(options);
  const job = head(words.drawerClose)
    .line(pair(words.drawer, `${close.drawerId} (${close.terminalId})`))
    .line(pair(words.cashier, close.cashierId))
    .line(pair(words.closedBy, close.closedBy))
    .line(pair(words.closed, at(close.at)))
    .rule()
    .line(pair(words.expected, money(close.expectedCents)))
    .line(pair(words.counted, money(close.countedCents)))
    .bold(true)
    .line(overShortLine(close.overShortCents, words, money, pair))
    .bold(false);
  return job.rule().newline(3).cut().encode();
}

function overShortLine(cents: number, words: Words, money: (c: number) => string, pair: (l: string, a: string) => string) {
  if (cents === 0) return pair(words.even, money(0));
  return cents > 0 ? pair(words.over, money(cents)) : pair(words.short, money(-cents));
}

/**
 * The drawer kick through its printer (ESC p on pin 2): on 100 ms, off 500 ms, a duty cycle of 1/6, under the
 * 0.2 a drawer's solenoid takes.
 */
export function kickBytes(): Uint8Array {
  const encoder = new ReceiptPrinterEncoder({ language: 'esc-pos' });
  return encoder.initialize().pulse(0, 100, 500).encode();
}
