import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { Sequelize } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/harness.js';
import { AppendError, EventStore, type Append } from './event-store.js';
import { migrate } from './migrate.js';
import { connect } from './models.js';

const append = (streamId: string, version: number, extra: Partial<Append> = {}): Append => ({
  streamId,
  streamType: 'order',
  event: {
    version,
    type: 'ADD_ITEM',
    data: { n: version },
    commandId: randomUUID(),
    userId: null,
    terminalId: null,
    at: new Date().toISOString(),
  },
  command: { id: randomUUID(), hash: 'h' },
  views: [{ kind: 'order', id: streamId, version, data: { version } }],
  outbox: [],
  snapshot: null,
  ...extra,
});

describe('the event store', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let sequelize: Sequelize;
  let store: EventStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    sequelize = connect(db.url, 4);
    await migrate(sequelize, pino({ level: 'silent' }));
    store = new EventStore(sequelize);
  });
  afterAll(async () => {
    await sequelize.close();
    await db.drop();
  });

  it("stores one actor's group whole, keeping the latest view and snapshot when the group crosses two", async () => {
    const id = randomUUID();
    const group = Array.from({ length: 3 }, (_, i) => append(id, i + 1, { snapshot: i === 2 ? null : { at: i + 1 } }));
    await store.append(group);
    const { snapshot, events } = await store.load(id);
    expect(snapshot).toEqual({ version: 2, state: { at: 2 } });
    expect(events.map((e) => e.version)).toEqual([3]);
    const [view] = await sequelize.query('SELECT version FROM views WHERE id = $1', { bind: [id], plain: false, raw: true });
    expect(view).toEqual([{ version: 3 }]);
  });

  it('refuses a version already taken, and only the group that lost', async () => {
    const taken = randomUUID();
    const other = randomUUID();
    await store.append([append(taken, 1)]);
    const results = await Promise.allSettled([
      store.append([append(taken, 1), append(taken, 2)]),
      store.append([append(other, 1)]),
    ]);
    expect(results[0]).toMatchObject({ status: 'rejected', reason: expect.any(AppendError) });
    expect((results[0] as PromiseRejectedResult).reason.reason).toBe('VERSION_CONFLICT');
    expect(results[1].status).toBe('fulfilled');
    expect((await store.events(taken)).map((e) => e.version)).toEqual([1]);
  });

  it('refuses a commandId already stored', async () => {
    const first = append(randomUUID(), 1);
    await store.append([first]);
    const again = append(randomUUID(), 1, { command: first.command });
    await expect(store.append([again])).rejects.toMatchObject({ reason: 'COMMAND_EXISTS' });
  });
});
