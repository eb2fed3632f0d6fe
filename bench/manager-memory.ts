/**
 * manager-memory: heap and RSS per connected manager screen. The node runs in a child of its own (`gcChild`, as the
 * memory figure's), the screens in the bench: each one a manager's login (a session of its own) and a socket following
 * what /manager/ follows. The child's memory after a forced GC, before and after MANAGER_SCREENS.screens sockets
 * connect (their logins made before), over their number.
 */
import type { Socket } from 'socket.io-client';
import { fileURLToPath } from 'node:url';
import { startTestNode } from '../test/harness.js';
import { exitOf, withTimeout } from '../test/support/processes.js';
import { gcChild, HttpClient, managerTopics, mapLimit, QUICK, screenSocket, settledMemory, type Figure } from './common.js';

const SELF = fileURLToPath(import.meta.url);
const MANAGER_SCREENS = { warmup: 10, screens: QUICK ? 40 : 200 };

/** What the bench asks the child, and what the child says. */
type Ask = 'measure' | 'stop';
type Told = { ready: string } | { memory: { heapUsed: number; rss: number } };

const MiB = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const KiB = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** The child: a whole node in this process (the screens' sessions outlive the three a manager keeps on a floor). */
async function nodeInChild(): Promise<void> {
  const gc = globalThis.gc;
  if (!gc) throw new Error('run with --expose-gc');
  const node = await startTestNode({ maxSessionsPerUser: 10_000 });
  const stop = () => void node.stop().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.on('message', (ask: Ask) => {
    if (ask === 'stop') return stop();
    void settledMemory(gc).then(({ heapUsed, rss }) => process.send?.({ memory: { heapUsed, rss } } satisfies Told));
  });
  process.send?.({ ready: node.baseUrl } satisfies Told);
}

/** Logins of maria's on mgr-1, one per screen: PIN checks are slow on purpose (scrypt), so a few at a time. */
async function managerLogins(baseUrl: string, count: number): Promise<string[]> {
  const login = new HttpClient(baseUrl, 8);
  try {
    return await mapLimit(count, 8, () => login.login('mgr-1', '1234'));
  } finally {
    login.close();
  }
}

export const managerMemoryFigure: Figure = {
  name: 'manager-memory',
  async run() {
    console.log(
      `manager-memory: heap and RSS per manager screen (its own session, and a socket on the manager's topics), ${MANAGER_SCREENS.screens} screens` +
        ` after ${MANAGER_SCREENS.warmup} warm-up ones, node in its own process, measured after forced GC`,
    );
    const child = gcChild(SELF, 'manager-memory');
    const told = () =>
      withTimeout(
        new Promise<Told>((resolve, reject) => {
          child.once('message', (m) => resolve(m as Told));
          child.once('exit', (code) => reject(new Error(`the manager-memory child exited (${code})`)));
        }),
        60_000,
        'manager-memory child',
      );
    const measure = async () => {
      const answer = told();
      child.send('measure' satisfies Ask);
      const m = await answer;
      if (!('memory' in m)) throw new Error('the manager-memory child did not measure');
      return m.memory;
    };
    const ready = await told();
    if (!('ready' in ready)) throw new Error('the manager-memory child did not start its node');
    const baseUrl = ready.ready;
    const screens: Socket[] = [];
    try {
      const manager = new HttpClient(baseUrl, 2);
      await manager.login('mgr-1', '1234');
      const topics = await managerTopics(manager);
      manager.close();
      // Every login before the first measure: scrypt's buffers stay in the allocator and would swamp the RSS.
      const tokens = await managerLogins(baseUrl, MANAGER_SCREENS.warmup + MANAGER_SCREENS.screens);
      const connect = (from: number, count: number) =>
        mapLimit(count, 16, (i) => screenSocket(baseUrl, tokens[from + i]!, 'mgr-1', topics));
      screens.push(...(await connect(0, MANAGER_SCREENS.warmup)));
      const before = await measure();
      screens.push(...(await connect(MANAGER_SCREENS.warmup, MANAGER_SCREENS.screens)));
      const after = await measure();
      const per = (key: 'heapUsed' | 'rss') => (after[key] - before[key]) / MANAGER_SCREENS.screens;
      console.log(
        `   heap ${MiB(before.heapUsed)} → ${MiB(after.heapUsed)}: ${KiB(per('heapUsed'))} per screen;` +
          ` RSS ${MiB(before.rss)} → ${MiB(after.rss)}: ${KiB(per('rss'))} per screen (${topics.length} topics each: ${topics.join(', ')})\n`,
      );
      return [
        { figure: 'node heap per manager screen', measured: KiB(per('heapUsed')), baseline: '', ratio: '', target: '' },
        { figure: 'node RSS per manager screen', measured: KiB(per('rss')), baseline: '', ratio: '', target: '' },
      ];
    } finally {
      for (const socket of screens) socket.close();
      if (child.connected) child.send('stop' satisfies Ask);
      await withTimeout(exitOf(child), 20_000, 'manager-memory child exit').catch(() => undefined);
    }
  },
};

// Run as the child: start the node, measure when asked, stop when told.
if (process.argv[1] === SELF) {
  nodeInChild().catch((error: unknown) => {
    process.stderr.write(
      `manager-memory child failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}
