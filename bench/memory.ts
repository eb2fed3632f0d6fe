/**
 * memory: heap per live order actor, in a child of its own (`--expose-gc`, a fresh heap) that runs this file: the
 * actor host alone (commands by broker.call), then the whole node over HTTP.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { DEFAULT_HOST_OPTIONS } from '../shared/runtime/actor-host.js';
import { startTestNode } from '../test/harness.js';
import { exitOf, withTimeout } from '../test/support/processes.js';
import { gcChild, HttpClient, mapLimit, PRODUCTS, QUICK, settledMemory, type Figure } from './common.js';

const SELF = fileURLToPath(import.meta.url);
const MEMORY = { warmupOrders: QUICK ? 50 : 200, orders: QUICK ? 300 : 2_000, itemsPerOrder: 5 };

interface HeapDelta {
  kibPerOrder: number;
  heapBeforeMiB: number;
  heapAfterMiB: number;
}

interface MemoryFigure {
  orders: number;
  itemsPerOrder: number;
  /** Orders driven with broker.call on a node without the gateway: the actor host's own cost. */
  actor: HeapDelta;
  /** The whole node over HTTP: the same actors, plus whatever the gateway would keep per order. */
  node: HeapDelta;
}

/** Heap growth per order for `makeOrders`, after a warm-up that opens pools and compiles the code paths. */
async function heapPerOrder(gc: () => void, makeOrders: (count: number) => Promise<unknown>): Promise<HeapDelta> {
  await makeOrders(MEMORY.warmupOrders);
  const before = (await settledMemory(gc)).heapUsed;
  await makeOrders(MEMORY.orders);
  const after = (await settledMemory(gc)).heapUsed;
  return { kibPerOrder: (after - before) / MEMORY.orders / 1024, heapBeforeMiB: before / 2 ** 20, heapAfterMiB: after / 2 ** 20 };
}

async function measureInChild(): Promise<void> {
  const gc = globalThis.gc;
  if (!gc) throw new Error('run with --expose-gc');
  let running: Awaited<ReturnType<typeof startTestNode>> | null = null;
  process.once('SIGTERM', () => void (running?.stop() ?? Promise.resolve()).finally(() => process.exit(1)));
  const withNode = async <T>(services: string[] | null, run: (node: Awaited<ReturnType<typeof startTestNode>>) => Promise<T>) => {
    running = await startTestNode(services ? { services } : {});
    try {
      return await run(running);
    } finally {
      await running.stop();
      running = null;
    }
  };

  // The actor host alone: no gateway, commands as the gateway would call them.
  // The day service opens the demo's day, without which no order opens.
  const actor = await withNode(['menu', 'orders', 'days'], (node) => {
    const meta = { user: { id: 'wagner', role: 'WAITER', terminalId: 'pos-1' } };
    const { broker } = node.node;
    return heapPerOrder(gc, (count) =>
      mapLimit(count, 32, async () => {
        const { id } = await broker.call<{ id: string }, Record<string, unknown>>(
          'orders.open',
          { commandId: randomUUID(), terminalId: 'pos-1' },
          { meta },
        );
        for (let k = 0; k < MEMORY.itemsPerOrder; k++) {
          await broker.call(
            'orders.addItem',
            { orderId: id, commandId: randomUUID(), productId: PRODUCTS[k % PRODUCTS.length]!, quantity: 1 },
            { meta },
          );
        }
      }),
    );
  });

  // The whole node over HTTP.
  const whole = await withNode(null, async (node) => {
    const client = new HttpClient(node.baseUrl, 32);
    try {
      await client.login('pos-1', '1111');
      return await heapPerOrder(gc, (count) =>
        mapLimit(count, 32, async () => {
          const id = await client.openOrder();
          for (let k = 0; k < MEMORY.itemsPerOrder; k++) {
            const reply = await client.addItem(id, PRODUCTS[k % PRODUCTS.length]!);
            if (reply.status !== 200) throw new Error(`add-item answered ${reply.status}: ${reply.text.slice(0, 300)}`);
          }
        }),
      );
    } finally {
      client.close();
    }
  });
  const figure: MemoryFigure = { orders: MEMORY.orders, itemsPerOrder: MEMORY.itemsPerOrder, actor, node: whole };
  process.send?.(figure);
}

async function memoryPerActor(): Promise<MemoryFigure> {
  const child = gcChild(SELF, 'memory');
  const figure = new Promise<MemoryFigure>((resolve, reject) => {
    child.once('message', (m) => resolve(m as MemoryFigure));
    child.once('exit', (code) => reject(new Error(`the memory child exited (${code}) without a figure`)));
  });
  const result = await withTimeout(figure, 90_000, 'memory figure');
  await withTimeout(exitOf(child), 20_000, 'memory child exit').catch(() => undefined);
  return result;
}

export const memoryFigure: Figure = {
  name: 'memory',
  async run() {
    console.log(
      `memory per live order actor: ${MEMORY.orders} orders × ${MEMORY.itemsPerOrder} items (after ${MEMORY.warmupOrders} warm-up orders),` +
        ' in-process node, heapUsed after forced GC',
    );
    const memory = await memoryPerActor();
    const { maxLiveActors } = DEFAULT_HOST_OPTIONS;
    const full = (memory.actor.kibPerOrder * maxLiveActors) / 1024;
    console.log(
      `   actor host alone (node without gateway, commands by broker.call): ${memory.actor.kibPerOrder.toFixed(1)} KiB per live order` +
        ` (heap ${memory.actor.heapBeforeMiB.toFixed(1)} → ${memory.actor.heapAfterMiB.toFixed(1)} MiB)`,
    );
    console.log(
      `   whole node over HTTP: ${memory.node.kibPerOrder.toFixed(1)} KiB per order` +
        ` (heap ${memory.node.heapBeforeMiB.toFixed(1)} → ${memory.node.heapAfterMiB.toFixed(1)} MiB);` +
        ' the same actors, reached through the gateway (which keeps no per-order state)',
    );
    console.log(
      `   the LRU holds up to ${maxLiveActors} actors per kind by default (DEFAULT_HOST_OPTIONS.maxLiveActors)` +
        ` → ~${full.toFixed(0)} MiB of order actors when full\n`,
    );
    return [
      {
        figure: 'heap per live order actor',
        measured: `${memory.actor.kibPerOrder.toFixed(1)} KiB`,
        baseline: '',
        ratio: '',
        target: `LRU max ${maxLiveActors} → ~${full.toFixed(0)} MiB`,
      },
      {
        figure: 'node heap per order (HTTP)',
        measured: `${memory.node.kibPerOrder.toFixed(1)} KiB`,
        baseline: '',
        ratio: '',
        target: '',
      },
    ];
  },
};

// Run as the child: measure, send the figure to the parent, exit.
if (process.argv[1] === SELF) {
  measureInChild().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`memory figure failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
