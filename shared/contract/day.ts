/** The business day (v2): its view, its X and Z report, and the names of its read models. */

/** The server's local date of an instant (`TZ`), as YYYY-MM-DD: `today`, and the date of an order's sales. */
export const localDate = (iso: string) => new Date(iso).toLocaleDateString('en-CA');

export type DayStatus = 'OPEN' | 'CLOSED';

export interface DayView {
  /** 1, 2, 3 …: every day, and its Z report, gets the next number. */
  number: number;
  /** YYYY-MM-DD, as the manager opened it; several days may share one. */
  businessDate: string;
  status: DayStatus;
  openedAt: string;
  openedBy: string;
  closedAt?: string;
  closedBy?: string;
  version: number;
}

export interface CountAndCents {
  count: number;
  cents: number;
}

/** One cash drawer as the day's report shows it. `countedCents` and `overShortCents` are null until it is closed. */
export interface DrawerReportLine {
  id: string;
  floatCents: number;
  cashSalesCents: number;
  cashRefundsCents: number;
  payInCents: number;
  payOutCents: number;
  dropCents: number;
  expectedCents: number;
  countedCents: number | null;
  overShortCents: number | null;
}

/** The X report (the open day so far) and the Z report (stored when the day closes): one shape. */
export interface DayReport {
  dayNumber: number;
  businessDate: string;
  openedAt: string;
  closedAt?: string;
  orders: { count: number; cancelled: number; covers: number; averageTicketCents: number };
  sales: { grossCents: number; discountCents: number; serviceCents: number; netCents: number; tipCents: number };
  byMethod: { CASH: CountAndCents; CARD: CountAndCents; PIX: CountAndCents };
  byCategory: { category: string | null; quantity: number; cents: number }[];
  /** `grams`: the kilos sold of a product sold by weight, as grams (its `quantity` counts the plates). */
  byProduct: { productId: string; name: string; quantity: number; cents: number; grams?: number }[];
  byWaiter: { userId: string | null; orders: number; cents: number; tipCents: number }[];
  byTerminal: { terminalId: string; orders: number; cents: number }[];
  voids: CountAndCents;
  refunds: CountAndCents;
  discounts: CountAndCents;
  drawers: DrawerReportLine[];
}

/** A line of `GET /api/reports/z`. */
export interface ZReportEntry {
  number: number;
  businessDate: string;
  closedAt: string;
}

/** The read models the day writes with its facts: its view (one row) and one Z report per closed day. */
export const DAY_VIEWS = { day: 'day', zReport: 'z-report' } as const;
