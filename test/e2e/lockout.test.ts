import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPin } from '../../shared/auth/pin.js';
import type { AlertView } from '../../shared/contract/index.js';
import { ApiClient, createTestDatabase, nextMessage, startNodeOn, startTestNode, type TestNode } from '../harness.js';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const probe = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
const redisUp = await probe.connect().then(
  () => true,
  () => false,
);
await probe.quit().catch(() => undefined);
if (!redisUp && process.env.CI === 'true') throw new Error(`Redis is not reachable at ${redisUrl}`);
if (!redisUp)
  console.warn(`Redis is not reachable at ${redisUrl}: install and start redis-server to run the Redis lockout tests.`);

type Refusal = { type: string; data?: { until?: string } };

/** A PIN login's status and error type. */
async function login(node: TestNode, terminalId: string, pin: string, extra: Record<string, unknown> = {}) {
  const answer = await new ApiClient(node.baseUrl).post<Refusal>('/api/auth/pin', { terminalId, pin, ...extra });
  return { status: answer.status, type: answer.status === 200 ? 'OK' : answer.body.type, until: answer.body.data?.until };
}

async function wrongPins(node: TestNode, terminalId: string, times: number) {
  for (let i = 0; i < times; i++) expect((await login(node, terminalId, '0000')).type).toBe('INVALID_PIN');
}

describe('wrong PINs on one terminal', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode();
  });
  afterAll(() => node?.stop());

  it('a correct PIN between wrong ones does not reset the count; the fifth locks that terminal for 5 minutes', async () => {
    await wrongPins(node, 'pos-1', 4);
    expect((await login(node, 'pos-1', '1111')).type).toBe('OK');
    await wrongPins(node, 'pos-1', 1);
    const locked = await login(node, 'pos-1', '1111');
    expect([locked.status, locked.type]).toEqual([429, 'PIN_LOCKED']);
    expect(Date.parse(locked.until!)).toBeGreaterThan(Date.now() + 4 * 60_000);
    // The lock is the terminal's, not the user's.
    expect((await login(node, 'pos-2', '1111')).type).toBe('OK');
  });

  it('guesses sent at once cannot pass the lock together: five are checked, the rest refused unchecked', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, () => login(node, 'kds-cold', '0000')));
    const types = answers.map((a) => a.type).sort();
    expect(types).toEqual([...Array<string>(5).fill('INVALID_PIN'), ...Array<string>(7).fill('PIN_LOCKED')]);
    expect((await login(node, 'kds-cold', '3333')).type).toBe('PIN_LOCKED');
  });

  it('right PINs sent at once all get in: they wait their turn instead of locking the terminal', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, () => login(node, 'kds-bar', '3333')));
    expect(answers.map((a) => a.type)).toEqual(Array<string>(12).fill('OK'));
  });

  it("a manager's approval is one check commands share: required, refused, counted like a wrong PIN at login", async () => {
    const approve = (approval?: { pin: string; userId?: string }) =>
      node.node.broker.call('auth.approve', { terminalId: 'pos-2', what: 'A discount', ...(approval ? { approval } : {}) }).then(
        (manager) => (manager as { id: string }).id,
        (error: { type: string }) => error.type,
      );
    expect(await approve()).toBe('APPROVAL_REQUIRED');
    expect(await approve({ pin: '1234' })).toBe('maria');
    expect(await approve({ pin: '1234', userId: 'wagner' })).toBe('APPROVAL_REFUSED');
    // A real PIN that is not a manager's gets the same answer as a wrong one.
    expect(await approve({ pin: '1111' })).toBe('APPROVAL_REFUSED');
    for (let i = 0; i < 4; i++) expect(await approve({ pin: '0000' })).toBe('APPROVAL_REFUSED');
    expect((await login(node, 'pos-2', '1111')).type).toBe('PIN_LOCKED');
    expect(await approve({ pin: '1234' })).toBe('PIN_LOCKED');
  });
});

describe("another manager's approval unlocks a terminal", () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode();
    // A second manager: Rita, PIN 5678.
    const client = new pg.Client({ connectionString: node.databaseUrl });
    await client.connect();
    await client.query("INSERT INTO users (id, name, role, pin_hash) VALUES ('rita', 'Rita', 'MANAGER', $1)", [
      await hashPin('5678'),
    ]);
    await client.end();
  });
  afterAll(() => node?.stop());

  it("lets Maria in on her locked terminal with Rita's PIN, not with her own", async () => {
    await wrongPins(node, 'pos-2', 5);
    expect((await login(node, 'pos-2', '1234')).type).toBe('PIN_LOCKED');
    expect((await login(node, 'pos-2', '1234', { approval: { pin: '1234' } })).type).toBe('APPROVAL_REFUSED');
    expect((await login(node, 'pos-2', '1234', { approval: { pin: '5678' } })).type).toBe('OK');
    // Unlocked: its count starts again.
    expect((await login(node, 'pos-2', '1111')).type).toBe('OK');
  });

  it('takes two refused approvals per lock, then none until the lock ends', async () => {
    await wrongPins(node, 'kds-grill', 5);
    for (const pin of ['0000', '1111']) {
      expect((await login(node, 'kds-grill', '3333', { approval: { pin } })).type).toBe('APPROVAL_REFUSED');
    }
    expect((await login(node, 'kds-grill', '3333', { approval: { pin: '5678' } })).type).toBe('PIN_LOCKED');
  });
});

describe('a sweep over terminals', () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode();
  });
  afterAll(() => node?.stop());

  it('past 20 wrong PINs everywhere, the managers are alerted and every terminal locks at its first wrong PIN', async () => {
    const manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    const socket = await manager.socket(['alerts']);
    const alert = nextMessage<AlertView>(socket, 'alert', (a) => a.type === 'PIN_SWEEP', 30_000);
    for (const terminalId of ['pos-1', 'pos-2', 'kds-grill', 'kds-fryer']) await wrongPins(node, terminalId, 5);
    expect((await login(node, 'kds-cold', '3333')).type).toBe('OK');
    await wrongPins(node, 'kds-cold', 1);
    expect(await alert).toMatchObject({ type: 'PIN_SWEEP', wrongPins: 21 });
    expect((await login(node, 'kds-cold', '3333')).type).toBe('PIN_LOCKED');
    await wrongPins(node, 'kds-bar', 1);
    expect((await login(node, 'kds-bar', '3333')).type).toBe('PIN_LOCKED');
    // Nobody is locked out everywhere: a terminal with no wrong PIN lets the same users in.
    expect((await login(node, 'cd-1', '3333')).type).toBe('OK');
    expect((await login(node, 'cd-1', '1234')).type).toBe('OK');
    socket.close();
  });
});

describe.each([
  ['in Postgres', () => ({}), true],
  ['in Redis', (prefix: string) => ({ redisUrl, redisPrefix: prefix }), redisUp],
] as const)('wrong-PIN counts %s', (_, store, runs) => {
  it.runIf(runs)('are shared by two gateways and survive a restart of both', async () => {
    const db = await createTestDatabase();
    const options = store(`test-${randomUUID()}`);
    let nodes: TestNode[] = [];
    try {
      nodes = [await startNodeOn(db.url, options), await startNodeOn(db.url, options)];
      const [a, b] = nodes as [TestNode, TestNode];
      await wrongPins(a, 'pos-2', 3);
      await wrongPins(b, 'pos-2', 2);
      expect((await login(a, 'pos-2', '1111')).type).toBe('PIN_LOCKED');
      expect((await login(b, 'pos-2', '1111')).type).toBe('PIN_LOCKED');
      await Promise.all(nodes.map((n) => n.stop()));
      nodes = [await startNodeOn(db.url, options)];
      expect((await login(nodes[0]!, 'pos-2', '1111')).type).toBe('PIN_LOCKED');
      expect((await login(nodes[0]!, 'pos-1', '1111')).type).toBe('OK');
    } finally {
      await Promise.all(nodes.map((n) => n.stop()));
      await db.drop();
    }
  });
});
