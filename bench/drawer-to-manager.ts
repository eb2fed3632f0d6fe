/**
 * drawer → manager: a drawer movement issued over HTTP (a pay-in) → the `drawer` message on a manager's live screen (a
 * socket following what /manager/ follows), open loop on the shared node, beside send → KDS of the same run: both are
 * one actor's commit pushed to the screens that follow it, so the drawer's path should cost what the kitchen's does.
 */
import { randomUUID } from 'node:crypto';
import type { DrawerView } from '../shared/contract/index.js';
import { sleep } from '../test/support/processes.js';
import { HttpClient, managerTopics, ms, OpenLoop, QUICK, ratio, screenSocket, type Figure } from './common.js';
import { oneNodeSend, SEND } from './send-to-kds.js';

/**
 * Pay-ins spread over the demo's two drawers, each held by its own cashier (carla at pos-1, maria herself at pos-2):
 * by the end each drawer holds about as many movements as a busy day's.
 */
export const DRAWER_MOVES = {
  rate: Number(process.env.BENCH_DRAWER_RATE ?? 50),
  warmup: QUICK ? 20 : 100,
  measured: QUICK ? 100 : 400,
};

const FLOAT_CENTS = 20_000;
const reasonOf = (i: number) => `bench pay-in ${i}`;

export const drawerToManagerFigure: Figure = {
  name: 'drawer-to-manager',
  async run(bench) {
    const node = await bench.oneNode();
    const send = await oneNodeSend(bench);
    const loop = new OpenLoop(DRAWER_MOVES);
    console.log(
      `drawer → manager: pay-in issued → the drawer message on a manager's socket (the topics /manager/ follows);` +
        ` ${DRAWER_MOVES.warmup} warm-up + ${DRAWER_MOVES.measured} measured, open loop at ${DRAWER_MOVES.rate}/s over two drawers`,
    );
    const cashiers = [
      { drawerId: 'drawer-1', client: new HttpClient(node.baseUrl, 16), terminalId: 'pos-1', pin: '2222' },
      { drawerId: 'drawer-2', client: new HttpClient(node.baseUrl, 16), terminalId: 'mgr-1', pin: '1234' },
    ];
    const manager = new HttpClient(node.baseUrl, 4);
    const managerToken = await manager.login('mgr-1', '1234');
    for (const { drawerId, client, terminalId, pin } of cashiers) {
      await client.login(terminalId, pin);
      await client.json('POST', `/api/drawers/${drawerId}/open`, { commandId: randomUUID(), floatCents: FLOAT_CENTS }, 200);
    }
    const socket = await screenSocket(node.baseUrl, managerToken, 'mgr-1', await managerTopics(manager));
    try {
      // A push may carry several movements (pay-ins committed together): each is timed by the first view showing it.
      const movementsSeen = new Map<string, number>();
      const indexOf = new Map(Array.from({ length: loop.total }, (_, i) => [reasonOf(i), i]));
      socket.on('drawer', (view: DrawerView) => {
        for (const m of view.movements.slice(movementsSeen.get(view.id) ?? 0)) {
          const i = m.reason === undefined ? undefined : indexOf.get(m.reason);
          if (i !== undefined) loop.pushed(i);
        }
        movementsSeen.set(view.id, Math.max(movementsSeen.get(view.id) ?? 0, view.movements.length));
      });
      const moves = await loop.run((i) => {
        const { drawerId, client } = cashiers[i % cashiers.length]!;
        return client.request('POST', `/api/drawers/${drawerId}/pay-in`, {
          commandId: randomUUID(),
          amountCents: 100,
          reason: reasonOf(i),
        });
      });
      console.log(
        `   p50 ${ms(moves.p50)}, p99 ${ms(moves.p99)}, max ${ms(moves.max)} over ${moves.count} pay-ins (missing ${moves.missing});` +
          ` the pay-in's HTTP answer p50 ${ms(moves.httpP50)}, p99 ${ms(moves.httpP99)}; non-200 ${moves.non200};` +
          ` generator's worst lag behind schedule ${ms(moves.maxLag)}`,
      );
      console.log(
        `   beside send → KDS on the same node in this run (open loop at ${SEND.rate}/s): p50 ${ms(send.p50)}, p99 ${ms(send.p99)}\n`,
      );
      const missing = moves.missing ? ` (${moves.missing} pushes missing)` : '';
      return [
        {
          figure: 'drawer → manager p99',
          measured: `${ms(moves.p99)}${missing}`,
          baseline: `send → KDS p99 ${ms(send.p99)} (${SEND.rate}/s)`,
          ratio: ratio(moves.p99, send.p99),
          target: '',
        },
        {
          figure: 'drawer → manager p50',
          measured: ms(moves.p50),
          baseline: `send → KDS p50 ${ms(send.p50)} (${SEND.rate}/s)`,
          ratio: ratio(moves.p50, send.p50),
          target: '',
        },
      ];
    } finally {
      socket.close();
      await sleep(200);
      for (const client of [manager, ...cashiers.map((c) => c.client)]) client.close();
    }
  },
};
