import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { QueryTypes, type Sequelize } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/harness.js';
import { until } from '../../test/support/processes.js';
import { migrate } from '../db/migrate.js';
import { connect } from '../db/models.js';
import { AuditChain } from './audit-chain.js';

describe('the audit chain', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let sequelize: Sequelize;
  beforeAll(async () => {
    db = await createTestDatabase();
    sequelize = connect(db.url, 4);
    await migrate(sequelize, pino({ level: 'silent' }));
  });
  afterAll(async () => {
    await sequelize.close();
    await db.drop();
  });

  const fact = () =>
    sequelize.query(
      `INSERT INTO events (stream_id, stream_type, version, type, data, command_id, at)
       VALUES ($1, 'tally', 1, 'Counted', '{}', $1, now())`,
      { bind: [randomUUID()] },
    );
  const chained = async () =>
    Number((await sequelize.query<{ n: string }>('SELECT count(*) AS n FROM audit_log', { type: QueryTypes.SELECT }))[0]!.n);

  it('reads only where the log ends while nothing was written, and chains what comes after', async () => {
    const chain = new AuditChain(sequelize, pino({ level: 'silent' }));
    // Another test's transaction anywhere on the server keeps a fact unread for a moment: settled waits it out.
    await fact();
    await chain.settled();
    await chain.catchUp();
    expect(await chained()).toBe(1);
    let transactions = 0;
    const transaction = sequelize.transaction.bind(sequelize);
    sequelize.transaction = ((...args: Parameters<typeof transaction>) => (transactions++, transaction(...args))) as never;
    await chain.catchUp();
    await chain.catchUp();
    expect(transactions).toBe(0);
    await fact();
    await until('the second fact chained by a round', async () => (await chain.catchUp(), (await chained()) === 2));
    expect(transactions).toBeGreaterThan(0);
  });
});
