import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TicketView } from '../../shared/contract/index.js';
import { ApiClient, nextMessage, spawnNode, waitHealthy, type NodeProcess } from '../harness.js';

/** The postgres processes serving this data folder. */
function postgresOf(dataDir: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', `postgres -D ${path.join(dataDir, 'pg')}`], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** Waits until no process of that group is left (npm, node, postgres); answers what is left. */
async function groupGone(pgid: number, timeoutMs = 15_000): Promise<string> {
  const left = () => {
    try {
      return execFileSync('pgrep', ['-a', '-g', String(pgid)], { encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  };
  for (let waited = 0; left() && waited < timeoutMs; waited += 100) await new Promise((r) => setTimeout(r, 100));
  return left();
}

describe('npm start with no configuration', () => {
  let dataDir: string;
  const running: NodeProcess[] = [];
  afterAll(async () => {
    const kill = (pid: number) => {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    for (const node of running) kill(-node.child.pid!);
    for (const pid of postgresOf(dataDir)) kill(pid);
    await rm(path.dirname(dataDir), { recursive: true, force: true });
  });

  const start = async (command: 'npm' | 'tsx' = 'npm') => {
    const node = await spawnNode({ DATA_DIR: dataDir, DATABASE_URL: '', JWT_SECRET: '' }, command);
    running.push(node);
    await waitHealthy(node.baseUrl, 90_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${node.output()}`);
    });
    return node;
  };

  it('runs a real Postgres in a fresh data folder, serves a whole flow, and leaves nothing behind on SIGTERM', async () => {
    // Inside a private folder (mkdtemp makes it 0700), as a checkout made by `mktemp -d` or in a home folder is:
    // as root, the postgres user must still reach its data.
    dataDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'comanda-embedded-')), 'data');
    const node = await start();
    const health = await (await fetch(`${node.baseUrl}/api/health`)).json();
    expect(health).toMatchObject({ status: 'ok', db: 'ok', transporter: 'none' });
    expect(postgresOf(dataDir).length).toBeGreaterThan(0);
    expect((await readFile(path.join(dataDir, 'jwt-secret'), 'utf8')).length).toBeGreaterThan(20);

    const waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    const cook = await ApiClient.login(node.baseUrl, 'kds-bar', '3333');
    const kds = await cook.socket(['station:bar']);
    const orderId = await waiter.openOrder(1);
    await waiter.addItem(orderId, 'caipirinha', { notes: 'sem açúcar' });
    const ticket = nextMessage<TicketView>(kds, 'ticket', (t) => t.orderId === orderId, 10_000);
    expect((await waiter.send(orderId)).status).toBe(200);
    expect((await ticket).items[0]).toMatchObject({ name: 'Caipirinha de limão', notes: 'sem açúcar' });
    kds.close();

    process.kill(-node.child.pid!, 'SIGTERM');
    expect(await groupGone(node.child.pid!)).toBe('');
    expect(postgresOf(dataDir)).toEqual([]);
  }, 120_000);

  it('after a crash, cleans up the Postgres left running and starts on the same data', async () => {
    // The node itself, not npm, so that the kill below reaches only it.
    const first = await start('tsx');
    const waiter = await ApiClient.login(first.baseUrl, 'pos-1', '1111');
    const orderId = await waiter.openOrder(2);
    const orphans = postgresOf(dataDir);
    expect(orphans.length).toBeGreaterThan(0);
    // Only the node dies, as with kill -9: its Postgres stays behind.
    first.child.kill('SIGKILL');
    await first.exited;
    expect(postgresOf(dataDir)).toEqual(orphans);

    const second = await start();
    waiter.baseUrl = second.baseUrl;
    const order = await waiter.get<{ id: string; table: number }>(`/api/orders/${orderId}`);
    expect(order.body).toMatchObject({ id: orderId, table: 2 });
    process.kill(-second.child.pid!, 'SIGTERM');
    expect(await groupGone(second.child.pid!)).toBe('');
    expect(postgresOf(dataDir)).toEqual([]);
  }, 120_000);
});
