import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KINDS } from '../../actors/index.js';
import type { TicketView } from '../../shared/contract/index.js';
import { rebuildReadModels } from '../../shared/runtime/rebuild.js';
import { ApiClient, createTestDatabase, startNodeOn, startTestNode, type TestNode } from '../harness.js';

const quiet = pino({ level: 'silent' });

describe('read models are rebuilt from the log alone', () => {
  let node: TestNode;
  let db: pg.Client;
  const views = async () => (await db.query('SELECT kind, id, version, data FROM views ORDER BY kind, id')).rows;
  const projections = async () => (await db.query('SELECT projection, key, data FROM projections ORDER BY projection, key')).rows;
  const rebuild = (modules = KINDS) => rebuildReadModels(node.node.deps.sequelize, node.node.deps.store, modules, quiet);

  beforeAll(async () => {
    node = await startTestNode();
    db = new pg.Client({ connectionString: node.databaseUrl });
    await db.connect();
    const waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    const cook = await ApiClient.login(node.baseUrl, 'kds-grill', '3333');
    for (let i = 0; i < 3; i++) {
      const id = await waiter.openOrder(i + 1);
      await waiter.addItem(id, 'picanha');
      await waiter.addItem(id, 'pudim', { course: 2 });
      await waiter.send(id, 1);
    }
    let tickets: TicketView[] = [];
    for (let i = 0; i < 50 && tickets.length < 3; i++) {
      tickets = (await cook.get<{ tickets: TicketView[] }>('/api/stations/grill/tickets')).body.tickets;
      await new Promise((r) => setTimeout(r, 50));
    }
    await cook.post(`/api/stations/grill/tickets/${tickets[0]!.id}/bump`, { commandId: crypto.randomUUID() });
    await new Promise((r) => setTimeout(r, 300));
    await node.node.deps.projector.catchUp();
  });
  afterAll(async () => {
    await db.end();
    await node.stop();
  });

  it('dropping and re-projecting gives the same orders, tickets and projections', async () => {
    const before = { views: await views(), projections: await projections() };
    expect(before.views.filter((v) => v.kind === 'order')).toHaveLength(3);
    expect(before.views.filter((v) => v.kind === 'ticket')).toHaveLength(3);
    // A row per order sold, and a row per ticket of the grill.
    expect(before.projections.map((p) => p.projection)).toEqual([
      ...Array(3).fill('order-sales'),
      ...Array(3).fill('station-load'),
    ]);
    await db.query("UPDATE views SET data = '{}' WHERE kind = 'order'");
    await db.query("DELETE FROM views WHERE kind = 'ticket'");
    await db.query('DELETE FROM projections');

    // Three orders, each with its two items, three tickets, the business day the demo opened and its eight terminals.
    expect(await rebuild()).toEqual({ views: 21, projections: 6 });
    expect({ views: await views(), projections: await projections() }).toEqual(before);
  });

  it('a kind left out of the list cannot lose data: the rebuild refuses and changes nothing', async () => {
    const before = await views();
    const withoutStations = KINDS.filter((k) => k.name !== 'stations');
    await expect(rebuild(withoutStations)).rejects.toThrow(/station streams that no kind/);
    expect(await views()).toEqual(before);
  });

  it('views of a kind that has no log (yet) are left as they are', async () => {
    await db.query(`INSERT INTO views (kind, id, version, data) VALUES ('scale', 'scale-1', 1, '{"status": "ONLINE"}')`);
    await rebuild();
    expect((await views()).filter((v) => v.kind === 'scale')).toEqual([
      { kind: 'scale', id: 'scale-1', version: 1, data: { status: 'ONLINE' } },
    ]);
  });
});

describe('a rebuild never decides again', () => {
  it("keeps the tickets' start delays and the items' prices after a station's capacity and a product's price change", async () => {
    const db = await createTestDatabase();
    await (await startNodeOn(db.url)).stop();
    const sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    // A grill that cooks one item at a time: the second picanha waits for the first.
    await sql.query("UPDATE stations SET capacity = 1 WHERE id = 'grill'");
    const node = await startNodeOn(db.url);
    try {
      const waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
      const cook = await ApiClient.login(node.baseUrl, 'kds-grill', '3333');
      const orders = [await waiter.openOrder(1), await waiter.openOrder(2)];
      for (const id of orders) {
        await waiter.addItem(id, 'picanha');
        await waiter.send(id);
        await cook.ticketAt('grill', id);
      }
      const held = (await cook.ticketAt('grill', orders[1]!)).items[0]!.startDelaySeconds;
      expect(held).toBeGreaterThan(0);
      const before = (await sql.query('SELECT kind, id, version, data FROM views ORDER BY kind, id')).rows;

      await sql.query("UPDATE stations SET capacity = 50 WHERE id = 'grill'");
      await sql.query("UPDATE products SET price_cents = 1 WHERE id = 'picanha'");
      await rebuildReadModels(node.node.deps.sequelize, node.node.deps.store, KINDS, quiet);
      expect((await sql.query('SELECT kind, id, version, data FROM views ORDER BY kind, id')).rows).toEqual(before);
    } finally {
      await sql.end();
      await node.stop();
      await db.drop();
    }
  });
});
