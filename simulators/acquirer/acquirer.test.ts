import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAcquirer, type RunningAcquirer } from './acquirer.js';

const SLOW_MS = 400;
let acquirer: RunningAcquirer;

beforeAll(async () => {
  acquirer = await startAcquirer({ port: 0, name: 'sim', slowMs: SLOW_MS });
});
afterAll(() => acquirer.close());
beforeEach(() => setMode('ok'));

let keys = 0;
const newKey = () => `key-${Date.now()}-${++keys}`;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${acquirer.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}
const charge = (key: string, amountCents: unknown, cardToken: unknown) =>
  call('POST', '/charges', { amountCents, cardToken }, { 'idempotency-key': key });
const refund = (key: string, chargeId: unknown, amountCents: unknown) =>
  call('POST', '/refunds', { chargeId, amountCents }, { 'idempotency-key': key });
const setMode = (mode: string) => call('POST', '/mode', { mode });

interface Ledger {
  charges: { id: string; idempotencyKey: string; status: string; refundedCents: number }[];
  refunds: { id: string; chargeId: string; amountCents: number }[];
}
const ledger = async () => (await call('GET', '/ledger')).body as unknown as Ledger;
const chargesUnder = async (key: string) => (await ledger()).charges.filter((c) => c.idempotencyKey === key);

describe('the simulated acquirer: charges', () => {
  it('approves tok_visa and tok_master with an auth code', async () => {
    for (const token of ['tok_visa', 'tok_master']) {
      const { status, body } = await charge(newKey(), 1500, token);
      expect(status).toBe(201);
      expect(body).toMatchObject({ status: 'approved', amountCents: 1500 });
      expect(body.id).toMatch(/^ch_/);
      expect(body.authCode).toMatch(/^\d{6}$/);
    }
  });

  it('declines tok_declined, and tok_insufficient with reason insufficient_funds', async () => {
    expect((await charge(newKey(), 1500, 'tok_declined')).body).toMatchObject({ status: 'declined', reason: 'generic_decline' });
    const { body } = await charge(newKey(), 1500, 'tok_insufficient');
    expect(body).toMatchObject({ status: 'declined', reason: 'insufficient_funds', amountCents: 1500 });
    expect(body.authCode).toBeUndefined();
  });

  it('answers the first charge again for the same key and body, charging once', async () => {
    const key = newKey();
    const first = await charge(key, 2500, 'tok_visa');
    const again = await charge(key, 2500, 'tok_visa');
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await chargesUnder(key)).toHaveLength(1);
  });

  it('refuses the same key with another body (422 idempotency_key_reused), charging nothing more', async () => {
    const key = newKey();
    await charge(key, 2500, 'tok_visa');
    for (const [amount, token] of [
      [2600, 'tok_visa'],
      [2500, 'tok_master'],
    ] as const) {
      const { status, body } = await charge(key, amount, token);
      expect(status).toBe(422);
      expect(body).toMatchObject({ error: { code: 'idempotency_key_reused' } });
    }
    expect(await chargesUnder(key)).toHaveLength(1);
  });

  it('tells the charge made under a key, or 404', async () => {
    const key = `order 7/payment ${newKey()}`;
    const made = await charge(key, 990, 'tok_master');
    const found = await call('GET', `/charges/${encodeURIComponent(key)}`);
    expect(found.status).toBe(200);
    expect(found.body).toEqual(made.body);
    const missing = await call('GET', `/charges/${newKey()}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'no_such_charge' } });
  });

  it('refuses bad input with 400 and a message, storing nothing under the key', async () => {
    const key = newKey();
    const bad = [
      await call('POST', '/charges', { amountCents: 100, cardToken: 'tok_visa' }),
      await call('POST', '/charges', { amountCents: 100, cardToken: 'tok_visa' }, { 'idempotency-key': 'k'.repeat(256) }),
      await charge(key, 0, 'tok_visa'),
      await charge(key, 10.5, 'tok_visa'),
      await charge(key, '100', 'tok_visa'),
      await charge(key, 100_000_000, 'tok_visa'),
      await charge(key, 100, 'tok_amex'),
      await charge(key, 100, 42),
      await call('POST', '/charges', '{"amountCents":', { 'idempotency-key': key }),
      await call('POST', '/charges', '[1]', { 'idempotency-key': key }),
      await call('POST', '/charges', { amountCents: 100, cardToken: 'tok_visa', tip: 1 }, { 'idempotency-key': key }),
    ];
    for (const { status, body } of bad) {
      expect(status).toBe(400);
      expect(body).toMatchObject({ error: { code: 'bad_request', message: expect.any(String) } });
    }
    expect((bad[0]!.body.error as { message: string }).message).toMatch(/Idempotency-Key/);
    expect((bad[6]!.body.error as { message: string }).message).toMatch(/tok_amex/);
    expect((await charge(key, 100, 'tok_visa')).status).toBe(201);
  });

  it('answers 413 to a body over 16 KiB and 404 to a route it does not have', async () => {
    const big = await call(
      'POST',
      '/charges',
      { amountCents: 1, cardToken: 'x'.repeat(17_000) },
      { 'idempotency-key': newKey() },
    );
    expect(big.status).toBe(413);
    expect((await call('GET', '/refunds')).status).toBe(404);
  });
});

describe('the simulated acquirer: refunds', () => {
  it('refunds up to what is left of a charge, and refuses more', async () => {
    const { body: made } = await charge(newKey(), 5000, 'tok_visa');
    const first = await refund(newKey(), made.id, 3000);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'approved', chargeId: made.id, amountCents: 3000 });
    expect(first.body.id).toMatch(/^re_/);
    const over = await refund(newKey(), made.id, 2001);
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ error: { code: 'refund_exceeds_charge' } });
    expect((await refund(newKey(), made.id, 2000)).status).toBe(201);
    expect((await refund(newKey(), made.id, 1)).status).toBe(422);
    const { charges } = await ledger();
    expect(charges.find((c) => c.id === made.id)?.refundedCents).toBe(5000);
  });

  it('answers the first refund again for the same key, refunding once', async () => {
    const { body: made } = await charge(newKey(), 5000, 'tok_visa');
    const key = newKey();
    const first = await refund(key, made.id, 1000);
    const again = await refund(key, made.id, 1000);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await refund(key, made.id, 1500)).status).toBe(422);
    expect((await ledger()).refunds.filter((r) => r.chargeId === made.id)).toHaveLength(1);
  });

  it('refuses a refund of no charge (404), of a declined one (422) and bad input (400)', async () => {
    expect((await refund(newKey(), 'ch_nothing', 100)).status).toBe(404);
    const { body: declined } = await charge(newKey(), 5000, 'tok_declined');
    expect((await refund(newKey(), declined.id, 100)).body).toMatchObject({ error: { code: 'charge_not_approved' } });
    expect((await refund(newKey(), '', 100)).status).toBe(400);
    expect((await refund(newKey(), declined.id, -1)).status).toBe(400);
    expect((await call('POST', '/refunds', { chargeId: declined.id, amountCents: 1 })).status).toBe(400);
  });
});

describe('the simulated acquirer: modes', () => {
  it('down: every call answers 503 and does nothing; its ledger and mode still answer', async () => {
    const { body: made } = await charge(newKey(), 5000, 'tok_visa');
    const before = await ledger();
    expect((await setMode('down')).status).toBe(200);
    const key = newKey();
    for (const answer of [
      await charge(key, 100, 'tok_visa'),
      await call('GET', `/charges/${key}`),
      await refund(newKey(), made.id, 100),
      await charge(key, 'bad', 'tok_visa'),
    ]) {
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ error: { code: 'acquirer_unavailable' } });
    }
    expect(await ledger()).toEqual(before);
    await setMode('ok');
    expect((await call('GET', `/charges/${key}`)).status).toBe(404);
  });

  it('slow: does the work at once but answers only after the delay', async () => {
    await setMode('slow');
    const key = newKey();
    const started = Date.now();
    const answered = charge(key, 700, 'tok_visa');
    await expect.poll(() => chargesUnder(key), { timeout: SLOW_MS / 2, interval: 20 }).toHaveLength(1);
    const { status, body } = await answered;
    expect(Date.now() - started).toBeGreaterThanOrEqual(SLOW_MS - 5);
    expect(status).toBe(201);
    expect(body.id).toBe((await chargesUnder(key))[0]!.id);
    const query = Date.now();
    expect((await call('GET', `/charges/${key}`)).status).toBe(200);
    expect(Date.now() - query).toBeGreaterThanOrEqual(SLOW_MS - 5);
  });

  it('refuses a mode it does not know', async () => {
    const { status, body } = await setMode('flaky');
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: { code: 'bad_request', message: expect.stringMatching(/ok, down, slow/) } });
  });
});

describe('the simulated acquirer as a process', () => {
  it('closes with slow answers still owed', async () => {
    const slow = await startAcquirer({ port: 0, name: 'closing', slowMs: 60_000 });
    await fetch(`${slow.url}/mode`, { method: 'POST', body: JSON.stringify({ mode: 'slow' }) });
    const owed = fetch(`${slow.url}/charges`, {
      method: 'POST',
      headers: { 'idempotency-key': 'k1' },
      body: JSON.stringify({ amountCents: 100, cardToken: 'tok_visa' }),
    }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = Date.now();
    await slow.close();
    expect(Date.now() - closing).toBeLessThan(2000);
    expect(await owed).toBeInstanceOf(Error);
  });
});
