import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TERMINAL_FACTS } from '../../actors/terminal/terminal.machine.js';
import type { TerminalView } from '../../shared/contract/index.js';
import { ApiClient, createTestDatabase, startNodeOn, startTestNode, type TestNode } from '../harness.js';

/** A short grace, so the test need not wait the default ten seconds. */
const GRACE_MS = 1000;

describe('terminals: OFFLINE, LOCKED or IN_USE, live on the managers’ socket', () => {
  let node: TestNode;
  let watch: Socket;
  /** Every `terminal` message of pos-1 the manager got, with when it came. */
  const heard: { view: TerminalView; at: number }[] = [];
  const sockets: Socket[] = [];

  /** Resolves with the first message of pos-1, from the `from`-th on, that passes the test. */
  async function until(test: (view: TerminalView) => boolean, from = 0, timeoutMs = 5000) {
    for (let waited = 0; waited < timeoutMs; waited += 20) {
      const found = heard.slice(from).find((m) => test(m.view));
      if (found) return found;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no such terminal message within ${timeoutMs} ms; heard ${JSON.stringify(heard.map((m) => m.view))}`);
  }

  beforeAll(async () => {
    node = await startTestNode({ terminalGraceSeconds: GRACE_MS / 1000 });
    const manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    watch = await manager.socket(['terminals']);
    watch.on('terminal', (view: TerminalView) => {
      if (view.id === 'pos-1') heard.push({ view, at: Date.now() });
    });
  });
  afterAll(async () => {
    for (const socket of [...sockets, watch]) socket?.close();
    await node?.stop();
  });

  it('every terminal is born LOCKED and OFFLINE, and answers its view alone too', async () => {
    const manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    const { body } = await manager.get<{ terminals: TerminalView[] }>('/api/terminals');
    expect(body.terminals.map((t) => t.id)).toEqual([
      'cd-1',
      'kds-bar',
      'kds-cold',
      'kds-fryer',
      'kds-grill',
      'mgr-1',
      'pos-1',
      'pos-2',
    ]);
    expect(body.terminals.find((t) => t.id === 'pos-2')).toEqual({
      id: 'pos-2',
      kind: 'POS',
      state: 'OFFLINE',
      online: false,
      lastSeenAt: null,
      version: 1,
    });
    expect(body.terminals.find((t) => t.id === 'cd-1')).toMatchObject({ kind: 'CUSTOMER', pairedWith: 'pos-1' });
    expect((await manager.get<TerminalView>('/api/terminals/pos-2')).body).toEqual(body.terminals.find((t) => t.id === 'pos-2'));
    const unknown = await manager.get<{ type: string }>('/api/terminals/pos-9');
    expect([unknown.status, unknown.body.type]).toEqual([404, 'UNKNOWN_TERMINAL']);
    await manager.post('/api/auth/lock', {});
  });

  it('a POS logged in is IN_USE once its screen connects, LOCKED after its lock, and OFFLINE only after the grace', async () => {
    const waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    // Logged in over HTTP, with no screen connected yet: still offline, but its user shows.
    await until((t) => t.userId === 'wagner' && t.state === 'OFFLINE');
    const screen = await waiter.socket();
    sockets.push(screen);
    await until((t) => t.state === 'IN_USE' && t.online && t.userId === 'wagner');

    // The lock ends the session and drops its socket: LOCKED, and online through the grace.
    const locking = heard.length;
    const lockedAt = Date.now();
    expect((await waiter.post('/api/auth/lock', {})).status).toBe(200);
    await until((t) => t.state === 'LOCKED' && t.online && t.userId === undefined, locking);
    const offline = await until((t) => t.state === 'OFFLINE', locking, GRACE_MS + 5000);
    expect(offline.at - lockedAt).toBeGreaterThanOrEqual(GRACE_MS);
    // Last seen when its socket left, after the lock.
    expect(Date.parse(offline.view.lastSeenAt!)).toBeGreaterThanOrEqual(lockedAt);
    expect(offline.view).toMatchObject({ online: false });
    expect(offline.view).not.toHaveProperty('userId');

    // Versions only grow, one at a time: the manager misses nothing.
    const versions = heard.map((m) => m.view.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(versions.at(-1)! - versions[0]!).toBe(versions.length - 1);
    const manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    expect((await manager.get<TerminalView>('/api/terminals/pos-1')).body).toEqual(offline.view);
    await manager.post('/api/auth/lock', {});
  });

  it('a blink (the socket back within the grace) keeps it online: no OFFLINE message', async () => {
    const start = heard.length;
    const waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    const first = await waiter.socket();
    await until((t) => t.state === 'IN_USE' && t.online, start);
    const blinking = heard.length;
    first.close();
    await until((t) => t.online && t.state === 'IN_USE', blinking);
    const again = await waiter.socket();
    sockets.push(again);
    // Well past the grace of that leave.
    await new Promise((r) => setTimeout(r, GRACE_MS * 2.5));
    const since = heard.slice(blinking).map((m) => m.view);
    expect(since.length).toBeGreaterThan(0);
    expect(since.every((t) => t.online && t.state === 'IN_USE')).toBe(true);
    // It left and came back, and its grace ended nothing.
    const sql = new pg.Client({ connectionString: node.databaseUrl });
    await sql.connect();
    const { rows } = await sql.query("SELECT type FROM events WHERE stream_id = 'pos-1' ORDER BY version DESC LIMIT 2");
    await sql.end();
    expect(rows.map((r: { type: string }) => r.type)).toEqual(['TerminalCameBack', 'TerminalLeft']);
    const manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    expect((await manager.get<TerminalView>('/api/terminals/pos-1')).body).toMatchObject({ state: 'IN_USE', online: true });
    await manager.post('/api/auth/lock', {});
  });

  it('a drawer opened at a POS shows on its terminal until it is closed', async () => {
    const cashier = await ApiClient.login(node.baseUrl, 'pos-1', '2222');
    const opened = await cashier.post('/api/drawers/drawer-1/open', { commandId: randomUUID(), floatCents: 10000 });
    expect(opened.status).toBe(200);
    await until((t) => t.drawerId === 'drawer-1');
    expect((await cashier.post('/api/drawers/drawer-1/count', { commandId: randomUUID() })).status).toBe(200);
    const closing = heard.length;
    expect((await cashier.post('/api/drawers/drawer-1/close', { commandId: randomUUID(), countedCents: 10000 })).status).toBe(
      200,
    );
    await until((t) => t.drawerId === undefined, closing);
    await cashier.post('/api/auth/lock', {});
  });

  it('leaves the terminals out of the audit log: sessions are there as their own notes', async () => {
    const manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    const { entries } = (await manager.get<{ entries: { type: string }[] }>('/api/audit?limit=10000')).body;
    expect(entries.filter((e) => (TERMINAL_FACTS as readonly string[]).includes(e.type))).toEqual([]);
    expect(entries.some((e) => e.type === 'SessionStarted')).toBe(true);
    expect((await manager.get<{ ok: boolean }>('/api/audit/verify')).body.ok).toBe(true);
    await manager.post('/api/auth/lock', {});
  });
});

describe('a terminal its node left online', () => {
  it('goes offline after the next start, once the grace is over: no socket of it came back', async () => {
    const db = await createTestDatabase();
    let node = await startNodeOn(db.url, { terminalGraceSeconds: GRACE_MS / 1000 });
    const view = async () => {
      const manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
      const answer = (await manager.get<TerminalView>('/api/terminals/pos-1')).body;
      await manager.post('/api/auth/lock', {});
      return answer;
    };
    try {
      const waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
      const screen = await waiter.socket();
      await expect.poll(view).toMatchObject({ state: 'IN_USE', online: true });
      // The node stops with the screen connected: its grace timer, if the leave got that far, stops with it.
      await node.stop();
      screen.close();
      node = await startNodeOn(db.url, { terminalGraceSeconds: GRACE_MS / 1000 });
      // Once the cluster is known (5 s), its gone gateway's sockets are forgotten and it waits out the grace.
      await expect
        .poll(view, { timeout: 5000 + GRACE_MS + 5000, interval: 250 })
        .toMatchObject({ state: 'OFFLINE', online: false });
    } finally {
      await node.stop();
      await db.drop();
    }
  });
});
