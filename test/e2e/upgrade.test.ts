import { readFileSync } from 'node:fs';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KINDS } from '../../actors/index.js';
import type { OrderView } from '../../shared/contract/index.js';
import { up as addChecks } from '../../shared/db/migrations/0018-order-checks.js';
import { rebuildReadModels } from '../../shared/runtime/rebuild.js';
import { ApiClient, createTestDatabase, startNodeOn, type TestNode } from '../harness.js';

/**
 * A data folder written before the log held facts: the code of 859d49d rang two orders (a send to three
 * stations, an ack, two unacknowledged tickets, a bump and a recall, a void of a fired item, a second course,
 * a cancel), then the picanha's price changed. Its log, its commands and the views that code projected are
 * in test/fixtures/legacy-log.json, as that code stored them.
 */
interface Legacy {
  events: {
    stream_id: string;
    stream_type: string;
    version: number;
    type: string;
    data: unknown;
    command_id: string;
    user_id: string;
    terminal_id: string;
    at: string;
  }[];
  commands: { command_id: string; stream_id: string; request_hash: string; version: number }[];
  views: { kind: string; id: string; version: number; data: unknown }[];
  orderNumber: string;
}
const legacy = JSON.parse(readFileSync(new URL('../fixtures/legacy-log.json', import.meta.url), 'utf8')) as Legacy;
const LEGACY_TYPES = new Set(legacy.events.map((e) => e.type));

/**
 * A view as that code projected it, with what the order's check added since: no discount, no payment, and no
 * service charge, which did not exist when those orders were rung (their totals stay what they were).
 */
const withCheck = (view: Legacy['views'][number]) => {
  if (view.kind !== 'order') return view;
  const data = view.data as OrderView;
  const totals = { ...data.totals, discountCents: 0, serviceCents: 0, tipCents: 0 };
  return { ...view, data: { ...data, totals, discounts: [], serviceWaived: false, payments: [] } };
};

describe('a log of command-shaped events upgrades in place to facts', () => {
  let db: { url: string; drop: () => Promise<void> };
  let node: TestNode;
  let sql: pg.Client;
  // Views as screens get them: an order with its items, as the old code stored it whole.
  // The read models that code projected: the demo's business day, opened at this code's first start, is not one.
  const views = async () =>
    (
      await sql.query('SELECT kind, id, version, data FROM view_rows WHERE kind = ANY($1) ORDER BY kind, id', [
        [...new Set(legacy.views.map((v) => v.kind))],
      ])
    ).rows;

  beforeAll(async () => {
    db = await createTestDatabase();
    // The schema and demo data first, as that folder had them; then its log, commands and views.
    await (await startNodeOn(db.url)).stop();
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    for (const e of legacy.events) {
      await sql.query(
        `INSERT INTO events (stream_id, stream_type, version, type, data, command_id, user_id, terminal_id, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [e.stream_id, e.stream_type, e.version, e.type, JSON.stringify(e.data), e.command_id, e.user_id, e.terminal_id, e.at],
      );
    }
    for (const c of legacy.commands)
      await sql.query('INSERT INTO commands (command_id, stream_id, request_hash, version) VALUES ($1, $2, $3, $4)', [
        c.command_id,
        c.stream_id,
        c.request_hash,
        c.version,
      ]);
    for (const v of legacy.views)
      await sql.query('INSERT INTO views (kind, id, version, data) VALUES ($1, $2, $3, $4)', [
        v.kind,
        v.id,
        v.version,
        JSON.stringify(v.data),
      ]);
    await sql.query('SELECT setval($1, $2)', ['order_number_seq', legacy.orderNumber]);
    await sql.query("UPDATE products SET price_cents = 1 WHERE id = 'picanha'");
    node = await startNodeOn(db.url);
  });
  afterAll(async () => {
    await sql.end();
    await node.stop();
    await db.drop();
  });

  it('stores a past-tense fact in place of each command, at the same version', async () => {
    const { rows } = await sql.query<{ stream_id: string; version: number; type: string }>(
      'SELECT stream_id, version, type FROM events WHERE stream_type = ANY($1) ORDER BY position',
      [[...new Set(legacy.events.map((e) => e.stream_type))]],
    );
    expect(rows.map((r) => [r.stream_id, r.version])).toEqual(legacy.events.map((e) => [e.stream_id, e.version]));
    expect(rows.filter((r) => LEGACY_TYPES.has(r.type))).toEqual([]);
    expect(rows.map((r) => r.type)).toContain('OrderSent');
    expect(rows.map((r) => r.type)).toContain('TicketFired');
  });

  it("gives the old code's order views the check's fields in migration 0018, as a rebuild gives them", async () => {
    await addChecks({ name: '0018-order-checks', context: node.node.deps.sequelize });
    const { rows } = await sql.query<{ id: string; data: OrderView }>(
      "SELECT id, data FROM views WHERE kind = 'order' ORDER BY id",
    );
    const expected = legacy.views.filter((v) => v.kind === 'order').map(withCheck);
    expect(rows).toEqual(expected.map(({ id, data }) => ({ id, data })));
  });

  it('rebuilds from the facts to the very views the old code projected, old prices and start delays included', async () => {
    await sql.query('DELETE FROM views');
    await rebuildReadModels(node.node.deps.sequelize, node.node.deps.store, KINDS, pino({ level: 'silent' }));
    expect(await views()).toEqual(legacy.views.map(withCheck));
  });

  it("goes on taking commands: a new item and send fire the order's third ticket, at the new price", async () => {
    const order = legacy.views.find((v) => v.kind === 'order' && (v.data as OrderView).status === 'OPEN')!;
    const waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    await waiter.addItem(order.id, 'picanha');
    const sent = await waiter.send(order.id);
    expect(sent.status).toBe(200);
    const view = sent.body as unknown as OrderView;
    expect(view.tickets.map((t) => t.id)).toContain(`${order.id}-3-grill`);
    expect(view.items.filter((i) => i.productId === 'picanha').map((i) => i.priceCents)).toEqual([8990, 1]);
  });

  it("counts the old orders in the day's sales, the cancelled one and the voided fries left out", async () => {
    const manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    const date = new Date(legacy.events[0]!.at).toLocaleDateString('en-CA');
    await node.node.deps.projector.catchUp();
    const sales = await manager.get<{ orders: number; byProduct: { productId: string; quantity: number }[] }>(
      `/api/reports/sales?date=${date}`,
    );
    expect(sales.body.orders).toBe(1);
    const quantity = (id: string) => sales.body.byProduct.find((p) => p.productId === id)?.quantity;
    expect([quantity('picanha'), quantity('batata-frita'), quantity('caipirinha'), quantity('pudim')]).toEqual([
      2,
      undefined,
      1,
      1,
    ]);
  });
});
