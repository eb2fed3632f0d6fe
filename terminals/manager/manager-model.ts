/** What the manager's screen works out from what the server sent: no DOM, no I/O. */
import type { AuditEntry, DayReport, DayView, DrawerView, Terminal } from '../lib/contract.js';

const KIND_ORDER = ['MANAGER', 'POS', 'KDS', 'CUSTOMER'];

/** Managers first, then POS, kitchen screens and customer displays, each by id. */
export function byKindThenId(a: Terminal, b: Terminal): number {
  return KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.id.localeCompare(b.id, 'en', { numeric: true });
}

/** GET /api/stations/load, one station. */
export interface StationLoad {
  stationId: string;
  open: number;
  oldestFiredAt: string | null;
  late: number;
}

/** How a station is doing at a glance: late tickets, or busy (its oldest open ticket older than `BUSY_SECONDS`). */
export type StationHealth = 'idle' | 'ok' | 'busy' | 'late';
const BUSY_SECONDS = 10 * 60;

export function stationHealth(s: StationLoad, now: number): StationHealth {
  if (s.late > 0) return 'late';
  if (s.open === 0) return 'idle';
  return oldestAgeSeconds(s, now) >= BUSY_SECONDS ? 'busy' : 'ok';
}

/** Seconds since the station's oldest open ticket was fired, on the server's clock; 0 with none open. */
export function oldestAgeSeconds(s: StationLoad, now: number): number {
  return s.oldestFiredAt ? Math.max(0, (now - Date.parse(s.oldestFiredAt)) / 1000) : 0;
}

/** What a drawer card leads with: an alert over the status; a drawer hanging open is one whatever its session. */
export type DrawerHealth = 'closed' | 'open' | 'counting' | 'alert';

export function drawerHealth(d: DrawerView): DrawerHealth {
  if (d.alerts.includes('LEFT_OPEN') || (d.status !== 'CLOSED' && d.alerts.includes('DROP_NEEDED'))) return 'alert';
  return d.status === 'OPEN' ? 'open' : d.status === 'COUNTING' ? 'counting' : 'closed';
}

/** Over, short or exact: the sign of a close's over/short, which the card says in words as well as colour. */
export type OverShort = 'over' | 'short' | 'exact';

export const overShortOf = (cents: number): OverShort => (cents > 0 ? 'over' : cents < 0 ? 'short' : 'exact');

/** The newer of two views of the day: a later day, or a later version of the same one. */
export function newerDay(known: DayView | null, next: DayView): boolean {
  return !known || next.number > known.number || (next.number === known.number && next.version > known.version);
}

/** An order that keeps the day from closing, as the refusal names it. */
export interface OpenOrderRef {
  id: string;
  number: number;
  table: number | null;
}

/** What keeps the day from closing, from a refusal's `data` (`DRAWERS_OPEN` names drawers, `ORDERS_OPEN` orders). */
export interface Blockers {
  drawers: string[];
  orders: OpenOrderRef[];
}

export function blockersOf(data: unknown): Blockers {
  const d = (typeof data === 'object' && data !== null ? data : {}) as { drawers?: unknown; orders?: unknown };
  const drawers = Array.isArray(d.drawers) ? d.drawers.filter((x): x is string => typeof x === 'string') : [];
  const orders = Array.isArray(d.orders)
    ? d.orders.filter(
        (o): o is OpenOrderRef => typeof o === 'object' && o !== null && typeof (o as OpenOrderRef).number === 'number',
      )
    : [];
  return { drawers, orders };
}

/** A report as the manager reads it: the biggest sellers first. */
export function readable(report: DayReport): DayReport {
  const byCents = <T extends { cents: number }>(rows: T[]) => [...rows].sort((a, b) => b.cents - a.cents);
  return {
    ...report,
    byCategory: byCents(report.byCategory),
    byProduct: byCents(report.byProduct),
    byWaiter: byCents(report.byWaiter),
    byTerminal: byCents(report.byTerminal),
  };
}

/** The audit filters a manager sets; empty strings are no filter. */
export interface AuditFilter {
  userId: string;
  type: string;
}

/** The query of GET /api/audit for the seq range [from, to] and the filter. */
export function auditQuery(filter: AuditFilter, limit: number): string {
  const q = new URLSearchParams({ order: 'desc', limit: String(limit) });
  if (filter.userId.trim()) q.set('userId', filter.userId.trim());
  if (filter.type.trim()) q.set('type', filter.type.trim());
  return `/api/audit?${q.toString()}`;
}

/** A short line of what an entry carries, for the log's last column: its scalar fields, `key value`. */
export function auditSummary(data: unknown, max = 90): string {
  if (typeof data !== 'object' || data === null) return '';
  const parts = Object.entries(data)
    .filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))
    .map(([k, v]) => `${k} ${String(v)}`);
  const line = parts.join(' · ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The values seen in the entries, for the filters' suggestions. */
export function seenValues(entries: AuditEntry[], pick: (e: AuditEntry) => string | null): string[] {
  return [...new Set(entries.map(pick).filter((v): v is string => !!v))].sort();
}

/** A business date (YYYY-MM-DD) as the restaurant writes it: 01/12/2026 in Brazil, 12/01/2026 in English. */
export function dateText(isoDate: string, lang: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  if (!y || !m || !d) return isoDate;
  return new Intl.DateTimeFormat(lang, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(
    Date.UTC(y, m - 1, d),
  );
}

/** The day and month of an instant, on this device's clock: 01/12. */
export const dayAndMonth = (ms: number, lang: string) =>
  new Intl.DateTimeFormat(lang, { day: '2-digit', month: '2-digit' }).format(ms);
