import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketView } from '../../shared/contract/index.js';
import { ACTOR_KINDS } from '../../shared/runtime/actor-kinds.js';
import { rebuildViews } from '../../shared/runtime/rebuild.js';
import { ApiClient, startTestNode, type TestNode } from '../harness.js';

describe('read models are rebuilt from the log alone', () => {
  let node: TestNode;
  let db: pg.Client;
  const views = async () => (await db.query('SELECT kind, id, version, data FROM views ORDER BY kind, id')).rows;

  beforeAll(async () => {
    node = await startTestNode();
    db = new pg.Client({ connectionString: node.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await node.stop();
  });

  it('dropping and re-projecting gives the same orders and tickets', async () => {
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

    const before = await views();
    expect(before.filter((v) => v.kind === 'order')).toHaveLength(3);
    expect(before.filter((v) => v.kind === 'ticket')).toHaveLength(3);
    await db.query("UPDATE views SET data = '{}' WHERE kind = 'order'");
    await db.query("DELETE FROM views WHERE kind = 'ticket'");

    await rebuildViews(node.node.deps.sequelize, node.node.deps.store, ACTOR_KINDS);
    expect(await views()).toEqual(before);
  });
});
