import { ApiError, NetworkError, type Api } from '../lib/api.js';
import type { DayReport, DayView, Order, ZReportEntry } from '../lib/contract.js';
import { uuid } from '../lib/ids.js';
import { blockersOf, type Blockers, type OpenOrderRef } from './manager-model.js';

/** The report on screen: the open day's X report, or a stored Z report. */
export type ShownReport = { kind: 'X'; report: DayReport } | { kind: 'Z'; report: DayReport };

/** Why the last command or read did not go through, for the day panel to say. */
export type DeskProblem =
  | { kind: 'refused'; type: string; message: string }
  | { kind: 'blocked'; blockers: Blockers; message: string }
  | { kind: 'offline' };

/**
 * The manager's day office: open and close the business day, read the X report and the Z reports. Writes go
 * straight to the server (each with its own commandId): the manager needs the answer, a Z report or what
 * blocks the close, at once, not later from an outbox. No DOM.
 */
export class DayDesk {
  busy = false;
  problem: DeskProblem | null = null;
  shown: ShownReport | null = null;
  zReports: ZReportEntry[] = [];
  /** The orders still open, which keep the day from closing: read with the Z reports and after each close. */
  openOrders: OpenOrderRef[] = [];

  constructor(
    private readonly api: Pick<Api, 'get' | 'post'>,
    private readonly changed: () => void,
    /** The day changed: its view from a command's answer, or none (a close answers the Z report): read it again. */
    private readonly dayChanged: (day?: DayView) => void,
    private readonly failed: (error: unknown) => void,
  ) {}

  private async run(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.problem = null;
    this.changed();
    try {
      await work();
    } catch (error) {
      this.problem = this.problemOf(error);
      if (!this.problem) this.failed(error);
    } finally {
      this.busy = false;
      this.changed();
    }
  }

  private problemOf(error: unknown): DeskProblem | null {
    if (error instanceof NetworkError) return { kind: 'offline' };
    if (!(error instanceof ApiError) || error.status === 401) return null;
    if (error.type === 'DRAWERS_OPEN' || error.type === 'ORDERS_OPEN') {
      return { kind: 'blocked', blockers: blockersOf(error.data), message: error.message };
    }
    return { kind: 'refused', type: error.type, message: error.message };
  }

  open(businessDate: string): Promise<void> {
    return this.run(async () => {
      this.dayChanged(await this.api.post<DayView>('/api/day/open', { commandId: uuid(), businessDate }));
      this.shown = null;
    });
  }

  close(): Promise<void> {
    return this.run(async () => {
      try {
        const z = await this.api.post<DayReport>('/api/day/close', { commandId: uuid() });
        this.shown = { kind: 'Z', report: z };
        this.dayChanged();
      } finally {
        await this.load().catch(this.failed);
      }
    });
  }

  xReport(): Promise<void> {
    return this.run(async () => {
      this.shown = { kind: 'X', report: await this.api.get<DayReport>('/api/reports/x') };
    });
  }

  zReport(number: number): Promise<void> {
    return this.run(async () => {
      this.shown = { kind: 'Z', report: await this.api.get<DayReport>(`/api/reports/z/${number}`) };
    });
  }

  /** The past Z reports, newest first, and the orders still open. */
  async load(): Promise<void> {
    const [{ reports }, { orders }] = await Promise.all([
      this.api.get<{ reports: ZReportEntry[] }>('/api/reports/z'),
      this.api.get<{ orders: Order[] }>('/api/orders?status=OPEN'),
    ]);
    this.zReports = [...reports].sort((a, b) => b.number - a.number);
    this.openOrders = orders.map(({ id, number, table }) => ({ id, number, table })).sort((a, b) => a.number - b.number);
    this.changed();
  }

  closeReport(): void {
    this.shown = null;
    this.changed();
  }
}
