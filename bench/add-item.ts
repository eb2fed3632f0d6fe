/**
 * add-item: accepted add-item commands per second from closed-loop clients, one order each. Two ratios, each to a
 * baseline measured beside it: orders that grow to ~200 items over 10-item orders (a long order must not cost more
 * per item), and 10-item orders over raw durable single-row INSERTs into the same Postgres at the same concurrency.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  closedLoop,
  HttpClient,
  mapLimit,
  ms,
  perSecond,
  PRODUCTS,
  QUICK,
  ratio,
  type Figure,
  type LoopWindow,
  type RateFigure,
  type Run,
} from './common.js';

export const ADD = {
  clients: QUICK ? 20 : 50,
  window: (QUICK ? { warmupMs: 500, durationMs: 2_000 } : { warmupMs: 2_000, durationMs: 10_000 }) satisfies LoopWindow,
  shortOrder: 10,
  longOrder: QUICK ? 40 : 200,
  /** Issue 9: long orders at least 0.8 of short ones; short ones at least 0.35 of raw INSERTs. */
  targetLongRatio: 0.8,
  targetRawRatio: 0.35,
};

/**
 * Each of ADD.clients loops add-item on an order of its own, and moves to a new order after `itemsPerOrder` items.
 * `ordersAhead` orders are opened before the clock starts and taken first, so the figure is add-items, not opens;
 * an open past them happens in the loop, and is counted in `opens`.
 */
export async function addItemRate(
  baseUrl: string,
  nodePid: number,
  itemsPerOrder: number,
  ordersAhead = 0,
): Promise<RateFigure & { itemsPerOrder: number; opens: number }> {
  const client = new HttpClient(baseUrl, ADD.clients);
  try {
    await client.login('pos-1', '1111');
    const ready = await mapLimit(ADD.clients + ordersAhead, ADD.clients, () => client.openOrder());
    const orders = ready.splice(0, ADD.clients);
    const items = new Array<number>(ADD.clients).fill(0);
    let n = 0;
    let opens = 0;
    const figure = await closedLoop(
      ADD.clients,
      async (c) => {
        if (items[c]! >= itemsPerOrder) {
          const next = ready.pop();
          if (next) orders[c] = next;
          else {
            orders[c] = await client.openOrder();
            opens++;
          }
          items[c] = 0;
        }
        items[c]!++;
        const reply = await client.addItem(orders[c]!, PRODUCTS[n++ % PRODUCTS.length]!);
        return reply.status >= 200 && reply.status < 300;
      },
      nodePid,
      ADD.window,
    );
    const used = ADD.clients + ordersAhead - ready.length + opens;
    return { ...figure, itemsPerOrder: Math.round(n / used), opens };
  } finally {
    client.close();
  }
}

/** Enough 10-item orders opened beforehand for `expectedRate` add-items/s and half again: the run measures add-items. */
const shortOrdersAhead = (expectedRate: number) =>
  Math.ceil((expectedRate * ((ADD.window.warmupMs + ADD.window.durationMs) / 1000) * 1.5) / ADD.shortOrder);

/** With no add-item figure run first, orders are opened ahead for this rate (more than one node here has reached). */
const ASSUMED_ADD_ITEM_RATE = 1_500;

/**
 * add-item/s on the shared node with ADD.clients clients on 10-item orders, for a figure measured beside it: the
 * add-item figure's when it ran in this run, else measured now (and kept for the figures after).
 */
export async function oneNodeAddItem(bench: Run): Promise<number> {
  if (bench.measured.oneNodeAddItem !== undefined) return bench.measured.oneNodeAddItem;
  const node = await bench.oneNode();
  const ahead = shortOrdersAhead(ASSUMED_ADD_ITEM_RATE);
  const short = await addItemRate(node.baseUrl, node.pid, ADD.shortOrder, ahead);
  console.log(
    `add-item first, for the baseline (${ADD.clients} clients, ${ADD.shortOrder}-item orders, ${ahead} opened beforehand, ` +
      `${short.opens} more in the loop): ${perSecond(short.rate)}`,
  );
  bench.measured.oneNodeAddItem = short.rate;
  return short.rate;
}

async function insertBaseline(databaseUrl: string): Promise<RateFigure & { synchronousCommit: string; fsync: string }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: ADD.clients });
  try {
    await pool.query('CREATE TABLE bench_inserts (id text PRIMARY KEY, payload jsonb NOT NULL)');
    const settings = await pool.query<{ name: string; setting: string }>(
      "SELECT name, setting FROM pg_settings WHERE name IN ('synchronous_commit', 'fsync')",
    );
    const setting = (name: string) => settings.rows.find((r) => r.name === name)?.setting ?? '?';
    // About the size of an ADD_ITEM event's data.
    const payload = JSON.stringify({
      type: 'ADD_ITEM',
      item: {
        id: randomUUID(),
        productId: 'picanha',
        name: 'Picanha na brasa',
        priceCents: 8990,
        station: 'grill',
        prepSeconds: 900,
        quantity: 1,
        notes: '',
        course: 1,
      },
      at: new Date().toISOString(),
    });
    // Open all 50 connections before the clock starts.
    await Promise.all(Array.from({ length: ADD.clients }, () => pool.query('SELECT 1')));
    const figure = await closedLoop(
      ADD.clients,
      async () => {
        await pool.query('INSERT INTO bench_inserts (id, payload) VALUES ($1, $2)', [randomUUID(), payload]);
        return true;
      },
      null,
      ADD.window,
    );
    return { ...figure, synchronousCommit: setting('synchronous_commit'), fsync: setting('fsync') };
  } finally {
    await pool.end();
  }
}

const rateLine = (label: string, figure: RateFigure) =>
  `   ${label}: ${perSecond(figure.rate)} accepted (${figure.accepted} 2xx, ${figure.refused} not), latency p50 ${ms(figure.p50)} p99 ${ms(figure.p99)}\n` +
  `      per second: ${figure.perSecond.join(' ')}\n      ${figure.cpu}`;

export const addItemFigure: Figure = {
  name: 'add-item',
  async run(bench) {
    const node = await bench.oneNode();
    console.log(
      `add-item: ${ADD.clients} clients, one order each, closed loop; ${ADD.window.warmupMs / 1000} s warm-up, ${ADD.window.durationMs / 1000} s measured`,
    );
    const long = await addItemRate(node.baseUrl, node.pid, ADD.longOrder);
    console.log(rateLine(`a new order every ${ADD.longOrder} items (~${long.itemsPerOrder} items per order on average)`, long));
    const ahead = shortOrdersAhead(long.rate);
    const short = await addItemRate(node.baseUrl, node.pid, ADD.shortOrder, ahead);
    bench.measured.oneNodeAddItem = short.rate;
    console.log(
      rateLine(`a new order every ${ADD.shortOrder} items (${ahead} opened beforehand, ${short.opens} more in the loop)`, short),
    );
    const raw = await insertBaseline(node.databaseUrl);
    console.log(
      rateLine(`raw INSERT (pg.Pool max ${ADD.clients}, synchronous_commit=${raw.synchronousCommit}, fsync=${raw.fsync})`, raw),
    );
    console.log(
      `   targets: ${ADD.longOrder}-item orders ≥ ${ADD.targetLongRatio} × ${ADD.shortOrder}-item ones; ` +
        `${ADD.shortOrder}-item orders ≥ ${ADD.targetRawRatio} × raw INSERT\n`,
    );
    return [
      {
        figure: `add-item/s, orders growing to ${ADD.longOrder} items`,
        measured: perSecond(long.rate),
        baseline: `${ADD.shortOrder}-item orders ${perSecond(short.rate)}`,
        ratio: ratio(long.rate, short.rate),
        target: `≥ ${ADD.targetLongRatio}`,
      },
      {
        figure: `add-item/s, ${ADD.clients} clients, ${ADD.shortOrder}-item orders`,
        measured: perSecond(short.rate),
        baseline: `raw INSERT ${perSecond(raw.rate)}`,
        ratio: ratio(short.rate, raw.rate),
        target: `≥ ${ADD.targetRawRatio}`,
      },
    ];
  },
};
