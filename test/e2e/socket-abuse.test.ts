import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, eventCount, startTestNode, type TestNode } from '../harness.js';

/** No message a logged-in screen can send brings the node down, and each is answered only through an ack it gave. */
describe('socket messages, however malformed', () => {
  let node: TestNode;
  let waiter: ApiClient;

  beforeAll(async () => {
    node = await startTestNode();
    waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
  });
  afterAll(() => node.stop());

  const payloads: unknown[] = [
    undefined,
    null,
    0,
    'x',
    [],
    {},
    { topic: {} },
    { topic: 'order:'.padEnd(10_000, 'a') },
    { stationId: 1 },
  ];
  const extras: unknown[] = ['not-a-function', 42, { then: 1 }, null, []];

  it('extra arguments that are not functions never end the node, and get no answer', async () => {
    const socket = await waiter.socket();
    const before = await eventCount(node.databaseUrl);
    const answers: unknown[] = [];
    socket.onAny((event, ...args) => answers.push([event, ...args]));
    for (const event of ['subscribe', 'unsubscribe', 'ack'])
      for (const payload of payloads) for (const extra of extras) socket.emit(event, payload, extra);
    // A message with an ack, sent after them all, is answered: the socket and the node still serve.
    const last = (await socket.timeout(5000).emitWithAck('subscribe', { topic: 'terminal:pos-1' })) as { ok: boolean };
    expect(last).toEqual({ ok: true });
    expect(answers).toEqual([]);
    expect((await fetch(`${node.baseUrl}/api/health`)).status).toBe(200);
    expect(await eventCount(node.databaseUrl)).toBe(before);
    socket.close();
  });

  it('every malformed message with an ack is answered with a refusal', async () => {
    const socket = await waiter.socket();
    for (const event of ['subscribe', 'ack'])
      for (const payload of payloads) {
        const answer = (await socket.timeout(5000).emitWithAck(event, payload)) as { ok: boolean; error?: { type: string } };
        expect(answer, `${event} ${JSON.stringify(payload)?.slice(0, 40)}`).toMatchObject({
          ok: false,
          error: { type: 'BAD_REQUEST' },
        });
      }
    socket.close();
  });

  it('a message over the size limit ends that socket only', async () => {
    const socket = await waiter.socket();
    const closed = new Promise((resolve) => socket.once('disconnect', resolve));
    socket.emit('subscribe', { topic: 'x'.repeat(100_000) });
    await closed;
    expect((await fetch(`${node.baseUrl}/api/health`)).status).toBe(200);
    const other = await waiter.socket(['terminal:pos-1']);
    other.close();
  });

  it('a handshake naming another terminal than its token is refused', async () => {
    const socket: Socket = io(node.baseUrl, {
      auth: { token: waiter.token, terminalId: 'kds-grill' },
      transports: ['websocket'],
      reconnection: false,
    });
    const error = await new Promise<Error & { data?: { type?: string } }>((resolve, reject) => {
      socket.once('connect', () => reject(new Error('connected as another terminal')));
      socket.once('connect_error', resolve);
    });
    socket.close();
    expect(error.data?.type).toBe('UNAUTHORIZED');
  });

  it('long-polling is not served: a screen speaks WebSocket', async () => {
    const polling = await fetch(`${node.baseUrl}/socket.io/?EIO=4&transport=polling`);
    expect(polling.status).toBe(400);
    expect(await polling.text()).not.toContain('sid');
  });

  it('a socket may follow only so many topics', async () => {
    const socket = await waiter.socket();
    const answers: { ok: boolean }[] = [];
    for (let i = 0; i < 70; i++)
      answers.push((await socket.emitWithAck('subscribe', { topic: `station:s${i}` })) as { ok: boolean });
    expect(answers.filter((a) => a.ok).length).toBe(64);
    socket.close();
  });
});
