import { afterAll, describe, expect, it } from 'vitest';
import { missingTools, OwnPostgres } from '../support/processes.js';
import { Cluster, logInvariants, RetryingClient, waitOutboxEmpty, type CommandRecord } from './cluster.js';

const skip = missingTools(['nats-server', 'redis-server', 'postgres']);

/** Clients that do not retry: each answer is what a person would see. */
const ONCE = { retryForMs: 0, backoffMs: 0, timeoutMs: 15_000 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skip !== null)('Postgres stopped under load', () => {
  let postgres: OwnPostgres | null = null;
  let cluster: Cluster | null = null;
  afterAll(async () => {
    await cluster?.stop();
    await postgres?.destroy();
  });

  it('writes answer 503 UNAVAILABLE while it is down, nothing half-written remains, and the same commands succeed once after', async () => {
    postgres = await OwnPostgres.create();
    cluster = await Cluster.start({ runtimes: 2, gateways: 1, databaseUrl: postgres.url });
    const gateway = cluster.gateways[0]!.baseUrl;
    const records: CommandRecord[] = [];
    const waiters = await Promise.all(
      Array.from({ length: 6 }, () => new RetryingClient(gateway, records, ONCE).login('pos-1', '1111')),
    );
    const orders: string[] = [];
    for (const waiter of waiters) {
      for (let i = 0; i < 2; i++) {
        const open = await waiter.open('pos-1', i + 1);
        expect(open.outcome).toBe('accepted');
        orders.push(open.actorId);
      }
    }

    // Waiters ring items and send while Postgres goes away and stays away for a while.
    let stopping = false;
    let down = false;
    const duringOutage: CommandRecord[] = [];
    const loops = waiters.map(async (waiter, w) => {
      for (let n = 0; !stopping; n++) {
        const orderId = orders[(w * 2 + n) % orders.length]!;
        // Only what was sent once Postgres was already stopped: a command in flight at that moment may go either way.
        const sentWhileDown = down;
        const record = n % 5 === 4 ? await waiter.send(orderId) : await waiter.addItem(orderId, n % 2 ? 'picanha' : 'caipirinha');
        if (sentWhileDown && down) duringOutage.push(record);
        await sleep(down ? 200 : 20);
      }
    });
    await sleep(1500);
    const stoppedAt = Date.now();
    await postgres.stop('immediate');
    down = true;
    await sleep(1000);
    const health = await fetch(`${gateway}/api/health`).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as { problems?: string[] },
    }));
    await sleep(3000);
    down = false;
    stopping = true;
    await Promise.all(loops);
    await postgres.start();
    const downMs = Date.now() - stoppedAt;

    // While it was down: 503 UNAVAILABLE with words a person can act on, and never a 2xx.
    const answers = duringOutage.map((r) => r.attempts[0]!);
    const kinds = new Map<string, number>();
    for (const a of answers)
      kinds.set(
        `${a.status} ${a.type ?? '-'}: ${a.message ?? ''}`,
        (kinds.get(`${a.status} ${a.type ?? '-'}: ${a.message ?? ''}`) ?? 0) + 1,
      );
    console.log(
      [
        `Postgres down for ${downMs} ms; ${duringOutage.length} commands sent meanwhile; health while down: ${health.status} ${JSON.stringify(health.body.problems)}`,
        ...[...kinds].map(([k, n]) => `${String(n).padStart(4)} × ${k}`),
        'warnings and errors the nodes logged:',
        ...cluster.warnings().slice(0, 30),
      ].join('\n'),
    );
    expect(duringOutage.length).toBeGreaterThan(10);
    expect(health.status).toBe(503);
    for (const a of answers) {
      expect(a.status).toBe(503);
      expect(a.type).toBe('UNAVAILABLE');
      expect(a.message?.length ?? 0).toBeGreaterThan(20);
    }
    expect(cluster.crashed(), 'nodes that died by themselves').toEqual([]);

    // Back: every command that did not get a 2xx is sent again, same commandId, until it does (exactly once).
    expect(records.filter((r) => r.outcome === 'refused').map((r) => `${r.url}: ${JSON.stringify(r.answer)}`)).toEqual([]);
    const unanswered = records.filter((r) => r.outcome === 'failed');
    const again: CommandRecord[] = [];
    const retrying = new RetryingClient(gateway, again, { retryForMs: 30_000, backoffMs: 250, timeoutMs: 12_000 });
    retrying.token = waiters[0]!.token;
    for (const r of unanswered)
      expect((await retrying.command(r.kind, r.actorId, r.url, r.body)).outcome, r.url).toBe('accepted');
    // And once more: the first answer, nothing new in the log.
    const before = await logInvariants(cluster.databaseUrl);
    const repeats = await Promise.all(again.slice(0, 10).map((r) => retrying.command(r.kind, r.actorId, r.url, r.body)));
    for (const [i, r] of repeats.entries()) expect(r.answer).toEqual(again[i]!.answer);
    expect((await logInvariants(cluster.databaseUrl)).byType).toEqual(before.byType);

    await waitOutboxEmpty(cluster.databaseUrl);
    const log = await logInvariants(cluster.databaseUrl);
    expect(log.gappyStreams).toEqual([]);
    expect(log.duplicateCommands).toEqual([]);
    expect(log.commandsWithoutEvent).toEqual([]);
    expect(log.eventsWithoutCommand).toEqual([]);
    for (const t of log.byType) expect(t.events, t.type).toBe(t.commands);
    // Each accepted add-item is one item of its order; a send fired what was rung before it.
    const reader = new RetryingClient(gateway, [], { retryForMs: 10_000, backoffMs: 250, timeoutMs: 10_000 });
    reader.token = waiters[0]!.token;
    const accepted = [...records, ...again].filter((r) => r.outcome === 'accepted');
    for (const orderId of orders) {
      const { body } = await reader.get<{ items: { id: string }[] }>(`/api/orders/${orderId}`);
      const items = new Set(accepted.filter((r) => r.kind === 'addItem' && r.actorId === orderId).map((r) => r.body.commandId));
      expect(body.items.length, orderId).toBe(items.size);
    }
  }, 120_000);
});
