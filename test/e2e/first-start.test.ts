import { spawn } from 'node:child_process';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient, createTestDatabase, startNodeOn, type TestNode } from '../harness.js';
import { ROOT } from '../support/processes.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function database() {
  const db = await createTestDatabase();
  cleanups.push(() => db.drop());
  return db;
}

async function node(databaseUrl: string, demoData: boolean): Promise<TestNode> {
  const started = await startNodeOn(databaseUrl, { demoData });
  let stopped: Promise<void> | null = null;
  const stop = () => (stopped ??= started.stop());
  cleanups.push(stop);
  return { ...started, stop };
}

async function sql<R extends pg.QueryResultRow>(databaseUrl: string, text: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    await client.end();
  }
}

/** `npm run create-manager`, its answers typed on its standard input; answers its exit code and output. */
function createManager(databaseUrl: string, answers: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/create-manager.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  child.stdin.end(answers.map((a) => `${a}\n`).join(''));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

const loginType = async (n: TestNode, terminalId: string, pin: string) => {
  const answer = await new ApiClient(n.baseUrl).post<{ type?: string }>('/api/auth/pin', { terminalId, pin });
  return answer.status === 200 ? 'OK' : answer.body.type;
};

describe('first start', () => {
  it('without demo data the database has no user; create-manager makes the first manager, never showing the PIN', async () => {
    const db = await database();
    const empty = await node(db.url, false);
    expect(await sql(db.url, 'SELECT id FROM users')).toEqual([]);
    await empty.stop();
    const made = await createManager(db.url, ['rita', 'Rita Lima', '5678', '5678']);
    expect(made.code).toBe(0);
    expect(made.output).not.toContain('5678');
    // Once there is a manager, it makes no other.
    expect((await createManager(db.url, ['ana', 'Ana', '8765', '8765'])).code).toBe(1);
    const restarted = await node(db.url, false);
    expect(await loginType(restarted, 'mgr-1', '5678')).toBe('OK');
    expect(await loginType(restarted, 'mgr-1', '1234')).toBe('INVALID_PIN');
    expect(await sql(db.url, 'SELECT id, role FROM users')).toEqual([{ id: 'rita', role: 'MANAGER' }]);
  });

  it('a database migrated while demo data was a migration (0003-demo-data) keeps working and gets its screens their stations', async () => {
    const db = await database();
    const first = await node(db.url, true);
    await first.stop();
    // What such a database looks like: 0003 recorded, the demo rows in place, nothing of this migrations.
    await sql(
      db.url,
      `DELETE FROM migrations WHERE name IN ('0010-sessions', '0011-terminal-station');
       DROP TABLE sessions, pin_attempts;
       ALTER TABLE terminals DROP COLUMN station;
       INSERT INTO migrations (name) VALUES ('0003-demo-data');`,
    );
    const upgraded = await node(db.url, true);
    expect(await sql(db.url, "SELECT count(*)::int AS n FROM users WHERE id = 'maria'")).toEqual([{ n: 1 }]);
    expect(await sql(db.url, "SELECT id, station FROM terminals WHERE kind = 'KDS' ORDER BY id")).toEqual([
      { id: 'kds-bar', station: 'bar' },
      { id: 'kds-cold', station: 'cold' },
      { id: 'kds-fryer', station: 'fryer' },
      { id: 'kds-grill', station: 'grill' },
    ]);
    expect(await loginType(upgraded, 'kds-grill', '3333')).toBe('OK');
  });
});
