import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { missingTools } from '../support/processes.js';
import { Cluster, logInvariants, PRODUCTS, RetryingClient, waitOutboxEmpty, type CommandRecord } from './cluster.js';

const skip = missingTools(['nats-server', 'redis-server']);

/** Each command is sent this many times at once, half through each gateway, every copy retrying on its own. */
const COPIES = 4;

describe.skipIf(skip !== null)('clients retrying the same command through two gateways while a runtime node dies', () => {
  let cluster: Cluster | null = null;
  afterAll(() => cluster?.stop());

  it('every copy converges on one answer and the log holds one effect per commandId', async () => {
    cluster = await Cluster.start({ runtimes: 2, gateways: 2 });
    const records: CommandRecord[] = [];
    const clients = await Promise.all(cluster.gateways.map((g) => new RetryingClient(g.baseUrl, records).login('pos-1', '1111')));
    const victim = cluster.runtimes[0]!;

    /** The same command from COPIES clients at once (a POS outbox replaying while the first try is still out). */
    const copies = (kind: CommandRecord['kind'], actorId: string, url: string, body: CommandRecord['body']) =>
      Promise.all(Array.from({ length: COPIES }, (_, c) => clients[c % clients.length]!.command(kind, actorId, url, body)));

    const orders: string[] = [];
    const sent: CommandRecord[][] = [];
    let killedAt = 0;
    const waiter = async (w: number) => {
      for (let n = 0; n < 5; n++) {
        if (w === 0 && n === 2) {
          killedAt = Date.now();
          void cluster!.kill(victim);
        }
        const opened = await copies('open', 'open', '/api/orders', {
          commandId: randomUUID(),
          terminalId: 'pos-1',
          table: (n % 12) + 1,
        });
        sent.push(opened);
        const id = (opened.find((r) => r.outcome === 'accepted')?.answer as { id?: string } | undefined)?.id;
        if (!id) continue;
        orders.push(id);
        for (let i = 0; i < 3; i++) {
          sent.push(
            await copies('addItem', id, `/api/orders/${id}/items`, {
              commandId: randomUUID(),
              productId: PRODUCTS[(n + i) % PRODUCTS.length]!,
              quantity: 1,
            }),
          );
        }
        sent.push(await copies('send', id, `/api/orders/${id}/send`, { commandId: randomUUID() }));
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, w) => waiter(w)));

    const diverged = sent.filter((group) =>
      group.some((r) => r.outcome !== 'accepted' || !isDeepStrictEqual(r.answer, group[0]!.answer)),
    );
    const retried = records.filter((r) => r.attempts.length > 1);
    console.log(
      [
        `${sent.length} commands × ${COPIES} copies; ${retried.length} copies needed retries; ${victim.id} killed ${killedAt ? 'mid-run' : 'never'}`,
        ...diverged
          .slice(0, 5)
          .map(
            (g) =>
              `diverged: ${g.map((r) => `${r.kind} ${r.outcome} ${r.attempts.at(-1)!.status} ${r.attempts.at(-1)!.type ?? ''}`).join(' | ')}`,
          ),
        'warnings and errors the nodes logged:',
        ...cluster.warnings().slice(0, 20),
      ].join('\n'),
    );
    expect(
      diverged.map(
        (g) =>
          `${g[0]!.kind} ${g[0]!.url}: ${g.map((r) => `${r.outcome} ${r.attempts.at(-1)!.status} ${r.attempts.at(-1)!.type ?? ''}`).join(', ')}`,
      ),
    ).toEqual([]);
    expect(orders).toHaveLength(40);

    await waitOutboxEmpty(cluster.databaseUrl);
    const log = await logInvariants(cluster.databaseUrl);
    expect(log.duplicateCommands).toEqual([]);
    expect(log.gappyStreams).toEqual([]);
    expect(log.commandsWithoutEvent).toEqual([]);
    const count = (type: string) => log.byType.find((t) => t.type === type)?.events ?? 0;
    expect([count('OrderOpened'), count('ItemAdded'), count('OrderSent')]).toEqual([40, 120, 40]);
    for (const id of orders) {
      const { body } = await clients[1]!.get<{ version: number; items: unknown[]; kitchen: string }>(`/api/orders/${id}`);
      expect([body.version, body.items.length, body.kitchen], id).toEqual([5, 3, 'SENT']);
    }

    // A commandId already used, with another body, is refused on whichever node now holds the actor.
    const first = sent.find((g) => g[0]!.kind === 'addItem')![0]!;
    for (const client of clients) {
      const reused = await client.command('addItem', first.actorId, first.url, { ...first.body, productId: 'pudim' });
      expect([reused.outcome, reused.attempts.at(-1)!.type]).toEqual(['refused', 'COMMAND_ID_REUSED']);
    }
  }, 120_000);
});
