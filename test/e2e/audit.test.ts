import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestNode, type TestNode } from '../harness.js';

interface Entry {
  seq: number;
  at: string;
  type: string;
  stream: string | null;
  userId: string | null;
  approvedBy?: string;
  terminalId: string | null;
  data: Record<string, unknown>;
  hash: string;
}

/** The contract's canonical JSON, written here from its words: keys sorted at every level, no white space. */
const canonical = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(canonical).join(',')}]`
    : value && typeof value === 'object'
      ? `{${Object.keys(value)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(value);

describe('the audit log', () => {
  let node: TestNode;
  let sql: pg.Client;
  let manager: ApiClient;
  let orderId: string;
  const entries = async (query = '') => (await manager.get<{ entries: Entry[] }>(`/api/audit${query}`)).body.entries;
  const verify = async () => (await manager.get<{ ok: boolean; entries?: number; brokenAt?: number }>('/api/audit/verify')).body;

  beforeAll(async () => {
    node = await startTestNode();
    sql = new pg.Client({ connectionString: node.databaseUrl });
    await sql.connect();
    const waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    expect((await new ApiClient(node.baseUrl).post('/api/auth/pin', { terminalId: 'pos-2', pin: '9999' })).status).toBe(401);
    manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    expect((await manager.request('PATCH', '/api/menu/products/pudim', { priceCents: 1590 })).status).toBe(200);
    orderId = await waiter.openOrder(3);
    await waiter.addItem(orderId, 'picanha');
    await waiter.send(orderId);
    expect((await waiter.post('/api/auth/lock', {})).status).toBe(200);
  });
  afterAll(async () => {
    await sql.end();
    await node.stop();
  });

  it('holds every write, login (good and bad) and session end, numbered in order and chained by hash', async () => {
    const all = await entries('?limit=10000');
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    let previous = '0'.repeat(64);
    for (const { hash, ...entry } of all) {
      expect(hash).toBe(createHash('sha256').update(previous).update(canonical(entry)).digest('hex'));
      previous = hash;
    }
    const types = all.map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'SessionStarted',
        'WrongPin',
        'ProductChanged',
        'OrderOpened',
        'ItemAdded',
        'OrderSent',
        'SessionEnded',
      ]),
    );
    expect(all.find((e) => e.type === 'WrongPin')).toMatchObject({ terminalId: 'pos-2', userId: null });
    expect(all.find((e) => e.type === 'ProductChanged')).toMatchObject({
      userId: 'maria',
      data: { productId: 'pudim', priceCents: 1590 },
    });
    expect(all.find((e) => e.type === 'SessionEnded')).toMatchObject({ userId: 'wagner', data: { reason: 'LOCKED' } });
    // Every fact of the order is an entry, with who did it.
    const facts = (await sql.query('SELECT type FROM events WHERE stream_id = $1 ORDER BY version', [orderId])).rows.map(
      (r) => r.type,
    );
    expect(all.filter((e) => e.stream === orderId).map((e) => e.type)).toEqual(facts);
    expect(all.find((e) => e.type === 'OrderOpened')).toMatchObject({ userId: 'wagner', terminalId: 'pos-1' });
    expect(await verify()).toEqual({ ok: true, entries: all.length });
  });

  it('filters by seq, user and type, in seq order', async () => {
    const byWagner = await entries('?userId=wagner&limit=10000');
    expect(byWagner.length).toBeGreaterThan(3);
    expect(byWagner.every((e) => e.userId === 'wagner')).toBe(true);
    expect((await entries('?type=ItemAdded')).map((e) => e.stream)).toEqual([orderId]);
    const some = await entries('?from=2&to=4');
    expect(some.map((e) => e.seq)).toEqual([2, 3, 4]);
    expect(await entries('?limit=2')).toHaveLength(2);
    const all = await entries('?limit=10000');
    expect((await entries('?order=desc&limit=3')).map((e) => e.seq)).toEqual(
      all
        .slice(-3)
        .reverse()
        .map((e) => e.seq),
    );
  });

  it('is for managers only', async () => {
    const waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    const refused = await waiter.get<{ type: string }>('/api/audit');
    expect([refused.status, refused.body.type]).toEqual([403, 'FORBIDDEN']);
  });

  it('verify finds an entry changed, removed or inserted by hand', async () => {
    expect(await verify()).toMatchObject({ ok: true });
    const { rows } = await sql.query('SELECT * FROM audit_log WHERE seq = 3');
    await sql.query(`UPDATE audit_log SET data = data || '{"priceCents": 1}' WHERE seq = 3`);
    expect(await verify()).toEqual({ ok: false, brokenAt: 3 });
    await sql.query('UPDATE audit_log SET data = $1 WHERE seq = 3', [rows[0].data]);
    expect(await verify()).toMatchObject({ ok: true });

    const removed = (await sql.query('DELETE FROM audit_log WHERE seq = 5 RETURNING *')).rows[0];
    expect(await verify()).toEqual({ ok: false, brokenAt: 5 });
    await sql.query(
      'INSERT INTO audit_log (seq, at, type, stream, user_id, approved_by, terminal_id, data, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      [
        removed.seq,
        removed.at,
        removed.type,
        removed.stream,
        removed.user_id,
        removed.approved_by,
        removed.terminal_id,
        removed.data,
        removed.hash,
      ],
    );
    expect(await verify()).toMatchObject({ ok: true });

    const last = (await sql.query('SELECT seq::int, hash FROM audit_log ORDER BY seq DESC LIMIT 1')).rows[0];
    await sql.query(
      `INSERT INTO audit_log (seq, at, type, user_id, data, hash) VALUES ($1, now(), 'OrderCancelled', 'maria', '{}', $2)`,
      [last.seq + 1, createHash('sha256').update(last.hash).update('{}').digest('hex')],
    );
    expect(await verify()).toEqual({ ok: false, brokenAt: last.seq + 1 });
  });

  it('a refused command is no entry', async () => {
    await sql.query('DELETE FROM audit_log WHERE seq > (SELECT seq FROM audit_chain)');
    const before = (await entries('?limit=10000')).length;
    const waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    const refused = await waiter.post(`/api/orders/${orderId}/send`, { commandId: randomUUID() });
    expect(refused.status).toBe(422);
    const after = await entries('?limit=10000');
    // The login is audited; the refused send is not.
    expect(after.slice(before).map((e) => e.type)).toEqual(['SessionStarted']);
  });
});
