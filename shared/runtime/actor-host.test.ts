import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { Sequelize } from 'sequelize';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FiredTicket } from '../../actors/order/order.machine.js';
import { stationKind } from '../../actors/station/station.kind.js';
import { createTestDatabase } from '../../test/harness.js';
import { EventStore } from '../db/event-store.js';
import { migrate } from '../db/migrate.js';
import { connect } from '../db/models.js';
import { createMetrics } from '../metrics.js';
import { ActorHost } from './actor-host.js';
import { Outbox } from './outbox.js';

const ticket = (id: string, stationId: string): FiredTicket => ({
  id,
  stationId,
  orderId: `order-${id}`,
  orderNumber: 7,
  table: 3,
  firedAt: new Date().toISOString(),
  items: [{ itemId: `i-${id}`, name: 'Fritas', quantity: 1, notes: '', course: 1, prepSeconds: 300, startDelaySeconds: 0 }],
});

describe('two nodes writing one actor at once (their Shard rings disagree for a moment)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let sequelize: Sequelize;
  const logger = pino({ level: 'silent' });
  beforeAll(async () => {
    db = await createTestDatabase();
    sequelize = connect(db.url, 8);
    await migrate(sequelize, logger);
  });
  afterAll(async () => {
    await sequelize.close();
    await db.drop();
  });

  /** A node's host of stations: its own store and live copies, over the one database. */
  const node = () => {
    const outbox = new Outbox(sequelize, async () => undefined, logger);
    const deps = { store: new EventStore(sequelize), outbox, clock: () => new Date(), logger, metrics: createMetrics() };
    return new ActorHost(stationKind, deps);
  };

  it('every command is accepted once, in versions 1..n, though the other node keeps writing behind each copy', async () => {
    const stationId = `fryer-${randomUUID().slice(0, 8)}`;
    const [a, b] = [node(), node()];
    // Fires through one node and bumps through the other, as when the outbox's node and the gateway's
    // node route the station differently: each write makes the other node's copy stale.
    const fires = Array.from({ length: 120 }, (_, i) => `t${i}`);
    const run = (host: ActorHost<unknown, never, never>, command: object, commandId: string) =>
      host.execute({ actorId: stationId, commandId, request: command, command: command as never }).then(
        () => 'accepted',
        (error: { type?: string }) => `${(command as { type: string }).type}:${error.type ?? 'INTERNAL'}`,
      );
    // A steady stream of fires, each ticket bumped as soon as its fire is in: no client-side retry of a conflict.
    const pending: Promise<string>[] = [];
    for (const id of fires) {
      const fired = run(a as never, { type: 'FIRE_TICKET', ticket: ticket(id, stationId), capacity: 200 }, `fire-${id}`);
      pending.push(
        fired,
        fired.then(() => run(b as never, { type: 'BUMP', ticketId: id }, `bump-${id}`)),
      );
      await new Promise((r) => setTimeout(r, 1));
    }
    const outcomes = await Promise.all(pending);
    const refused = outcomes.filter((o) => o !== 'accepted');
    expect(refused).toEqual([]);
    const events = await sequelize.query<{ version: number; type: string; command_id: string }>(
      'SELECT version, type, command_id FROM events WHERE stream_id = $1 ORDER BY version',
      { bind: [stationId], type: QueryTypes.SELECT },
    );
    expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
    const byCommand = new Map<string, number>();
    for (const e of events) byCommand.set(`${e.command_id}/${e.type}`, (byCommand.get(`${e.command_id}/${e.type}`) ?? 0) + 1);
    expect([...byCommand.values()].every((n) => n === 1)).toBe(true);
    expect(events.filter((e) => e.type === 'TicketFired')).toHaveLength(fires.length);
    expect(events.filter((e) => e.type === 'TicketBumped')).toHaveLength(fires.length);
  });
});
