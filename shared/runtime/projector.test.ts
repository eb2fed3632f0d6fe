import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { QueryTypes, type Sequelize } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/harness.js';
import { until } from '../../test/support/processes.js';
import { EventStore } from '../db/event-store.js';
import { migrate } from '../db/migrate.js';
import { connect } from '../db/models.js';
import { Projector, type Projection } from './projector.js';

/** A projection that counts the facts it folded. */
const tally: Projection<{ n: number }> = {
  name: 'tally',
  handles: { tally: ['Counted'] },
  keys: () => ['all'],
  evolve: (row) => ({ n: (row?.n ?? 0) + 1 }),
};

describe('a projector', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let sequelize: Sequelize;
  let projector: Projector;
  beforeAll(async () => {
    db = await createTestDatabase();
    sequelize = connect(db.url, 4);
    await migrate(sequelize, pino({ level: 'silent' }));
    projector = new Projector(sequelize, new EventStore(sequelize), [tally as Projection<unknown>], pino({ level: 'silent' }));
  });
  afterAll(async () => {
    await sequelize.close();
    await db.drop();
  });

  it('is settled only once it folded the last fact committed, by transaction, not by the digits of its number', async () => {
    // Two facts of transactions a long-lived server numbers 999 and 1000, the projection already past the first.
    const positions: string[] = [];
    for (const [version, tx] of [
      [1, '999'],
      [2, '1000'],
    ] as const) {
      const [row] = await sequelize.query<{ position: string }>(
        `INSERT INTO events (stream_id, stream_type, version, type, data, command_id, at, tx)
         VALUES ('t', 'tally', $1, 'Counted', '{}', $2, now(), $3::xid8) RETURNING position::text`,
        { bind: [version, randomUUID(), tx], type: QueryTypes.SELECT },
      );
      positions.push(row!.position);
    }
    await sequelize.query(`INSERT INTO projector_positions (projection, tx, position) VALUES ('tally', '999', $1)`, {
      bind: [positions[0]],
    });
    await projector.settled(tally.name);
    const rows = await sequelize.query<{ data: { n: number } }>("SELECT data FROM projections WHERE projection = 'tally'", {
      type: QueryTypes.SELECT,
    });
    expect(rows.map((r) => r.data)).toEqual([{ n: 1 }]);
  });

  it('reads only the end of the log while nothing was appended, and folds what comes after', async () => {
    const counted: Projection<{ n: number }> = { ...tally, name: 'counted', handles: { counter: ['Counted'] } };
    const store = new EventStore(sequelize);
    const counter = new Projector(sequelize, store, [counted as Projection<unknown>], pino({ level: 'silent' }));
    const count = async () => {
      await sequelize.query(
        `INSERT INTO events (stream_id, stream_type, version, type, data, command_id, at)
         VALUES ($1, 'counter', 1, 'Counted', '{}', $1, now())`,
        { bind: [randomUUID()] },
      );
    };
    // Another test's transaction anywhere on the server keeps a fact unread for a moment: settled waits it out.
    await count();
    await counter.settled(counted.name);
    await counter.catchUp();
    let reads = 0;
    const readAfter = store.readAfter.bind(store);
    store.readAfter = (...args) => (reads++, readAfter(...args));
    await counter.catchUp();
    await counter.catchUp();
    expect(reads).toBe(0);
    await count();
    const folded = async () => {
      await counter.catchUp();
      const [row] = await sequelize.query<{ data: { n: number } }>("SELECT data FROM projections WHERE projection = 'counted'", {
        type: QueryTypes.SELECT,
      });
      return row!.data.n === 2;
    };
    await until('the second fact folded by a round', folded);
    expect(reads).toBeGreaterThan(0);
  });
});
