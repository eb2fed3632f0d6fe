import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPin } from '../../shared/auth/pin.js';
import type { DrawerView } from '../../shared/contract/index.js';
import { ApiClient, createTestDatabase, eventCount, nextMessage, startNodeOn, startTestNode, type TestNode } from '../harness.js';

type Refused = { type: string };

/** A cash drawer over HTTP and Socket.IO, from its float to its close, as carla, maria and the others use it. */
describe('cash drawers', () => {
  let node: TestNode;
  let carla: ApiClient;
  let maria: ApiClient;
  let wagner: ApiClient;
  let rita: ApiClient;
  let kleber: ApiClient;
  let managerSocket: Socket;
  let carlaSocket: Socket;
  let ritaSocket: Socket;
  /** Every drawer message rita's socket got: none may be carla's drawer. */
  const ritaHeard: DrawerView[] = [];

  const sql = async (text: string, values: unknown[] = []) => {
    const client = new pg.Client({ connectionString: node.databaseUrl });
    await client.connect();
    try {
      return (await client.query(text, values)).rows;
    } finally {
      await client.end();
    }
  };
  const command = <T = DrawerView>(who: ApiClient, drawerId: string, action: string, body: Record<string, unknown> = {}) =>
    who.post<T>(`/api/drawers/${drawerId}/${action}`, { commandId: randomUUID(), ...body });
  const refused = (who: ApiClient, drawerId: string, action: string, body: Record<string, unknown> = {}) =>
    command<Refused>(who, drawerId, action, body);
  /** The next drawer message of that drawer at that version on a socket. */
  const pushed = (socket: Socket, id: string, version: number) =>
    nextMessage<DrawerView>(socket, 'drawer', (d) => d.id === id && d.version === version);

  beforeAll(async () => {
    node = await startTestNode();
    // A second cashier, for the drawer that is not hers.
    await sql("INSERT INTO users (id, name, role, pin_hash) VALUES ('rita', 'Rita', 'CASHIER', $1)", [await hashPin('4444')]);
    carla = await ApiClient.login(node.baseUrl, 'pos-1', '2222');
    maria = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    wagner = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    rita = await ApiClient.login(node.baseUrl, 'pos-2', '4444');
    kleber = await ApiClient.login(node.baseUrl, 'kds-grill', '3333');
    managerSocket = await maria.socket(['drawers']);
    carlaSocket = await carla.socket(['drawers']);
    ritaSocket = await rita.socket(['drawers']);
    ritaSocket.on('drawer', (d: DrawerView) => ritaHeard.push(d));
  });
  afterAll(async () => {
    for (const socket of [managerSocket, carlaSocket, ritaSocket]) socket?.close();
    await node?.stop();
  });

  it('lists the demo drawers, closed, each at its POS', async () => {
    const { status, body } = await carla.get<{ drawers: DrawerView[] }>('/api/drawers');
    expect(status).toBe(200);
    expect(body.drawers).toEqual([
      { id: 'drawer-1', terminalId: 'pos-1', status: 'CLOSED', alerts: [], movements: [], version: 0 },
      { id: 'drawer-2', terminalId: 'pos-2', status: 'CLOSED', alerts: [], movements: [], version: 0 },
    ]);
    expect((await carla.get<Refused>('/api/drawers/drawer-9')).body.type).toBe('UNKNOWN_DRAWER');
  });

  it('opens a drawer with a float for the cashier who opens it, pushed to the managers and to her', async () => {
    const toManager = pushed(managerSocket, 'drawer-1', 1);
    const toCarla = pushed(carlaSocket, 'drawer-1', 1);
    const { status, body } = await command(carla, 'drawer-1', 'open', { floatCents: 20000 });
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'OPEN', cashierId: 'carla', floatCents: 20000, cashCents: 20000, version: 1 });
    expect(body.movements).toMatchObject([{ type: 'FLOAT', amountCents: 20000, userId: 'carla' }]);
    expect(await toManager).toEqual(body);
    expect(await toCarla).toEqual(body);
  });

  it('takes the cash of a sale from payments and gives a cash refund back as its cashier; a drawer not open takes neither', async () => {
    const { broker } = node.node;
    const by = (id: string, role: string, terminalId: string) => ({ meta: { user: { id, role, terminalId } } });
    const orderId = randomUUID();
    const money = (drawerId: string, amountCents: number) => ({ drawerId, commandId: randomUUID(), orderId, amountCents });
    const sold = await broker.call<DrawerView, object>('drawers.cashSale', { ...money('drawer-1', 3000), userId: 'wagner' });
    expect(sold.cashCents).toBe(23000);
    expect(sold.movements.at(-1)).toMatchObject({ type: 'SALE', amountCents: 3000, userId: 'wagner', orderId });
    const refunded = await broker.call<DrawerView, object>(
      'drawers.cashRefund',
      money('drawer-1', 3000),
      by('carla', 'CASHIER', 'pos-1'),
    );
    expect(refunded.cashCents).toBe(20000);
    expect(refunded.movements.at(-1)).toMatchObject({ type: 'REFUND', amountCents: 3000, userId: 'carla', orderId });

    const before = await eventCount(node.databaseUrl);
    await expect(broker.call('drawers.cashRefund', money('drawer-1', 100), by('rita', 'CASHIER', 'pos-2'))).rejects.toMatchObject(
      {
        type: 'NOT_YOUR_DRAWER',
        code: 403,
      },
    );
    await expect(broker.call('drawers.cashRefund', money('drawer-1', 100))).rejects.toMatchObject({ type: 'BAD_REQUEST' });
    // drawer-2 was never opened: a payment at pos-2 is told so, whoever takes it.
    const manager = by('maria', 'MANAGER', 'pos-2');
    await expect(broker.call('drawers.cashSale', { ...money('drawer-2', 100), userId: 'wagner' }, manager)).rejects.toMatchObject(
      {
        type: 'DRAWER_NOT_OPEN',
        code: 409,
      },
    );
    await expect(broker.call('drawers.cashRefund', money('drawer-2', 100), manager)).rejects.toMatchObject({
      type: 'DRAWER_NOT_OPEN',
      code: 409,
    });
    expect(await eventCount(node.databaseUrl)).toBe(before);
  });

  it('pays in, and pays out over the limit only with a manager approving', async () => {
    expect(
      (await command(carla, 'drawer-1', 'pay-in', { amountCents: 10000, reason: 'change from the bank' })).body,
    ).toMatchObject({
      cashCents: 30000,
    });
    const payOut = { amountCents: 25000, reason: 'ice delivery' };
    const before = await eventCount(node.databaseUrl);
    const unapproved = await refused(carla, 'drawer-1', 'pay-out', payOut);
    expect([unapproved.status, unapproved.body.type]).toEqual([403, 'APPROVAL_REQUIRED']);
    const wrongPin = await refused(carla, 'drawer-1', 'pay-out', { ...payOut, approval: { pin: '9876' } });
    expect([wrongPin.status, wrongPin.body.type]).toEqual([403, 'APPROVAL_REFUSED']);
    const notAManager = await refused(carla, 'drawer-1', 'pay-out', { ...payOut, approval: { pin: '1111' } });
    expect(notAManager.body.type).toBe('APPROVAL_REFUSED');
    expect(await eventCount(node.databaseUrl)).toBe(before);

    const approved = await command(carla, 'drawer-1', 'pay-out', { ...payOut, approval: { pin: '1234' } });
    expect(approved.status).toBe(200);
    expect(approved.body.cashCents).toBe(5000);
    expect(approved.body.movements.at(-1)).toMatchObject({
      type: 'PAY_OUT',
      amountCents: 25000,
      reason: 'ice delivery',
      userId: 'carla',
      approvedBy: 'maria',
    });
    const tooMuch = await refused(carla, 'drawer-1', 'pay-out', { amountCents: 6000, reason: 'gas' });
    expect([tooMuch.status, tooMuch.body.type]).toEqual([422, 'NOT_ENOUGH_CASH']);
  });

  it('drops cash to the safe; DROP_NEEDED reaches the managers above the maximum, and a drop clears it', async () => {
    expect((await command(carla, 'drawer-1', 'drop', { amountCents: 1000 })).body).toMatchObject({ cashCents: 4000, alerts: [] });
    const { body: full } = await maria.get<DrawerView>('/api/drawers/drawer-1');
    const alerted = pushed(managerSocket, 'drawer-1', full.version + 1);
    await command(carla, 'drawer-1', 'pay-in', { amountCents: 500000, reason: 'the bank run' });
    expect(await alerted).toMatchObject({ cashCents: 504000, alerts: ['DROP_NEEDED'] });
    const cleared = pushed(managerSocket, 'drawer-1', full.version + 2);
    await command(carla, 'drawer-1', 'drop', { amountCents: 10000 });
    expect(await cleared).toMatchObject({ cashCents: 494000, alerts: [] });
    expect((await maria.get<DrawerView>('/api/drawers/drawer-1')).body.movements.at(-1)).toMatchObject({
      type: 'DROP',
      amountCents: 10000,
      userId: 'carla',
    });
  });

  it('opens with no sale only with an approval', async () => {
    expect((await refused(carla, 'drawer-1', 'no-sale', { reason: 'change for a note' })).body.type).toBe('APPROVAL_REQUIRED');
    const { body } = await command(carla, 'drawer-1', 'no-sale', { reason: 'change for a note', approval: { pin: '1234' } });
    expect(body.movements.at(-1)).toMatchObject({ type: 'NO_SALE', amountCents: 0, approvedBy: 'maria' });
    expect(body.cashCents).toBe(494000);
  });

  it("refuses wrong roles, and another cashier moving carla's drawer; rita hears only her own drawer", async () => {
    const waiter = await refused(wagner, 'drawer-1', 'pay-in', { amountCents: 100, reason: 'tip jar' });
    expect([waiter.status, waiter.body.type]).toEqual([403, 'FORBIDDEN']);
    expect((await refused(wagner, 'drawer-2', 'open', { floatCents: 0 })).body.type).toBe('FORBIDDEN');
    expect((await kleber.get<Refused>('/api/drawers')).body.type).toBe('FORBIDDEN');
    for (const [action, body] of [
      ['pay-in', { amountCents: 100, reason: 'x' }],
      ['pay-out', { amountCents: 100, reason: 'x' }],
      ['drop', { amountCents: 100 }],
      ['count', {}],
    ] as const) {
      const other = await refused(rita, 'drawer-1', action, body);
      expect([other.status, other.body.type], action).toEqual([403, 'NOT_YOUR_DRAWER']);
    }
    const waiterSocket = await wagner.socket();
    const ack = (await waiterSocket.emitWithAck('subscribe', { topic: 'drawers' })) as { ok: boolean; error?: Refused };
    waiterSocket.close();
    expect(ack).toMatchObject({ ok: false, error: { type: 'FORBIDDEN' } });

    // Her own drawer reaches her; everything of carla's before it did not.
    const own = pushed(ritaSocket, 'drawer-2', 1);
    await command(rita, 'drawer-2', 'open', { floatCents: 5000 });
    expect((await own).cashierId).toBe('rita');
    expect(ritaHeard.map((d) => d.id)).toEqual(['drawer-2']);
  });

  it('counts blind: the cashier is told no cash and what would add up to it, the manager is', async () => {
    const { body: open } = await maria.get<DrawerView>('/api/drawers/drawer-1');
    const toCarla = pushed(carlaSocket, 'drawer-1', open.version + 1);
    const toManager = pushed(managerSocket, 'drawer-1', open.version + 1);
    const counted = await command(carla, 'drawer-1', 'count');
    expect(counted.status).toBe(200);
    expect(counted.body).toMatchObject({ status: 'COUNTING', cashierId: 'carla', movements: [], alerts: [] });
    expect(counted.body).not.toHaveProperty('cashCents');
    expect(await toCarla).not.toHaveProperty('cashCents');
    expect((await carla.get<DrawerView>('/api/drawers/drawer-1')).body).not.toHaveProperty('cashCents');
    expect((await carla.get<{ drawers: DrawerView[] }>('/api/drawers')).body.drawers[0]).not.toHaveProperty('cashCents');
    expect((await wagner.get<DrawerView>('/api/drawers/drawer-1')).body).not.toHaveProperty('cashCents');
    expect((await toManager).cashCents).toBe(494000);
    expect((await maria.get<DrawerView>('/api/drawers/drawer-1')).body).toMatchObject({ status: 'COUNTING', cashCents: 494000 });
    expect((await refused(carla, 'drawer-1', 'pay-in', { amountCents: 100, reason: 'late' })).body.type).toBe(
      'INVALID_TRANSITION',
    );
  });

  it('closes short: over/short is what was counted less what should be there, pushed to the cashier too', async () => {
    const { body: counting } = await maria.get<DrawerView>('/api/drawers/drawer-1');
    const toCarla = pushed(carlaSocket, 'drawer-1', counting.version + 1);
    const { status, body } = await command(carla, 'drawer-1', 'close', { countedCents: 492500 });
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'CLOSED', alerts: [] });
    expect(body.lastClose).toMatchObject({
      expectedCents: 494000,
      countedCents: 492500,
      overShortCents: -1500,
      closedBy: 'carla',
      cashierId: 'carla',
    });
    expect(body).not.toHaveProperty('cashCents');
    expect((await toCarla).lastClose?.overShortCents).toBe(-1500);
  });

  it('changes nothing for bad input, an unknown drawer, a closed drawer or a repeated command', async () => {
    const before = await eventCount(node.databaseUrl);
    const bad: [string, Record<string, unknown>][] = [
      ['open', { floatCents: -1 }],
      ['open', { floatCents: 10.5 }],
      ['open', { floatCents: '100' }],
      ['open', {}],
      ['pay-in', { amountCents: 0, reason: 'x' }],
      ['pay-in', { amountCents: 100, reason: '' }],
      ['pay-out', { amountCents: 100, reason: 'x', approval: { pin: 'abcd' } }],
      ['close', { countedCents: -5 }],
    ];
    for (const [action, body] of bad) {
      const answer = await refused(maria, 'drawer-1', action, body);
      expect([answer.status, answer.body.type], `${action} ${JSON.stringify(body)}`).toEqual([400, 'BAD_REQUEST']);
    }
    const notUuid = await maria.post<Refused>('/api/drawers/drawer-1/open', { commandId: 'nope', floatCents: 0 });
    expect(notUuid.body.type).toBe('BAD_REQUEST');
    expect((await refused(maria, 'drawer-9', 'open', { floatCents: 0 })).body.type).toBe('UNKNOWN_DRAWER');
    const closed = await refused(carla, 'drawer-1', 'drop', { amountCents: 100 });
    expect([closed.status, closed.body.type]).toEqual([409, 'INVALID_TRANSITION']);
    expect(await eventCount(node.databaseUrl)).toBe(before);

    const reopen = { commandId: randomUUID(), floatCents: 15000 };
    const first = await carla.post<DrawerView>('/api/drawers/drawer-1/open', reopen);
    const again = await carla.post<DrawerView>('/api/drawers/drawer-1/open', reopen);
    expect(again.body).toEqual(first.body);
    // A reopened drawer starts from its new float, whatever the last close said.
    expect(first.body).toMatchObject({ cashCents: 15000, movements: [{ type: 'FLOAT', amountCents: 15000 }] });
    expect(await eventCount(node.databaseUrl)).toBe(before + 1);
  });

  it('keeps the day from closing while a drawer is open, and opens no drawer once it is closed', async () => {
    const blocked = await maria.post<Refused & { data: unknown }>('/api/day/close', { commandId: randomUUID() });
    expect([blocked.status, blocked.body.type, blocked.body.data]).toEqual([
      409,
      'DRAWERS_OPEN',
      { drawers: ['drawer-1', 'drawer-2'] },
    ]);
    for (const [who, drawerId, countedCents] of [
      [carla, 'drawer-1', 15000],
      [rita, 'drawer-2', 5000],
    ] as const) {
      await command(who, drawerId, 'count');
      expect((await command(who, drawerId, 'close', { countedCents })).body.lastClose?.overShortCents).toBe(0);
    }
    expect((await maria.post('/api/day/close', { commandId: randomUUID() })).status).toBe(200);
    const before = await eventCount(node.databaseUrl);
    const closedDay = await refused(rita, 'drawer-2', 'open', { floatCents: 5000 });
    expect([closedDay.status, closedDay.body.type]).toEqual([409, 'DAY_NOT_OPEN']);
    expect(await eventCount(node.databaseUrl)).toBe(before);
  });
});

describe('a demo database from before drawers', () => {
  it('gets the demo drawers at its POS terminals when it is migrated', async () => {
    const db = await createTestDatabase();
    try {
      await (await startNodeOn(db.url)).stop();
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      await client.query("DROP TABLE drawers; DELETE FROM migrations WHERE name = '0012-drawers'");
      await client.end();
      const node = await startNodeOn(db.url);
      try {
        const carla = await ApiClient.login(node.baseUrl, 'pos-1', '2222');
        const { body } = await carla.get<{ drawers: DrawerView[] }>('/api/drawers');
        expect(body.drawers.map((d) => [d.id, d.terminalId, d.status])).toEqual([
          ['drawer-1', 'pos-1', 'CLOSED'],
          ['drawer-2', 'pos-2', 'CLOSED'],
        ]);
      } finally {
        await node.stop();
      }
    } finally {
      await db.drop();
    }
  });
});
