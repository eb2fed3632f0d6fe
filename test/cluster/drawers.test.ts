import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrawerView, MovementType } from '../../shared/contract/index.js';
import { ApiClient } from '../harness.js';
import { missingTools, sleep } from '../support/processes.js';
import { Cluster, failureSummary, RetryingClient, shardOwner, waitOutboxEmpty, type CommandRecord } from './cluster.js';

const skip = missingTools(['nats-server', 'redis-server']);

/** A manager on one gateway, with a socket on the drawers topic that keeps every view it heard of each drawer. */
async function managerScreen(baseUrl: string) {
  const maria = await ApiClient.login(baseUrl, 'mgr-1', '1234');
  const socket = await maria.socket(['drawers']);
  const heard = new Map<string, DrawerView[]>();
  socket.on('drawer', (view: DrawerView) => heard.set(view.id, [...(heard.get(view.id) ?? []), view]));
  return { maria, socket, heard };
}

/** Until `test` holds, or `timeoutMs` passed: what a screen shows arrives a moment after the answer. */
async function eventually(test: () => boolean, timeoutMs = 10_000): Promise<void> {
  for (const started = Date.now(); !test() && Date.now() - started < timeoutMs;) await sleep(50);
}

describe.skipIf(skip !== null)('cash drawers on two runtime nodes and two gateways over NATS', () => {
  let cluster: Cluster;
  const screens: Socket[] = [];
  const gateway = (i: number) => cluster.gateways[i]!.baseUrl;
  beforeAll(async () => {
    // Every node watches the server's disconnect advisories: a killed node's drawers move at once.
    cluster = await Cluster.start({ runtimes: 2, gateways: 2, peerWatch: true });
  });
  afterAll(async () => {
    for (const socket of screens) socket.close();
    await cluster?.stop();
  });

  it('a drawer moved through one gateway reads the same through the other, and its pushes reach a manager there', async () => {
    const carla = await ApiClient.login(gateway(0), 'pos-1', '2222');
    const screen = await managerScreen(gateway(1));
    screens.push(screen.socket);
    const move = async (action: string, body: Record<string, unknown>) => {
      const answer = await carla.post<DrawerView>(`/api/drawers/drawer-1/${action}`, { commandId: randomUUID(), ...body });
      expect(answer.status, `${action}: ${JSON.stringify(answer.body)}`).toBe(200);
      return answer.body;
    };
    await move('open', { floatCents: 20_000 });
    await move('pay-in', { amountCents: 5_000, reason: 'change from the bank' });
    await move('pay-out', { amountCents: 3_000, reason: 'ice delivery' });
    const last = await move('drop', { amountCents: 10_000 });
    expect(last).toMatchObject({ status: 'OPEN', cashierId: 'carla', cashCents: 12_000, version: 4 });
    expect(last.movements.map((m) => [m.type, m.amountCents])).toEqual([
      ['FLOAT', 20_000],
      ['PAY_IN', 5_000],
      ['PAY_OUT', 3_000],
      ['DROP', 10_000],
    ]);

    // The manager reads it through gateway 2 as the cashier's last answer through gateway 1 had it.
    const read = await screen.maria.get<DrawerView>('/api/drawers/drawer-1');
    expect(read.status).toBe(200);
    expect(read.body).toEqual(last);

    await eventually(() => screen.heard.get('drawer-1')?.at(-1)?.version === last.version);
    const heard = screen.heard.get('drawer-1') ?? [];
    expect([...new Set(heard.map((d) => d.version))]).toEqual([1, 2, 3, 4]);
    expect(heard.at(-1)).toEqual(last);
  });

  it('kill -9 of the node holding a drawer while cashiers move it with retries: every accepted movement once, versions 1..n, the cash adds up', async () => {
    const drawerId = 'drawer-2';
    const FLOAT = 100_000;
    const MOVES_PER_CLIENT = 16;
    const KILL_AT = 12;
    // The node Moleculer's Shard strategy gives the drawer: killing it moves the drawer to the other.
    const victim = cluster.runtimes.find((n) => n.id === shardOwner(drawerId, cluster.runtimeIds()))!;
    const records: CommandRecord[] = [];
    // Its cashier through both gateways, and a manager moving it too, each resending a failed command as it was.
    const clients = await Promise.all([
      new RetryingClient(gateway(0), records).login('pos-2', '2222'),
      new RetryingClient(gateway(1), records).login('pos-2', '2222'),
      new RetryingClient(gateway(1), records).login('mgr-1', '1234'),
    ]);
    const screen = await managerScreen(gateway(1));
    screens.push(screen.socket);
    const opened = await clients[0]!.drawer(drawerId, 'open', { floatCents: FLOAT });
    expect(opened.outcome).toBe('accepted');

    // Each movement's amount is its own, so the drawer's movements say which command made each one.
    const ACTIONS = [
      { action: 'pay-in', type: 'PAY_IN', sign: 1, reason: 'change from the bank' },
      { action: 'pay-out', type: 'PAY_OUT', sign: -1, reason: 'ice delivery' },
      { action: 'drop', type: 'DROP', sign: -1 },
    ] as const;
    const moves: { record: CommandRecord; type: MovementType; amountCents: number; sign: number }[] = [];
    let issued = 0;
    let killedAt = 0;
    await Promise.all(
      clients.map(async (client) => {
        for (let k = 0; k < MOVES_PER_CLIENT; k++) {
          const n = issued++;
          if (n === KILL_AT) {
            killedAt = Date.now();
            void cluster.kill(victim);
          }
          const { action, type, sign, ...rest } = ACTIONS[n % ACTIONS.length]!;
          const amountCents = 100 + n;
          const record = await client.drawer(drawerId, action, { amountCents, ...rest });
          moves.push({ record, type, amountCents, sign });
        }
      }),
    );
    await waitOutboxEmpty(cluster.databaseUrl);

    const db = new pg.Client({ connectionString: cluster.databaseUrl });
    await db.connect();
    const { rows: facts } = await db
      .query<{ version: number; command_id: string }>(
        "SELECT version, command_id FROM events WHERE stream_type = 'drawer' AND stream_id = $1 ORDER BY version",
        [drawerId],
      )
      .finally(() => db.end());
    const answered = await Promise.all(clients.slice(0, 2).map((c) => c.get<DrawerView>(`/api/drawers/${drawerId}`)));
    const drawer = answered[0]!.body;
    const accepted = moves.filter((m) => m.record.outcome === 'accepted');
    const retried = records.filter((r) => r.attempts.length > 1);
    console.log(
      [
        `killed ${victim.id}, which held ${drawerId}, ${killedAt ? 'after' : 'never; only'} ${KILL_AT} movements were issued;` +
          ` ${accepted.length} of ${moves.length} movements accepted, ${retried.length} commands needed retries`,
        'failed attempts seen by clients:',
        ...failureSummary(records).slice(0, 10),
        'warnings and errors the nodes logged:',
        ...cluster.warnings().slice(0, 20),
      ].join('\n'),
    );

    expect(killedAt).toBeGreaterThan(0);
    expect(cluster.crashed()).toEqual([]);
    // A client that did nothing wrong gets every command accepted, the kill notwithstanding.
    expect(records.filter((r) => r.outcome !== 'accepted').map((r) => `${r.url} ${r.outcome}`)).toEqual([]);
    // The log: one fact per accepted command, none of any other, at versions 1..n.
    expect(facts.map((f) => f.version)).toEqual(Array.from({ length: records.length }, (_, i) => i + 1));
    expect(facts.map((f) => f.command_id).sort()).toEqual(records.map((r) => r.body.commandId).sort());
    // The view, through both gateways: every accepted movement exactly once, and the cash they add up to.
    expect(answered.map((a) => a.status)).toEqual([200, 200]);
    expect(answered[1]!.body).toEqual(drawer);
    expect(drawer.version).toBe(records.length);
    const movement = (type: string, amountCents: number) => `${type} ${amountCents}`;
    expect(drawer.movements.map((m) => movement(m.type, m.amountCents)).sort()).toEqual(
      [movement('FLOAT', FLOAT), ...accepted.map((m) => movement(m.type, m.amountCents))].sort(),
    );
    expect(drawer.cashCents).toBe(FLOAT + accepted.reduce((cash, m) => cash + m.sign * m.amountCents, 0));
    // The manager's screen on a gateway that lived through it ends at the drawer's last version.
    await eventually(() => screen.heard.get(drawerId)?.at(-1)?.version === drawer.version);
    expect(screen.heard.get(drawerId)?.at(-1)).toEqual(drawer);
  }, 90_000);
});
