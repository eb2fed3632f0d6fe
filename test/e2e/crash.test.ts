import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, spawnNode, waitHealthy, type NodeProcess } from '../harness.js';

/** A module loaded before the node: on SIGUSR2 it makes the fault nothing in Comanda catches. */
const faultOnSignal = (fault: string) =>
  `data:text/javascript,${encodeURIComponent(`process.on('SIGUSR2', () => { ${fault} });`)}`;

function postgresOf(dataDir: string): string {
  try {
    return execFileSync('pgrep', ['-f', `postgres -D ${path.join(dataDir, 'pg')}`], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

describe('a fault nothing caught', () => {
  const running: NodeProcess[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const node of running) if (node.child.exitCode === null) process.kill(-node.child.pid!, 'SIGKILL');
    for (const cleanup of cleanups) await cleanup();
  });

  async function crash(env: Record<string, string>, fault: string) {
    const node = await spawnNode(env, 'tsx', ['--import', faultOnSignal(fault)]);
    running.push(node);
    await waitHealthy(node.baseUrl, 90_000, node.child).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${node.output()}`);
    });
    process.kill(node.child.pid!, 'SIGUSR2');
    return { code: await node.exited, output: node.output() };
  }

  it('is logged as fatal with its cause, stops the embedded Postgres, and exits non-zero', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'comanda-crash-'));
    // The embedded Postgres runs as the postgres user, which must enter the folder.
    await chmod(root, 0o755);
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const dataDir = path.join(root, 'data');
    const { code, output } = await crash(
      { DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'info' },
      "throw new Error('the printer driver blew up')",
    );
    expect(code).toBe(1);
    expect(output).toContain('Comanda stopped because of an uncaught exception: the printer driver blew up');
    expect(output).toMatch(/"level":60/);
    expect(postgresOf(dataDir)).toBe('');
  });

  it('says so for an unhandled rejection too', async () => {
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    const { code, output } = await crash(
      { DATABASE_URL: db.url, LOG_LEVEL: 'info' },
      "void Promise.reject(new Error('a promise nobody awaited'))",
    );
    expect(code).toBe(1);
    expect(output).toContain('Comanda stopped because of an unhandled rejection: a promise nobody awaited');
  });
});
