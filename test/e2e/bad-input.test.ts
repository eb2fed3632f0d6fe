import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '../../shared/contract/index.js';
import type { TicketView } from '../../shared/contract/index.js';
import { ApiClient, eventCount, startTestNode, type Answer, type TestNode } from '../harness.js';

describe('bad input gets a clear error and changes nothing', () => {
  let node: TestNode;
  let waiter: ApiClient;
  let cook: ApiClient;
  let orderId: string;
  let grillTicket: TicketView;

  beforeAll(async () => {
    node = await startTestNode();
    waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    cook = await ApiClient.login(node.baseUrl, 'kds-grill', '3333');
    orderId = await waiter.openOrder(2);
    await waiter.addItem(orderId, 'picanha');
    await waiter.send(orderId);
    grillTicket = await cook.ticketAt('grill', orderId);
  });
  afterAll(() => node.stop());

  /** Runs the request and checks the status, the error type, a message, and that the log did not grow. */
  async function refused(request: () => Promise<Answer>, status: number, type: keyof typeof ERRORS) {
    const before = await eventCount(node.databaseUrl);
    const answer = await request();
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ type, code: status });
    expect(typeof answer.body.message).toBe('string');
    expect((answer.body.message as string).length).toBeGreaterThan(10);
    // Let any stray follow-up land before counting.
    await new Promise((r) => setTimeout(r, 50));
    expect(await eventCount(node.databaseUrl)).toBe(before);
    return answer;
  }

  const item = (extra: Record<string, unknown>) =>
    waiter.post(`/api/orders/${orderId}/items`, { commandId: randomUUID(), productId: 'picanha', quantity: 1, ...extra });

  it('an unknown product', async () => {
    const a = await refused(() => item({ productId: 'lagosta' }), 422, 'UNKNOWN_PRODUCT');
    expect(a.body.message).toContain('lagosta');
  });

  it('a quantity of 0, of 1e9, or a string for a number', async () => {
    await refused(() => item({ quantity: 0 }), 400, 'BAD_REQUEST');
    await refused(() => item({ quantity: 1e9 }), 400, 'BAD_REQUEST');
    const a = await refused(() => item({ quantity: '2' }), 400, 'BAD_REQUEST');
    expect(a.body.message).toContain('quantity');
  });

  it('a missing or malformed commandId', async () => {
    const a = await refused(
      () => waiter.post(`/api/orders/${orderId}/items`, { productId: 'picanha', quantity: 1 }),
      400,
      'BAD_REQUEST',
    );
    expect(a.body.message).toContain('commandId');
    await refused(() => item({ commandId: 'abc' }), 400, 'BAD_REQUEST');
  });

  it('a body that is not JSON', async () => {
    await refused(() => waiter.request('POST', `/api/orders/${orderId}/items`, '{"commandId": '), 400, 'BAD_REQUEST');
  });

  it('a bump at the wrong station', async () => {
    await refused(
      () => cook.post(`/api/stations/fryer/tickets/${grillTicket.id}/bump`, { commandId: randomUUID() }),
      404,
      'UNKNOWN_TICKET',
    );
  });

  it('a bump at a station that does not exist', async () => {
    await refused(
      () => cook.post(`/api/stations/wok/tickets/${grillTicket.id}/bump`, { commandId: randomUUID() }),
      404,
      'UNKNOWN_STATION',
    );
  });

  it('a send with nothing unsent', async () => {
    await refused(() => waiter.send(orderId), 422, 'NOTHING_TO_SEND');
  });

  it('an unknown order', async () => {
    await refused(() => waiter.addItem(randomUUID(), 'picanha'), 404, 'UNKNOWN_ORDER');
    await refused(() => waiter.get(`/api/orders/${randomUUID()}`), 404, 'UNKNOWN_ORDER');
  });

  it('an unknown table, and a cancel after sending', async () => {
    await refused(
      () => waiter.post('/api/orders', { commandId: randomUUID(), terminalId: 'pos-1', table: 99 }),
      422,
      'UNKNOWN_TABLE',
    );
    await refused(
      () => waiter.post(`/api/orders/${orderId}/cancel`, { commandId: randomUUID(), reason: 'x' }),
      422,
      'ALREADY_SENT',
    );
  });

  it('a bad or missing token, and a role that may not do it', async () => {
    const anonymous = new ApiClient(node.baseUrl);
    await refused(() => anonymous.post('/api/orders', { commandId: randomUUID(), terminalId: 'pos-1' }), 401, 'UNAUTHORIZED');
    const forged = new ApiClient(node.baseUrl);
    forged.token = `${waiter.token!.slice(0, -4)}abcd`;
    await refused(() => forged.addItem(orderId, 'picanha'), 401, 'UNAUTHORIZED');
    await refused(() => cook.post('/api/orders', { commandId: randomUUID(), terminalId: 'kds-grill' }), 403, 'FORBIDDEN');
    await refused(
      () => waiter.post(`/api/stations/grill/tickets/${grillTicket.id}/bump`, { commandId: randomUUID() }),
      403,
      'FORBIDDEN',
    );
  });

  it('a wrong PIN, and too many of them lock the terminal', async () => {
    const anyone = new ApiClient(node.baseUrl);
    for (let i = 0; i < 4; i++)
      await refused(() => anyone.post('/api/auth/pin', { terminalId: 'pos-2', pin: '0000' }), 401, 'INVALID_PIN');
    await refused(() => anyone.post('/api/auth/pin', { terminalId: 'pos-2', pin: '0000' }), 401, 'INVALID_PIN');
    await refused(() => anyone.post('/api/auth/pin', { terminalId: 'pos-2', pin: '1111' }), 429, 'PIN_LOCKED');
    await refused(() => anyone.post('/api/auth/pin', { terminalId: 'pos-9', pin: '1111' }), 404, 'UNKNOWN_TERMINAL');
  });

  it('a socket handshake with a bad or missing token is refused', async () => {
    for (const auth of [{}, { token: 'not-a-token' }, { token: `${waiter.token!.slice(0, -4)}abcd` }]) {
      const socket = io(node.baseUrl, { auth, transports: ['websocket'], reconnection: false });
      const error = await new Promise<Error & { data?: { type?: string } }>((resolve, reject) => {
        socket.once('connect', () => reject(new Error('connected with a bad token')));
        socket.once('connect_error', resolve);
      });
      socket.close();
      expect(error.message).toBe('UNAUTHORIZED');
      expect(error.data?.type).toBe('UNAUTHORIZED');
    }
  });

  it('a subscription to a topic that does not exist is refused', async () => {
    const socket = await waiter.socket();
    const ack = (await socket.emitWithAck('subscribe', { topic: 'kitchen' })) as { ok: boolean; error?: { type: string } };
    socket.close();
    expect(ack).toMatchObject({ ok: false, error: { type: 'BAD_REQUEST' } });
  });
});
