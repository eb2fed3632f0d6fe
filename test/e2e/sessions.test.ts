import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestNode, type TestNode } from '../harness.js';

/** Resolves when the server drops the socket (it does so only when the socket's session ended). */
const dropped = (socket: Socket) => new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

/** A handshake's refusal type, or 'connected'. */
function handshake(baseUrl: string, token: string | null): Promise<string> {
  const socket = io(baseUrl, { auth: { token }, transports: ['websocket'], reconnection: false });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.close();
      resolve('connected');
    });
    socket.once('connect_error', (error: Error & { data?: { type?: string } }) => {
      socket.close();
      resolve(error.data?.type ?? error.message);
    });
  });
}

const USERS = { maria: '1234', wagner: '1111', carla: '2222', kleber: '3333' } as const;

describe('sessions the server knows', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode();
  });
  afterAll(() => node?.stop());

  it.each([
    ['pos-1', { maria: 200, wagner: 200, carla: 200, kleber: 403 }],
    ['kds-grill', { maria: 200, wagner: 403, carla: 403, kleber: 200 }],
    ['cd-1', { maria: 200, wagner: 200, carla: 200, kleber: 200 }],
    ['mgr-1', { maria: 200, wagner: 403, carla: 403, kleber: 403 }],
  ] as const)('on %s, each role logs in only where it works', async (terminalId, expected) => {
    const anyone = new ApiClient(node.baseUrl);
    for (const [user, status] of Object.entries(expected)) {
      const answer = await anyone.post<{ type?: string; token?: string; user?: { id: string } }>('/api/auth/pin', {
        terminalId,
        pin: USERS[user as keyof typeof USERS],
      });
      expect({ user, status: answer.status }).toEqual({ user, status });
      if (status === 403) expect(answer.body.type).toBe('ROLE_NOT_ALLOWED_HERE');
      else {
        expect(answer.body.user?.id).toBe(user);
        // Keep the users' session counts low for the tests below.
        const session = new ApiClient(node.baseUrl);
        session.token = answer.body.token!;
        expect((await session.post('/api/auth/lock', {})).status).toBe(200);
      }
    }
  });

  it('a lock ends the session: its token gets 401 SESSION_ENDED and its socket is dropped', async () => {
    const waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    const other = await ApiClient.login(node.baseUrl, 'pos-2', '1111');
    const socket = await waiter.socket(['terminal:pos-1']);
    const gone = dropped(socket);
    expect((await waiter.post('/api/auth/lock', {})).status).toBe(200);
    expect(await gone).toBe('io server disconnect');
    const after = await waiter.get<{ type: string }>('/api/menu');
    expect([after.status, after.body.type]).toEqual([401, 'SESSION_ENDED']);
    expect(await handshake(node.baseUrl, waiter.token)).toBe('SESSION_ENDED');
    // The same user's other session goes on; locking twice is harmless.
    expect((await other.get('/api/menu')).status).toBe(200);
    expect((await other.post('/api/auth/lock', {})).status).toBe(200);
    expect((await other.post('/api/auth/lock', {})).status).toBe(401);
  });

  it('a fourth POS or manager login ends the oldest; kitchen screens and customer displays do not count', async () => {
    const first = await ApiClient.login(node.baseUrl, 'pos-1', '1234');
    const second = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    const kds = await ApiClient.login(node.baseUrl, 'kds-grill', '1234');
    const display = await ApiClient.login(node.baseUrl, 'cd-1', '1234');
    const third = await ApiClient.login(node.baseUrl, 'pos-2', '1234');
    const socket = await first.socket(['terminals']);
    const gone = dropped(socket);
    const fourth = await ApiClient.login(node.baseUrl, 'pos-1', '1234');
    await gone;
    expect((await first.get<{ type: string }>('/api/menu')).body.type).toBe('SESSION_ENDED');
    for (const still of [second, third, fourth, kds]) expect((await still.get('/api/menu')).status).toBe(200);
    expect((await display.get('/api/orders?terminalId=pos-1&status=OPEN')).status).toBe(200);
    for (const client of [second, third, fourth, kds, display]) await client.post('/api/auth/lock', {});
  });

  it('an order belongs to the terminal of the session that opens it; a manager may open one for another', async () => {
    const waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    const refused = await waiter.post<{ type: string }>('/api/orders', { commandId: randomUUID(), terminalId: 'pos-2' });
    expect([refused.status, refused.body.type]).toEqual([403, 'FORBIDDEN']);
    expect((await waiter.post('/api/orders', { commandId: randomUUID(), terminalId: 'pos-1' })).status).toBe(201);
    const manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    const opened = await manager.post<{ id: string; terminalId: string }>('/api/orders', {
      commandId: randomUUID(),
      terminalId: 'pos-2',
    });
    expect([opened.status, opened.body.terminalId]).toEqual([201, 'pos-2']);
    const history = await manager.get<{ events: { terminalId: string; userId: string }[] }>(
      `/api/orders/${opened.body.id}/history`,
    );
    expect(history.body.events[0]).toMatchObject({ terminalId: 'mgr-1', userId: 'maria' });
    await Promise.all([waiter, manager].map((c) => c.post('/api/auth/lock', {})));
  });

  it("a customer display reads only its POS's open and paid orders and writes nothing", async () => {
    const waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    const ours = await waiter.openOrder(3);
    const otherWaiter = await ApiClient.login(node.baseUrl, 'pos-2', '2222');
    const theirs = await otherWaiter.openOrder(4);
    const display = await ApiClient.login(node.baseUrl, 'cd-1', '1111');
    const status = async (url: string, body?: unknown) =>
      (await (body === undefined ? display.get<{ type?: string }>(url) : display.post<{ type?: string }>(url, body))).status;
    expect(await status('/api/orders?terminalId=pos-1&status=OPEN')).toBe(200);
    expect(await status('/api/orders?terminalId=pos-1&status=PAID')).toBe(200);
    expect(await status('/api/orders?terminalId=pos-1&status=CLOSED')).toBe(403);
    expect(await status(`/api/orders/${ours}`)).toBe(200);
    expect(await status(`/api/orders/${theirs}`)).toBe(403);
    expect(await status('/api/orders?terminalId=pos-2&status=OPEN')).toBe(403);
    expect(await status('/api/orders')).toBe(403);
    expect(await status(`/api/orders/${ours}/history`)).toBe(403);
    expect(await status('/api/terminals')).toBe(403);
    expect(await status('/api/stations/grill/tickets')).toBe(403);
    expect(await status('/api/orders', { commandId: randomUUID(), terminalId: 'pos-1' })).toBe(403);
    expect(await status(`/api/orders/${ours}/items`, { commandId: randomUUID(), productId: 'picanha', quantity: 1 })).toBe(403);
    await Promise.all([waiter, otherWaiter, display].map((c) => c.post('/api/auth/lock', {})));
  });

  it('a PIN in the query string is refused, even with one in the body', async () => {
    const anyone = new ApiClient(node.baseUrl);
    for (const query of ['?pin=1111', '?approval[pin]=1234', '?approval.pin=1234']) {
      const answer = await anyone.post<{ type: string }>(`/api/auth/pin${query}`, { terminalId: 'pos-1', pin: '1111' });
      expect([query, answer.status, answer.body.type]).toEqual([query, 400, 'BAD_REQUEST']);
    }
  });
});

describe('idle sessions', () => {
  let node: TestNode;
  // A short idle time so the test need not wait a quarter of an hour.
  beforeAll(async () => {
    node = await startTestNode({ idleLockMinutes: 0.02 });
  });
  afterAll(() => node?.stop());

  it('a POS session nobody uses ends, its socket dropped; a kitchen screen stays', async () => {
    const waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    const cook = await ApiClient.login(node.baseUrl, 'kds-grill', '3333');
    const cookSocket = await cook.socket(['station:grill']);
    let cookDropped = false;
    cookSocket.on('disconnect', () => (cookDropped = true));
    const gone = dropped(await waiter.socket(['terminal:pos-1']));
    expect(await gone).toBe('io server disconnect');
    expect((await waiter.get<{ type: string }>('/api/menu')).body.type).toBe('SESSION_ENDED');
    expect((await cook.get('/api/stations/grill/tickets')).status).toBe(200);
    expect(cookDropped).toBe(false);
    cookSocket.close();
  });
});
