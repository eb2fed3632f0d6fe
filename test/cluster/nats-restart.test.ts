import { afterAll, describe, expect, it } from 'vitest';
import { missingTools } from '../support/processes.js';
import { Cluster, endState, rush, waitOutboxEmpty, type Rush } from './cluster.js';
import { expectEndState, report } from './end-state.js';

const skip = missingTools(['nats-server', 'redis-server']);

/** Longer than the heartbeat timeout (3 s): every node declares the others gone and must find them again. */
const NATS_DOWN_MS = 5_000;

describe.skipIf(skip !== null)('nats-server restarted under load', () => {
  let cluster: Cluster | null = null;
  let run: Rush | null = null;
  afterAll(async () => {
    run?.close();
    await cluster?.stop();
  });

  it('nodes reconnect by themselves; nothing accepted is lost, nothing applied twice, screens can repair what they missed', async () => {
    const began = Date.now();
    cluster = await Cluster.start({ runtimes: 2, gateways: 2 });
    const startedIn = Date.now() - began;
    let reformedMs = 0;
    run = await rush(cluster, {
      orders: 120,
      waiters: 12,
      // Clients keep retrying through the outage and the reconnection.
      retry: { retryForMs: 30_000, backoffMs: 250, timeoutMs: 12_000 },
      midpoint: {
        at: 60,
        run: async () => {
          await cluster!.nats.kill();
          await new Promise((r) => setTimeout(r, NATS_DOWN_MS));
          const restarted = Date.now();
          await cluster!.nats.start();
          await cluster!.waitFormed(30_000);
          reformedMs = Date.now() - restarted;
          await cluster!.closeProbe();
        },
      },
    });
    const rushMs = Date.now() - began - startedIn;
    const settleMs = await waitOutboxEmpty(cluster.databaseUrl);
    const state = await endState(cluster, run);
    report(cluster, run, state, [
      `cluster up in ${startedIn} ms; the rush took ${rushMs} ms; outbox empty ${settleMs} ms later`,
      `nats-server killed for ${NATS_DOWN_MS} ms, started again on port ${cluster.nats.port}; every node saw every other ${reformedMs} ms after`,
    ]);
    expectEndState(cluster, run, state, 120);
    expect(reformedMs).toBeLessThan(20_000);
  }, 180_000);
});
