/**
 * x-report: GET /api/reports/x on a business day of X_REPORT.orders orders, rung through the API on a node of its own
 * (so the day holds those orders and no others), beside a plain SELECT of those orders' order-sales rows, the rows the
 * report sums, on the same Postgres in the same run: what the report adds to reading them is its own cost.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { orderSales } from '../actors/order/order-sales.projection.js';
import type { DayReport } from '../shared/contract/index.js';
import { HttpClient, mapLimit, ms, perSecond, PRODUCTS, QUICK, quantile, ratio, startChildNode, type Figure } from './common.js';

export const X_REPORT = {
  orders: QUICK ? 500 : 5_000,
  itemsPerOrder: 3,
  /** Each read of the report is followed by one of its rows: both see the machine as it then is. */
  reads: QUICK ? 5 : 25,
  clients: 32,
};

/** Times `read`, answering ms. */
async function timed(read: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await read();
  return performance.now() - started;
}

export const xReportFigure: Figure = {
  name: 'x-report',
  async run() {
    const node = await startChildNode();
    console.log(
      `x-report: GET /api/reports/x on a day of ${X_REPORT.orders} orders × ${X_REPORT.itemsPerOrder} items, rung through the API` +
        ` (${X_REPORT.clients} clients), on a node of its own; ${X_REPORT.reads} reads, each beside a SELECT of the day's order-sales rows`,
    );
    const waiter = new HttpClient(node.baseUrl, X_REPORT.clients);
    const manager = new HttpClient(node.baseUrl, 2);
    const db = new pg.Client({ connectionString: node.databaseUrl });
    await db.connect();
    try {
      await waiter.login('pos-1', '1111');
      await manager.login('mgr-1', '1234');
      const seeding = performance.now();
      await mapLimit(X_REPORT.orders, X_REPORT.clients, async (n) => {
        const id = await waiter.openOrder();
        for (let k = 0; k < X_REPORT.itemsPerOrder; k++) {
          const reply = await waiter.addItem(id, PRODUCTS[(n + k) % PRODUCTS.length]!);
          if (reply.status !== 200) throw new Error(`add-item answered ${reply.status}: ${reply.text.slice(0, 300)}`);
        }
      });
      const seedSeconds = (performance.now() - seeding) / 1000;
      console.log(
        `   rung in ${seedSeconds.toFixed(1)} s (${perSecond((X_REPORT.orders * (1 + X_REPORT.itemsPerOrder)) / seedSeconds)} commands)`,
      );

      // The first report waits for the projector to fold every order: a check, then warm-up.
      const first = await manager.json<DayReport>('GET', '/api/reports/x', undefined, 200);
      if (first.orders.count !== X_REPORT.orders)
        throw new Error(`the X report counts ${first.orders.count} orders, ${X_REPORT.orders} were rung`);
      // The rows the day's service sums, read as it reads them (actors/business-day/business-day.service.ts).
      const readRows = async () => {
        const { rows } = await db.query(
          `SELECT data FROM projections WHERE projection = $1 AND (data->>'dayNumber')::int = $2 ORDER BY key`,
          [orderSales.name, first.dayNumber],
        );
        if (rows.length !== X_REPORT.orders) throw new Error(`${rows.length} order-sales rows, ${X_REPORT.orders} were rung`);
      };
      await readRows();

      const reports: number[] = [];
      const selects: number[] = [];
      let bytes = 0;
      for (let r = 0; r < X_REPORT.reads; r++) {
        reports.push(
          await timed(async () => {
            const reply = await manager.request('GET', '/api/reports/x');
            if (reply.status !== 200) throw new Error(`GET /api/reports/x answered ${reply.status}: ${reply.text.slice(0, 300)}`);
            bytes = reply.text.length;
          }),
        );
        selects.push(await timed(readRows));
      }
      reports.sort((a, b) => a - b);
      selects.sort((a, b) => a - b);
      const [report, select] = [quantile(reports, 0.5), quantile(selects, 0.5)];
      console.log(
        `   X report: p50 ${ms(report)}, max ${ms(reports.at(-1)!)} (${(bytes / 1024).toFixed(1)} KiB);` +
          ` SELECT of the ${X_REPORT.orders} rows: p50 ${ms(select)}, max ${ms(selects.at(-1)!)}\n`,
      );
      return [
        {
          figure: `X report, ${X_REPORT.orders} orders (p50)`,
          measured: ms(report),
          baseline: `SELECT of their rows ${ms(select)}`,
          ratio: ratio(report, select),
          target: '',
        },
      ];
    } finally {
      await db.end();
      waiter.close();
      manager.close();
      await node.stop();
    }
  },
};
