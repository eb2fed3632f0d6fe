import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, createTestDatabase, startNodeOn, type TestNode } from '../harness.js';
import { missingTools, startNats, type NatsServer } from '../support/processes.js';

const skip = missingTools(['nats-server']);

const dropped = (socket: Socket) => new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

/** Until every node lists every other as available: a broadcast reaches only the nodes a broker knows. */
async function formed(nodes: TestNode[]) {
  for (let waited = 0; waited < 15_000; waited += 50) {
    const sizes = nodes.map(
      (n) =>
        (n.node.broker.registry as unknown as { getNodeList(o: object): unknown[] }).getNodeList({ onlyAvailable: true }).length,
    );
    if (sizes.every((size) => size === nodes.length)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the two nodes did not find each other');
}

describe.skipIf(skip)('a session ended on one gateway ends on every gateway', () => {
  let nats: NatsServer;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let nodes: TestNode[] = [];

  beforeAll(async () => {
    nats = await startNats();
    db = await createTestDatabase();
    for (let i = 0; i < 2; i++) nodes.push(await startNodeOn(db.url, { transporter: nats.url }));
    await formed(nodes);
  });
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    nodes = [];
    await db?.drop();
    await nats?.kill();
  });

  it('a lock through gateway A: the token gets SESSION_ENDED on B too, and its sockets on both are dropped', async () => {
    const [a, b] = nodes as [TestNode, TestNode];
    const onA = await ApiClient.login(a.baseUrl, 'pos-1', '1111');
    const onB = Object.assign(new ApiClient(b.baseUrl), { token: onA.token, terminalId: onA.terminalId });
    // B has the session in its cache: only the broadcast can tell it the session ended.
    expect((await onB.get('/api/menu')).status).toBe(200);
    const sockets = [await onA.socket(['terminal:pos-1']), await onB.socket(['terminal:pos-1'])];
    const gone = sockets.map(dropped);
    expect((await onA.post('/api/auth/lock', {})).status).toBe(200);
    expect(await Promise.all(gone)).toEqual(['io server disconnect', 'io server disconnect']);
    for (const client of [onA, onB]) {
      const answer = await client.get<{ type: string }>('/api/menu');
      expect([answer.status, answer.body.type]).toEqual([401, 'SESSION_ENDED']);
    }
  });

  it("a fourth login on gateway B ends the user's oldest session, held on gateway A", async () => {
    const [a, b] = nodes as [TestNode, TestNode];
    const oldest = await ApiClient.login(a.baseUrl, 'pos-1', '2222');
    const socket = await oldest.socket(['terminal:pos-1']);
    const gone = dropped(socket);
    for (const terminalId of ['pos-2', 'pos-1', 'pos-2']) await ApiClient.login(b.baseUrl, terminalId, '2222');
    expect(await gone).toBe('io server disconnect');
    expect((await oldest.get<{ type: string }>('/api/menu')).body.type).toBe('SESSION_ENDED');
  });
});
