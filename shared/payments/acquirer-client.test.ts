import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAcquirer, type AcquirerMode, type RunningAcquirer } from '../../simulators/acquirer/acquirer.js';
import { AcquirerClient, AcquirerRefusal, parseAcquirers, type AcquirerEndpoint } from './acquirer-client.js';

/** Short enough for tests, and far from the slow acquirer's delay, so a slow answer always times out. */
const TIMEOUT_MS = 300;
const SLOW_MS = 5000;

let primary: RunningAcquirer;
let secondary: RunningAcquirer;
let client: AcquirerClient;

const endpoint = (acquirer: RunningAcquirer): AcquirerEndpoint => ({ name: acquirer.name, url: acquirer.url });
const clientOf = (acquirers: AcquirerEndpoint[], queryAttempts = 3) =>
  new AcquirerClient({ acquirers, timeoutMs: TIMEOUT_MS, queryAttempts, queryBackoffMs: 50 });

beforeAll(async () => {
  primary = await startAcquirer({ port: 0, name: 'primary', slowMs: SLOW_MS });
  secondary = await startAcquirer({ port: 0, name: 'secondary', slowMs: SLOW_MS });
  client = clientOf([endpoint(primary), endpoint(secondary)]);
});
afterAll(async () => {
  await primary.close();
  await secondary.close();
});
beforeEach(async () => {
  await setMode(primary, 'ok');
  await setMode(secondary, 'ok');
});

async function setMode(acquirer: RunningAcquirer, mode: AcquirerMode) {
  const res = await fetch(`${acquirer.url}/mode`, { method: 'POST', body: JSON.stringify({ mode }) });
  expect(res.status).toBe(200);
}

interface Ledger {
  charges: { id: string; idempotencyKey: string; status: string; amountCents: number }[];
  refunds: { id: string; idempotencyKey: string; chargeId: string; amountCents: number }[];
}
const ledger = async (acquirer: RunningAcquirer) => (await (await fetch(`${acquirer.url}/ledger`)).json()) as Ledger;
const chargesUnder = async (acquirer: RunningAcquirer, key: string) =>
  (await ledger(acquirer)).charges.filter((c) => c.idempotencyKey === key);
const refundsUnder = async (acquirer: RunningAcquirer, key: string) =>
  (await ledger(acquirer)).refunds.filter((r) => r.idempotencyKey === key);

/** The result, known to be an approval. */
function approved<R extends { status: string }>(result: R): Extract<R, { status: 'approved' }> {
  if (result.status !== 'approved') throw new Error(`expected approved, got ${JSON.stringify(result)}`);
  return result as Extract<R, { status: 'approved' }>;
}

let keys = 0;
/** An idempotency key as the runtime makes them: one per payment command. */
const newKey = () => `payment-${process.pid}-${Date.now()}-${++keys}`;

/** A server at a URL that nothing listens on any more: connections to it are refused. */
async function closedUrl(): Promise<string> {
  const gone = await startAcquirer({ port: 0, name: 'gone' });
  await gone.close();
  return gone.url;
}

describe('ACQUIRERS', () => {
  it('lists name=url pairs, primary first, without trailing slashes', () => {
    expect(parseAcquirers(' visa-br=http://127.0.0.1:4001/ , backup_2=https://acq.example.com/v1 ')).toEqual([
      { name: 'visa-br', url: 'http://127.0.0.1:4001' },
      { name: 'backup_2', url: 'https://acq.example.com/v1' },
    ]);
  });

  it('refuses a list that names nothing, an entry that is not name=url, a URL that is not http(s), a name twice', () => {
    for (const bad of [
      '',
      ' , ',
      'http://127.0.0.1:4001',
      '=http://127.0.0.1:4001',
      'a b=http://127.0.0.1:4001',
      'a=',
      'a=not a url',
      'a=ftp://127.0.0.1/',
      'a=http://127.0.0.1:4001,a=http://127.0.0.1:4002',
    ]) {
      expect(() => parseAcquirers(bad), bad).toThrow(/ACQUIRERS/);
    }
  });
});

describe('charging a card', () => {
  it('approves through the primary', async () => {
    const key = newKey();
    const result = await client.charge(key, 4590, 'tok_visa');
    const [made] = await chargesUnder(primary, key);
    expect(result).toEqual({
      status: 'approved',
      acquirer: 'primary',
      chargeId: made!.id,
      authCode: expect.stringMatching(/^\d{6}$/),
    });
    expect(made!.amountCents).toBe(4590);
    expect(await chargesUnder(secondary, key)).toEqual([]);
  });

  it('answers a decline as it is, with its reason, and never moves it to the next acquirer', async () => {
    const declined = newKey();
    expect(await client.charge(declined, 4590, 'tok_declined')).toEqual({
      status: 'declined',
      acquirer: 'primary',
      reason: 'generic_decline',
    });
    const short = newKey();
    expect(await client.charge(short, 4590, 'tok_insufficient')).toEqual({
      status: 'declined',
      acquirer: 'primary',
      reason: 'insufficient_funds',
    });
    expect(await chargesUnder(secondary, declined)).toEqual([]);
    expect(await chargesUnder(secondary, short)).toEqual([]);
  });

  it('moves to the secondary, under the same key, when the primary is down (503)', async () => {
    await setMode(primary, 'down');
    const key = newKey();
    const result = await client.charge(key, 1200, 'tok_master');
    const [made] = await chargesUnder(secondary, key);
    expect(result).toMatchObject({ status: 'approved', acquirer: 'secondary', chargeId: made!.id });
    expect(await chargesUnder(primary, key)).toEqual([]);
  });

  it('moves to the secondary when the primary refuses the connection', async () => {
    const key = newKey();
    const result = await clientOf([{ name: 'gone', url: await closedUrl() }, endpoint(secondary)]).charge(key, 1200, 'tok_visa');
    expect(result).toMatchObject({ status: 'approved', acquirer: 'secondary' });
    expect(await chargesUnder(secondary, key)).toHaveLength(1);
  });

  it('a slow primary that charged: asks it for the key instead of charging the secondary, and answers what it made', async () => {
    await setMode(primary, 'slow');
    const key = newKey();
    // Asked for the key for long enough (about 3 s) that the primary is back by then, however busy the machine is.
    const charging = clientOf([endpoint(primary), endpoint(secondary)], 6).charge(key, 3300, 'tok_visa');
    // The primary charged at once and owes the answer; it is back to normal while it is asked for the key.
    await expect.poll(() => chargesUnder(primary, key), { interval: 10 }).toHaveLength(1);
    await setMode(primary, 'ok');
    const result = await charging;
    const [made] = await chargesUnder(primary, key);
    expect(result).toMatchObject({ status: 'approved', acquirer: 'primary', chargeId: made!.id });
    expect(await chargesUnder(secondary, key)).toEqual([]);
  });

  it('a primary that stays slow: the outcome is unknown and the secondary is never charged; retried later, the primary answers the charge it made', async () => {
    await setMode(primary, 'slow');
    const key = newKey();
    expect(await client.charge(key, 3300, 'tok_visa')).toEqual({ status: 'unknown', acquirer: 'primary' });
    expect(await chargesUnder(primary, key)).toHaveLength(1);
    expect(await chargesUnder(secondary, key)).toEqual([]);

    await setMode(primary, 'ok');
    const result = await client.charge(key, 3300, 'tok_visa', { unknownAt: 'primary' });
    const made = await chargesUnder(primary, key);
    expect(made).toHaveLength(1);
    expect(result).toMatchObject({ status: 'approved', acquirer: 'primary', chargeId: made[0]!.id });
    expect(await chargesUnder(secondary, key)).toEqual([]);
  });

  it('retries an unknown outcome at the acquirer it was unknown at first, even when the primary is back', async () => {
    await setMode(primary, 'down');
    await setMode(secondary, 'slow');
    const key = newKey();
    expect(await client.charge(key, 800, 'tok_visa')).toEqual({ status: 'unknown', acquirer: 'secondary' });

    await setMode(primary, 'ok');
    await setMode(secondary, 'ok');
    expect(await client.charge(key, 800, 'tok_visa', { unknownAt: 'secondary' })).toMatchObject({
      status: 'approved',
      acquirer: 'secondary',
    });
    expect(await chargesUnder(primary, key)).toEqual([]);
    expect(await chargesUnder(secondary, key)).toHaveLength(1);
  });

  it('keeps an unknown outcome unknown while that acquirer cannot tell, whatever the others could do', async () => {
    await setMode(primary, 'slow');
    const key = newKey();
    expect(await client.charge(key, 800, 'tok_visa')).toEqual({ status: 'unknown', acquirer: 'primary' });
    await setMode(primary, 'down');
    expect(await client.charge(key, 800, 'tok_visa', { unknownAt: 'primary' })).toEqual({
      status: 'unknown',
      acquirer: 'primary',
    });
    expect(await chargesUnder(secondary, key)).toEqual([]);
  });

  it('both down: unavailable and nothing charged; once they are back, the same key charges once', async () => {
    await setMode(primary, 'down');
    await setMode(secondary, 'down');
    const key = newKey();
    expect(await client.charge(key, 5000, 'tok_visa')).toEqual({ status: 'unavailable' });
    expect(await chargesUnder(primary, key)).toEqual([]);
    expect(await chargesUnder(secondary, key)).toEqual([]);

    await setMode(primary, 'ok');
    await setMode(secondary, 'ok');
    expect(await client.charge(key, 5000, 'tok_visa')).toMatchObject({ status: 'approved', acquirer: 'primary' });
    expect(await client.charge(key, 5000, 'tok_visa')).toMatchObject({ status: 'approved', acquirer: 'primary' });
    expect(await chargesUnder(primary, key)).toHaveLength(1);
    expect(await chargesUnder(secondary, key)).toEqual([]);
  });

  it('the same key twice charges once and answers the same', async () => {
    const key = newKey();
    const first = await client.charge(key, 2100, 'tok_master');
    expect(await client.charge(key, 2100, 'tok_master')).toEqual(first);
    expect(await chargesUnder(primary, key)).toHaveLength(1);
  });

  it("throws the acquirer's refusal of a bad request, and sends it nowhere else", async () => {
    const key = newKey();
    const refused = await client.charge(key, 2100, 'tok_amex').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AcquirerRefusal);
    expect(refused).toMatchObject({ acquirer: 'primary', httpStatus: 400, code: 'bad_request' });
    expect(await chargesUnder(secondary, key)).toEqual([]);

    await client.charge(key, 2100, 'tok_visa');
    await expect(client.charge(key, 2200, 'tok_visa')).rejects.toMatchObject({ httpStatus: 422, code: 'idempotency_key_reused' });
    // Asked for the key, the acquirer names a charge of another amount: nothing may pass it off as this one.
    await expect(client.charge(key, 2200, 'tok_visa', { unknownAt: 'primary' })).rejects.toMatchObject({
      code: 'amount_mismatch',
    });
    expect(await chargesUnder(secondary, key)).toEqual([]);
  });
});

describe('charging through an acquirer that loses a request', () => {
  /** An acquirer that drops the connection of every charge, and has never heard of any key. */
  let lossy: http.Server;
  const asked: string[] = [];

  beforeAll(async () => {
    lossy = http.createServer((req, res) => {
      if (req.method === 'POST') return req.socket.destroy();
      asked.push(decodeURIComponent(req.url ?? ''));
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"no_such_charge"}}');
    });
    await new Promise<void>((resolve) => lossy.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => lossy.close(() => resolve())));

  it('asks it for the key before anything else, and moves on once it says it has none', async () => {
    const url = `http://127.0.0.1:${(lossy.address() as AddressInfo).port}`;
    const key = newKey();
    const result = await clientOf([{ name: 'lossy', url }, endpoint(secondary)]).charge(key, 990, 'tok_visa');
    expect(asked).toEqual([`/charges/${key}`]);
    expect(result).toMatchObject({ status: 'approved', acquirer: 'secondary' });
    expect(await chargesUnder(secondary, key)).toHaveLength(1);
  });
});

describe('refunding a card payment', () => {
  it('refunds through the acquirer that charged; the same key again refunds once', async () => {
    await setMode(primary, 'down');
    const charged = approved(await client.charge(newKey(), 6000, 'tok_visa'));
    expect(charged.acquirer).toBe('secondary');
    await setMode(primary, 'ok');

    const key = newKey();
    const first = approved(await client.refund(charged.acquirer, key, charged.chargeId, 2500));
    expect(first).toEqual({ status: 'approved', acquirer: 'secondary', refundId: expect.stringMatching(/^re_/) });
    expect(await client.refund(charged.acquirer, key, charged.chargeId, 2500)).toEqual(first);
    expect(await refundsUnder(secondary, key)).toEqual([expect.objectContaining({ id: first.refundId, amountCents: 2500 })]);
    expect((await ledger(primary)).refunds.filter((r) => r.chargeId === charged.chargeId)).toEqual([]);
  });

  it("throws the acquirer's refusal of a refund over what is left of the charge", async () => {
    const charged = approved(await client.charge(newKey(), 1000, 'tok_visa'));
    await client.refund('primary', newKey(), charged.chargeId, 600);
    await expect(client.refund('primary', newKey(), charged.chargeId, 401)).rejects.toMatchObject({
      acquirer: 'primary',
      httpStatus: 422,
      code: 'refund_exceeds_charge',
    });
  });

  it('down: unavailable and nothing refunded; slow: unknown, and the same key later answers the one refund it made', async () => {
    const charged = approved(await client.charge(newKey(), 1000, 'tok_visa'));
    const key = newKey();
    await setMode(primary, 'down');
    expect(await client.refund('primary', key, charged.chargeId, 1000)).toEqual({ status: 'unavailable', acquirer: 'primary' });
    expect(await refundsUnder(primary, key)).toEqual([]);

    await setMode(primary, 'slow');
    expect(await client.refund('primary', key, charged.chargeId, 1000)).toEqual({ status: 'unknown', acquirer: 'primary' });
    await setMode(primary, 'ok');
    expect(await client.refund('primary', key, charged.chargeId, 1000)).toMatchObject({ status: 'approved' });
    expect(await refundsUnder(primary, key)).toHaveLength(1);
  });

  it('refuses to refund through an acquirer it does not know', async () => {
    await expect(client.refund('nobody', newKey(), 'ch_x', 100)).rejects.toThrow(/No acquirer is named nobody/);
  });
});
