import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { orderMachine, type OrderContext } from '../../actors/order/order.machine.js';
import { orderView } from '../../actors/order/order.projection.js';
import { stationMachine, type StationContext } from '../../actors/station/station.machine.js';
import type { OrderView, TicketView } from '../../shared/contract/index.js';
import { EventStore } from '../../shared/db/event-store.js';
import { connect } from '../../shared/db/models.js';
import { replay, restore } from '../../shared/runtime/actor-kind.js';
import { ApiClient, createTestDatabase, spawnNode, waitHealthy, type NodeProcess } from '../harness.js';

type Sent = { method: 'POST'; url: string; body: Record<string, unknown> };

describe('a crash loses nothing accepted and applies nothing twice', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  it('SIGKILL in the middle of a busy service, then a restart on the same database', async () => {
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    const start = async () => {
      const node = await spawnNode({ DATABASE_URL: db.url });
      cleanups.push(async () => node.child.kill('SIGKILL'));
      await waitHealthy(node.baseUrl);
      return node;
    };
    let node: NodeProcess = await start();
    const waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    // Logged in before the crash: its token still holds, so its screen reconnects at once after the restart.
    const cook = await ApiClient.login(node.baseUrl, 'kds-grill', '3333');

    // Ten waiters ring and send orders until the node dies under them.
    const accepted: { command: Sent; answer: OrderView }[] = [];
    const unanswered: Sent[] = [];
    let dead = false;
    const call = async (command: Sent) => {
      const answer = await waiter.post<OrderView>(command.url, command.body).catch(() => null);
      if (answer && answer.status >= 200 && answer.status < 300) accepted.push({ command, answer: answer.body });
      else if (!answer || answer.status >= 500) unanswered.push(command);
      return answer;
    };
    const waiterLoop = async () => {
      while (!dead) {
        const open = await call({ method: 'POST', url: '/api/orders', body: { commandId: randomUUID(), terminalId: 'pos-1' } });
        if (!open || open.status !== 201) continue;
        const id = open.body.id;
        for (const productId of ['picanha', 'batata-frita', 'caipirinha']) {
          await call({
            method: 'POST',
            url: `/api/orders/${id}/items`,
            body: { commandId: randomUUID(), productId, quantity: 1 },
          });
        }
        await call({ method: 'POST', url: `/api/orders/${id}/send`, body: { commandId: randomUUID() } });
      }
    };
    const loops = Array.from({ length: 10 }, waiterLoop);
    // Kill it once it is busy: after enough accepted commands, however fast this machine is.
    for (let waited = 0; accepted.length < 80 && waited < 60_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    node.child.kill('SIGKILL');
    await node.exited;
    dead = true;
    await Promise.all(loops);
    expect(accepted.length).toBeGreaterThan(50);

    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    cleanups.push(() => admin.end());
    // A broadcast carries its row as it is when delivered: at least the version the row had when the node died.
    const { rows: leftBehind } = await admin.query<{ name: string; view_id: string; version: number }>(
      `SELECT o.name, o.view_id, v.version FROM outbox o JOIN views v ON v.kind = o.view_kind AND v.id = o.view_id
        WHERE o.kind = 'broadcast' ORDER BY o.seq`,
    );
    // Committed but not yet published when the process died: the case the outbox is for.
    expect(leftBehind.length).toBeGreaterThan(0);

    node = await start();
    for (const client of [waiter, cook]) client.baseUrl = node.baseUrl;
    // A cook follows every order on `orders` (a kitchen session may not follow a POS's own terminal topic).
    const screen = await cook.socket(['station:grill', 'station:fryer', 'station:bar', 'orders']);
    cleanups.push(async () => screen.close());
    const seen = new Map<string, number>();
    const saw = (key: string, version: number) => seen.set(key, Math.max(version, seen.get(key) ?? 0));
    screen.on('ticket', (t: TicketView) => saw(`ticket.updated ${t.id}`, t.version));
    screen.on('order', (o: OrderView) => saw(`order.updated ${o.id}`, o.version));

    // The relay publishes what was left behind, before any retry writes those actors again.
    const outboxEmpty = async () => {
      for (let waited = 0; waited < 15_000; waited += 200) {
        const { rows } = await admin.query<{ n: string }>('SELECT count(*) AS n FROM outbox');
        if (Number(rows[0]!.n) === 0) return;
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    await outboxEmpty();
    expect(Number((await admin.query<{ n: string }>('SELECT count(*) AS n FROM outbox')).rows[0]!.n)).toBe(0);
    const unseen = leftBehind.filter((e) => (seen.get(`${e.name} ${e.view_id}`) ?? 0) < e.version);
    expect(unseen).toEqual([]);

    // Commands that got no answer are retried with their own commandId, as a POS outbox would.
    for (const command of unanswered) {
      const retry = await waiter.post<OrderView>(command.url, command.body);
      if (retry.status < 300) accepted.push({ command, answer: retry.body });
    }

    await outboxEmpty();
    expect(Number((await admin.query<{ n: string }>('SELECT count(*) AS n FROM outbox')).rows[0]!.n)).toBe(0);

    // Every accepted command is in the log, once.
    const { rows: commands } = await admin.query<{ command_id: string }>('SELECT command_id FROM commands');
    const stored = new Set(commands.map((c) => c.command_id));
    for (const { command } of accepted) expect(stored.has(command.body.commandId as string)).toBe(true);
    const itemCommands = accepted.filter((a) => a.command.url.endsWith('/items'));
    const { rows: itemEvents } = await admin.query<{ n: string }>("SELECT count(*) AS n FROM events WHERE type = 'ItemAdded'");
    expect(Number(itemEvents[0]!.n)).toBe(new Set(itemCommands.map((a) => a.command.body.commandId)).size);

    // Each order's projection, and its actor rebuilt from snapshot + tail, equal a replay of its whole log.
    const sequelize = connect(db.url, 2);
    cleanups.push(() => sequelize.close());
    const store = new EventStore(sequelize);
    for (const id of await store.streamIds('order')) {
      const events = await store.events(id);
      const full = replay<OrderContext>(orderMachine, restore(orderMachine, null), events);
      const view = await waiter.get<OrderView>(`/api/orders/${id}`);
      expect(view.body).toEqual(orderView(id, events.length, full));
      const { snapshot, events: tail } = await store.load(id);
      const rebuilt = replay<OrderContext>(orderMachine, restore(orderMachine, snapshot?.state), tail);
      expect(rebuilt.context).toEqual(full.context);
    }

    // Every accepted send reached its stations: the tickets are there, once each.
    for (const { command, answer } of accepted.filter((a) => a.command.url.endsWith('/send'))) {
      const order = await waiter.get<OrderView>(`/api/orders/${answer.id}`);
      expect(order.status, command.url).toBe(200);
      for (const ticket of order.body.tickets) {
        const station = await store.events(ticket.stationId);
        expect(
          station.filter((e) => e.type === 'TicketFired' && (e.data.ticket as { id: string }).id === ticket.id),
        ).toHaveLength(1);
      }
    }
    for (const stationId of ['grill', 'fryer', 'bar']) {
      const events = await store.events(stationId);
      const rebuilt = replay<StationContext>(stationMachine, restore(stationMachine, null), events);
      const open = Object.values(rebuilt.context.tickets).filter((t) => t.status === 'OPEN');
      const listed = await cook.get<{ tickets: TicketView[] }>(`/api/stations/${stationId}/tickets`);
      expect(listed.body.tickets.map((t) => t.id).sort()).toEqual(open.map((t) => t.id).sort());
    }

    node.child.kill('SIGTERM');
    await node.exited;
  }, 120_000);
});
