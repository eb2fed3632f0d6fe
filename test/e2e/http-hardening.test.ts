import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderView } from '../../shared/contract/index.js';
import { ApiClient, eventCount, startTestNode, type Answer, type TestNode } from '../harness.js';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const probe = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
const redisUp = await probe.connect().then(
  () => true,
  () => false,
);
probe.disconnect();
if (!redisUp && process.env.CI === 'true') throw new Error(`Redis is not reachable at ${redisUrl}`);
if (!redisUp) console.warn(`Redis is not reachable at ${redisUrl}: the shared rate limit test is skipped.`);

const PARTNER = 'http://partner.example';

describe('what the HTTP side takes, and what it answers with', () => {
  let node: TestNode;
  let waiter: ApiClient;
  let manager: ApiClient;
  let orderId: string;

  beforeAll(async () => {
    node = await startTestNode({ allowedOrigins: [PARTNER] });
    waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    orderId = await waiter.openOrder(3);
  });
  afterAll(() => node.stop());

  /** The status and error type, and the log unchanged. */
  async function refused(request: () => Promise<Answer>, status: number, type: string) {
    const before = await eventCount(node.databaseUrl);
    const answer = await request();
    expect(answer.body).toMatchObject({ type, code: status });
    expect(answer.status).toBe(status);
    expect(await eventCount(node.databaseUrl)).toBe(before);
    return answer;
  }

  const item = (extra: Record<string, unknown>) =>
    waiter.post(`/api/orders/${orderId}/items`, { commandId: randomUUID(), productId: 'picanha', quantity: 1, ...extra });

  it('refuses a string Postgres cannot store, naming the field, instead of failing at the append', async () => {
    const nul = await refused(() => item({ notes: 'sem cebola\u0000' }), 400, 'BAD_REQUEST');
    expect(nul.body.message).toContain("'notes'");
    const surrogate = await refused(
      () => waiter.post(`/api/orders/${orderId}/cancel`, { commandId: randomUUID(), reason: 'oops \ud800' }),
      400,
      'BAD_REQUEST',
    );
    expect(surrogate.body.message).toContain("'reason'");
    // A surrogate pair (an emoji) is fine.
    expect((await item({ notes: 'pouco sal 🧂' })).status).toBe(200);
  });

  it('refuses null where the contract does not allow it, and takes it where it does', async () => {
    const answer = await refused(
      () => manager.request('PATCH', '/api/menu/products/picanha', { priceCents: null }),
      400,
      'BAD_REQUEST',
    );
    expect(answer.body.message).toContain('priceCents');
    const open = await waiter.post('/api/orders', { commandId: randomUUID(), terminalId: 'pos-1', table: null, covers: null });
    expect(open.status).toBe(201);
  });

  it('lets no query parameter override a body field or the path', async () => {
    const other = await waiter.openOrder(4);
    const answer = await waiter.post<OrderView>(`/api/orders/${orderId}/items?productId=caipirinha&orderId=${other}&quantity=9`, {
      commandId: randomUUID(),
      productId: 'picanha',
      quantity: 1,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.id).toBe(orderId);
    expect(answer.body.items.at(-1)).toMatchObject({ productId: 'picanha', quantity: 1 });
    const untouched = await waiter.get<OrderView>(`/api/orders/${other}`);
    expect(untouched.body.items).toEqual([]);
  });

  it('takes a commandId that differs only in letter case as the same command', async () => {
    const commandId = randomUUID();
    const first = await item({ commandId });
    const before = await eventCount(node.databaseUrl);
    const again = await item({ commandId: commandId.toUpperCase() });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await eventCount(node.databaseUrl)).toBe(before);
  });

  it('refuses a __proto__ key and a body that is not an object', async () => {
    await refused(
      () => waiter.request('POST', `/api/orders/${orderId}/send`, `{"commandId":"${randomUUID()}","__proto__":{"course":2}}`),
      400,
      'BAD_REQUEST',
    );
    await refused(() => waiter.request('POST', `/api/orders/${orderId}/send`, '[1,2]'), 400, 'BAD_REQUEST');
  });

  it('answers a body over 64 KiB with 413 and the contract error body', async () => {
    await refused(() => item({ notes: 'x'.repeat(70 * 1024) }), 413, 'BODY_TOO_LARGE');
  });

  it("answers a URL over Node's 16 KiB header limit with the contract error body, not an empty 431", async () => {
    const res = await fetch(`${node.baseUrl}/api/orders?table=${'9'.repeat(20_000)}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: 'BAD_REQUEST', code: 400 });
  });

  it('puts the security headers on every answer: the API, its errors, the screens, static files and a 404', async () => {
    for (const url of ['/api/health', '/api/orders', '/', '/pos/', '/favicon.svg', '/no-such-file.js', '/api/nothing']) {
      const res = await fetch(`${node.baseUrl}${url}`);
      expect(res.headers.get('x-content-type-options'), url).toBe('nosniff');
      expect(res.headers.get('content-security-policy'), url).toContain("frame-ancestors 'none'");
      expect(res.headers.get('content-security-policy'), url).toContain("script-src 'self'");
      expect(res.headers.get('referrer-policy'), url).toBe('no-referrer');
    }
  });

  it("refuses a browser call from another origin with 403, and takes its own, a configured one's and none", async () => {
    const call = (origin?: string) =>
      fetch(`${node.baseUrl}/api/orders`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${waiter.token}`,
          ...(origin ? { origin } : {}),
        },
        body: JSON.stringify({ commandId: randomUUID(), terminalId: 'pos-1' }),
      }).then(async (res) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> }));
    await refused(() => call('http://evil.example'), 403, 'ORIGIN_NOT_ALLOWED');
    expect((await call(node.baseUrl)).status).toBe(201);
    expect((await call(PARTNER)).status).toBe(201);
    expect((await call()).status).toBe(201);
  });

  it('refuses a Socket.IO handshake from another origin, and takes its own', async () => {
    const connect = (origin: string) =>
      new Promise<boolean>((resolve) => {
        const socket = io(node.baseUrl, {
          auth: { token: waiter.token },
          transports: ['websocket'],
          extraHeaders: { origin },
          reconnection: false,
        });
        socket.once('connect', () => (socket.close(), resolve(true)));
        socket.once('connect_error', () => (socket.close(), resolve(false)));
      });
    expect(await connect('http://evil.example')).toBe(false);
    expect(await connect(node.baseUrl)).toBe(true);
  });
});

describe('rate limits on writes and logins', () => {
  let node: TestNode;

  beforeAll(async () => {
    node = await startTestNode({ rateLimit: { windowSeconds: 60, writesPerToken: 5, writesPerAddress: 0, loginsPerAddress: 4 } });
  });
  afterAll(() => node.stop());

  it('refuses a token over its limit with 429, Retry-After and a clear message; another token still writes', async () => {
    const busy = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    const calm = await ApiClient.login(node.baseUrl, 'pos-2', '1111');
    const orderId = await busy.openOrder();
    for (let i = 0; i < 4; i++) expect((await busy.addItem(orderId, 'picanha')).status).toBe(200);
    const before = await eventCount(node.databaseUrl);
    const res = await fetch(`${node.baseUrl}/api/orders/${orderId}/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${busy.token}` },
      body: JSON.stringify({ commandId: randomUUID(), productId: 'picanha', quantity: 1 }),
    });
    expect(res.status).toBe(429);
    expect(await res.json()).toMatchObject({ type: 'RATE_LIMITED', code: 429 });
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await eventCount(node.databaseUrl)).toBe(before);
    // Reads are not limited.
    expect((await busy.get(`/api/orders/${orderId}`)).status).toBe(200);
    expect((await calm.addItem(orderId, 'picanha')).status).toBe(200);
  });

  it('refuses logins from one address over its limit', async () => {
    // Two logins above, two more now: the fifth is over.
    const anyone = new ApiClient(node.baseUrl);
    for (let i = 0; i < 2; i++)
      expect((await anyone.post('/api/auth/pin', { terminalId: 'kds-grill', pin: '3333' })).status).toBe(200);
    const answer = await anyone.post('/api/auth/pin', { terminalId: 'kds-grill', pin: '3333' });
    expect(answer).toMatchObject({ status: 429, body: { type: 'RATE_LIMITED' } });
  });
});

describe.runIf(redisUp)('a rate limit in Redis', () => {
  const nodes: TestNode[] = [];

  beforeAll(async () => {
    const shared = {
      redisUrl,
      redisPrefix: `test-${randomUUID()}`,
      rateLimit: { windowSeconds: 60, writesPerToken: 0, writesPerAddress: 3, loginsPerAddress: 0 },
    };
    nodes.push(await startTestNode(shared), await startTestNode(shared));
  });
  afterAll(() => Promise.all(nodes.map((n) => n.stop())));

  it('is counted by every gateway together', async () => {
    // Each node has its own database, so its own sessions: what they share is this test's address.
    const [onA, onB] = await Promise.all(nodes.map((n) => ApiClient.login(n.baseUrl, 'pos-1', '1111')));
    const open = () => ({ commandId: randomUUID(), terminalId: 'pos-1' });
    expect((await onA!.post('/api/orders', open())).status).toBe(201);
    expect((await onB!.post('/api/orders', open())).status).toBe(201);
    expect((await onA!.post('/api/orders', open())).status).toBe(201);
    expect((await onB!.post('/api/orders', open())).body).toMatchObject({ type: 'RATE_LIMITED' });
  });
});
