import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketView } from '../../shared/contract/index.js';
import { ApiClient, eventCount, startTestNode, type TestNode } from '../harness.js';

type Answer = { ok: boolean; error?: { type: string } };

/** Who is logged in where: each role on the kinds of terminal it works at, and the customer display twice. */
const SESSIONS = {
  'waiter@pos-1': ['pos-1', '1111'],
  'cashier@pos-2': ['pos-2', '2222'],
  'kitchen@kds-grill': ['kds-grill', '3333'],
  'manager@mgr-1': ['mgr-1', '1234'],
  'manager@kds-fryer': ['kds-fryer', '1234'],
  'manager@pos-2': ['pos-2', '1234'],
  'waiter@cd-1': ['cd-1', '1111'],
  'kitchen@cd-1': ['cd-1', '3333'],
  'manager@cd-1': ['cd-1', '1234'],
} as const;
type Who = keyof typeof SESSIONS;

const ALL: Who[] = Object.keys(SESSIONS) as Who[];
const DISPLAYS: Who[] = ALL.filter((w) => w.endsWith('@cd-1'));
const STAFF_NOT_DISPLAY: Who[] = ALL.filter((w) => !DISPLAYS.includes(w));
const MANAGERS_OFF_DISPLAY: Who[] = STAFF_NOT_DISPLAY.filter((w) => w.startsWith('manager@'));

/** Topic → the sessions that may follow it (Sockets v2); every other session is refused. */
const MAY_FOLLOW: [string, Who[]][] = [
  ['terminals', MANAGERS_OFF_DISPLAY],
  ['alerts', MANAGERS_OFF_DISPLAY],
  // A cashier follows it too, and hears only its own drawer's (drawers.test.ts).
  ['drawers', ['cashier@pos-2', ...MANAGERS_OFF_DISPLAY]],
  ['day', ALL],
  ['menu', ALL],
  ['station:grill', STAFF_NOT_DISPLAY],
  [`order:${randomUUID()}`, STAFF_NOT_DISPLAY],
  ['orders', STAFF_NOT_DISPLAY],
  ['terminal:pos-1', ['waiter@pos-1', ...MANAGERS_OFF_DISPLAY, ...DISPLAYS]],
  ['terminal:pos-2', ['cashier@pos-2', ...MANAGERS_OFF_DISPLAY]],
  ['terminal:kds-grill', ['kitchen@kds-grill', ...MANAGERS_OFF_DISPLAY]],
  ['terminal:cd-1', [...MANAGERS_OFF_DISPLAY]],
];

describe('who may follow what, and who acks', () => {
  let node: TestNode;
  const clients = new Map<Who, ApiClient>();
  const sockets = new Map<Who, Socket>();

  beforeAll(async () => {
    node = await startTestNode();
    for (const who of ALL) {
      const [terminalId, pin] = SESSIONS[who];
      const client = await ApiClient.login(node.baseUrl, terminalId, pin);
      clients.set(who, client);
      sockets.set(who, await client.socket());
    }
  });
  afterAll(async () => {
    for (const socket of sockets.values()) socket.close();
    await node?.stop();
  });

  it.each(MAY_FOLLOW)('%s', async (topic, allowed) => {
    const answers = await Promise.all(
      ALL.map(async (who) => {
        const answer = (await sockets.get(who)!.emitWithAck('subscribe', { topic })) as Answer;
        return [who, answer.ok ? 'ok' : answer.error?.type] as const;
      }),
    );
    expect(Object.fromEntries(answers)).toEqual(
      Object.fromEntries(ALL.map((w) => [w, allowed.includes(w) ? 'ok' : 'FORBIDDEN'])),
    );
  });

  it('only a kitchen screen that serves the station acks its tickets; a refused ack is recorded nowhere', async () => {
    const waiter = clients.get('waiter@pos-1')!;
    const id = await waiter.openOrder(2);
    await waiter.addItem(id, 'picanha');
    await waiter.addItem(id, 'batata-frita');
    await waiter.send(id);
    const grill = await waiter.ticketAt('grill', id);
    const fryer = await waiter.ticketAt('fryer', id);
    const before = await eventCount(node.databaseUrl);
    const ack = async (who: Who, ticket: TicketView) => {
      const answer = (await sockets.get(who)!.emitWithAck('ack', { stationId: ticket.stationId, ticketId: ticket.id })) as Answer;
      return answer.ok ? 'ok' : answer.error?.type;
    };
    // A grill screen acking the fryer's ticket, a POS, a manager's desk and a customer display: none is a screen of it.
    expect(await ack('kitchen@kds-grill', fryer)).toBe('FORBIDDEN');
    for (const who of ['waiter@pos-1', 'cashier@pos-2', 'manager@mgr-1', 'waiter@cd-1'] as const) {
      expect([who, await ack(who, grill)]).toEqual([who, 'FORBIDDEN']);
    }
    expect(await eventCount(node.databaseUrl)).toBe(before);
    // The screens that serve them, whoever is logged in there (a manager covering the fryer).
    expect(await ack('kitchen@kds-grill', grill)).toBe('ok');
    expect(await ack('manager@kds-fryer', fryer)).toBe('ok');
    expect((await waiter.ticketAt('grill', id)).acks.map((a) => a.terminalId)).toEqual(['kds-grill']);
    expect((await waiter.ticketAt('fryer', id)).acks.map((a) => a.terminalId)).toEqual(['kds-fryer']);
  });
});
