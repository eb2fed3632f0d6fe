import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyPixWebhook } from '../../shared/payments/pix-webhook.js';
import { startPixPsp } from './pix-psp.js';

interface Received {
  at: number;
  body: string;
  signature: string | undefined;
}

/** A stand-in for Comanda's webhook route: keeps what it receives, and refuses the first `refusing` of them. */
let received: Received[] = [];
let refusing = 0;
let server: http.Server;
let webhookUrl: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const signature = req.headers['x-signature'];
      received.push({ at: Date.now(), body: Buffer.concat(chunks).toString('utf8'), signature: signature as string | undefined });
      res.writeHead(refusing-- > 0 ? 503 : 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/pix`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received = [];
  refusing = 0;
});

const secret = 'the-shared-secret';

/** A port nothing listens on any more: connections to it are refused. */
async function closedPort(): Promise<number> {
  const gone = http.createServer();
  await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
  const { port } = gone.address() as AddressInfo;
  await new Promise<void>((resolve) => gone.close(() => resolve()));
  return port;
}

describe('the simulated PIX PSP', () => {
  it('confirms a charge after the delay with a webhook signed as the runtime verifies it', async () => {
    const psp = startPixPsp({ webhookUrl, secret, delayMs: 150 });
    const started = Date.now();
    expect(await psp.confirm({ txid: 'CMD42', amountCents: 12345 })).toEqual({ delivered: true, attempts: 1 });
    expect(received).toHaveLength(1);
    const [webhook] = received;
    expect(webhook!.at - started).toBeGreaterThanOrEqual(145);
    expect(JSON.parse(webhook!.body)).toEqual({ txid: 'CMD42', amountCents: 12345, paidAt: expect.any(String) });
    expect(new Date(JSON.parse(webhook!.body).paidAt as string).getTime()).toBeGreaterThanOrEqual(started);
    expect(verifyPixWebhook(webhook!.body, webhook!.signature, secret)).toBe(true);
    expect(verifyPixWebhook(webhook!.body, webhook!.signature, 'another-secret')).toBe(false);
    psp.close();
  });

  it('sends no signature when it shares no secret', async () => {
    const psp = startPixPsp({ webhookUrl, secret: null, delayMs: 0 });
    await psp.confirm({ txid: 'CMD43', amountCents: 100 });
    expect(received.map((r) => r.signature)).toEqual([undefined]);
    psp.close();
  });

  it('sends the same webhook again, the same body and signature, until it gets a 2xx', async () => {
    refusing = 2;
    const psp = startPixPsp({ webhookUrl, secret, delayMs: 0, retryMs: 20 });
    expect(await psp.confirm({ txid: 'CMD44', amountCents: 990 })).toEqual({ delivered: true, attempts: 3 });
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.body)).size).toBe(1);
    expect(new Set(received.map((r) => r.signature)).size).toBe(1);
    psp.close();
  });

  it('gives up after its attempts, and when nothing listens', async () => {
    refusing = 10;
    const psp = startPixPsp({ webhookUrl, secret, delayMs: 0, attempts: 3, retryMs: 10 });
    expect(await psp.confirm({ txid: 'CMD45', amountCents: 990 })).toEqual({ delivered: false, attempts: 3 });
    const nobody = startPixPsp({
      webhookUrl: `http://127.0.0.1:${await closedPort()}/api/webhooks/pix`,
      secret,
      delayMs: 0,
      attempts: 2,
      retryMs: 10,
    });
    expect(await nobody.confirm({ txid: 'CMD46', amountCents: 990 })).toEqual({ delivered: false, attempts: 2 });
    psp.close();
    nobody.close();
  });

  it('drops the payments still to come when closed', async () => {
    const psp = startPixPsp({ webhookUrl, secret, delayMs: 60_000 });
    const pending = psp.confirm({ txid: 'CMD47', amountCents: 990 });
    psp.close();
    expect(await pending).toEqual({ delivered: false, attempts: 0 });
    expect(received).toEqual([]);
  });
});
