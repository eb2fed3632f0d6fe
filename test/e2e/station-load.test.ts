import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StationLoadView } from '../../actors/station/station-load.projection.js';
import { ApiClient, startTestNode, type TestNode } from '../harness.js';

describe("the stations' load, as the manager's screen reads it", () => {
  let node: TestNode;
  let waiter: ApiClient;
  let cook: ApiClient;
  let manager: ApiClient;
  const grill = async () =>
    (await manager.get<{ stations: StationLoadView[] }>('/api/stations/load')).body.stations.find((s) => s.stationId === 'grill');

  beforeAll(async () => {
    node = await startTestNode();
    waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    cook = await ApiClient.login(node.baseUrl, 'kds-grill', '3333');
    manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
  });
  afterAll(() => node.stop());

  it('counts every ticket fact committed before it was asked, even while an older transaction holds the projector back', async () => {
    const id = await waiter.openOrder(2);
    await waiter.addItem(id, 'picanha');
    await waiter.send(id);
    const ticket = await cook.ticketAt('grill', id);
    expect(await grill()).toMatchObject({ open: 1, oldestFiredAt: ticket.firedAt });

    const older = new pg.Client({ connectionString: node.databaseUrl });
    await older.connect();
    await older.query('BEGIN');
    await older.query('SELECT pg_current_xact_id()');
    expect((await cook.post(`/api/stations/grill/tickets/${ticket.id}/bump`, { commandId: randomUUID() })).status).toBe(200);
    const load = grill();
    // Until the older transaction ends, no projector may read the bump: the load waits for it rather than show it open.
    setTimeout(() => void older.query('COMMIT').then(() => older.end()), 300);
    expect(await load).toMatchObject({ open: 0, oldestFiredAt: null, late: 0 });
  });
});
