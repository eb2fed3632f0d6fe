import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { OrderView } from '../../shared/contract/index.js';
import { startAcquirer, type RunningAcquirer } from '../../simulators/acquirer/acquirer.js';
import { ApiClient, createTestDatabase, spawnNode, waitHealthy, type NodeProcess } from '../harness.js';

type Ledger = { charges: { idempotencyKey: string; status: string }[] };

/**
 * A node killed (SIGKILL) while a card's charge waits for the acquirer's answer, the acquirer having charged it at
 * once: started again on the same database, the node finds the charge by its key and records it once.
 */
describe('a node killed while a card is charged', () => {
  const running: NodeProcess[] = [];
  let acquirer: RunningAcquirer;
  let drop: () => Promise<void> = async () => undefined;
  afterAll(async () => {
    for (const node of running)
      if (node.child.exitCode === null && node.child.signalCode === null) process.kill(-node.child.pid!, 'SIGKILL');
    await acquirer?.close();
    await drop();
  });

  const ledger = async () => (await (await fetch(`${acquirer.url}/ledger`)).json()) as Ledger;
  const setMode = (mode: string) =>
    fetch(`${acquirer.url}/mode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode }),
    });

  async function start(env: Record<string, string>) {
    const node = await spawnNode(env);
    running.push(node);
    await waitHealthy(node.baseUrl, 90_000, node.child).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${node.output()}`);
    });
    return node;
  }

  it('finds the charge approved by its key after the restart, and records it once; the acquirer charged once', async () => {
    acquirer = await startAcquirer({ port: 0, name: 'main', slowMs: 60_000 });
    const db = await createTestDatabase();
    drop = db.drop;
    // The charge waits up to 2 s for its answer: long enough to be killed in, short enough to be found stale soon after.
    const env = { DATABASE_URL: db.url, ACQUIRERS: `main=${acquirer.url}`, ACQUIRER_TIMEOUT_MS: '2000' };
    const first = await start(env);
    const waiter = await ApiClient.login(first.baseUrl, 'pos-1', '1111');
    const orderId = await waiter.openOrder(3);
    await waiter.addItem(orderId, 'picanha');
    const due = (await waiter.get<OrderView>(`/api/orders/${orderId}`)).body.totals.dueCents;
    await setMode('slow');
    const commandId = randomUUID();
    void waiter
      .post(`/api/orders/${orderId}/payments`, { commandId, method: 'CARD', amountCents: due, cardToken: 'tok_visa' })
      .catch(() => undefined);
    const key = `comanda-${commandId}`;
    for (let waited = 0; !(await ledger()).charges.some((c) => c.idempotencyKey === key); waited += 20) {
      if (waited > 10_000) throw new Error('the acquirer never got the charge');
      await new Promise((r) => setTimeout(r, 20));
    }
    process.kill(-first.child.pid!, 'SIGKILL');
    await first.exited;
    await setMode('ok');

    const second = await start({ ...env, PORT: String(new URL(first.baseUrl).port) });
    const again = await ApiClient.login(second.baseUrl, 'pos-1', '1111');
    let order: OrderView | null = null;
    for (let waited = 0; waited < 45_000; waited += 250) {
      order = (await again.get<OrderView>(`/api/orders/${orderId}`)).body;
      if (order.payments[0]?.status === 'APPROVED') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(order!.payments).toHaveLength(1);
    expect(order!.payments[0]).toMatchObject({ status: 'APPROVED', acquirer: 'main', amountCents: due });
    expect(order!.status).toBe('PAID');
    expect((await ledger()).charges.filter((c) => c.idempotencyKey === key)).toHaveLength(1);
    const history = (await again.get<{ events: { type: string }[] }>(`/api/orders/${orderId}/history`)).body.events;
    expect(history.filter((e) => e.type === 'PaymentConfirmed')).toHaveLength(1);
  }, 120_000);
});
