import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { Sequelize } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/harness.js';
import { AppendError, EventStore, type Append, type LogPosition, type LoggedFact, type StoredEvent } from './event-store.js';
import { migrate } from './migrate.js';
import { connect } from './models.js';

/** What one accepted command writes: its facts at the versions given (an item rung for each), and its view. */
const append = (streamId: string, versions: number | number[], extra: Partial<Append> = {}): Append => {
  const command = { id: randomUUID(), hash: 'h' };
  const events: StoredEvent[] = [versions].flat().map((version) => ({
    version,
    type: 'ItemAdded',
    data: { n: version },
    commandId: command.id,
    userId: null,
    terminalId: null,
    at: new Date().toISOString(),
  }));
  const version = events.at(-1)!.version;
  return {
    streamId,
    streamType: 'order',
    events,
    command,
    views: [{ kind: 'order', id: streamId, version, data: { version } }],
    outbox: [],
    snapshot: null,
    ...extra,
  };
};

const START: LogPosition = { tx: '0', id: '0' };

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

  it('stores a command that made two facts at consecutive versions, and reads facts back in log order up to a limit', async () => {
    // Streams of a type no other test here writes, so the log read from its start holds only these.
    const streamType = 'station';
    const grill = randomUUID();
    const fryer = randomUUID();
    const twoFacts = append(grill, [1, 2], { streamType });
    await store.append([twoFacts]);
    await store.append([append(grill, 3, { streamType })]);
    await store.append([append(fryer, 1, { streamType })]);

    const stored = await store.events(grill);
    expect(stored.map((e) => e.version)).toEqual([1, 2, 3]);
    expect(stored.map((e) => e.commandId)).toEqual([
      twoFacts.command.id,
      twoFacts.command.id,
      expect.not.stringMatching(twoFacts.command.id),
    ]);
    expect(stored.slice(0, 2)).toEqual(twoFacts.events);
    // The command's answer is the actor at its last fact.
    expect(await store.findCommand(twoFacts.command.id)).toMatchObject({ streamId: grill, version: 2 });

    expect(await readAfter(store, START, 10, [streamType], 4)).toHaveLength(4);
    const first = await store.readAfter(START, 2, [streamType]);
    expect(first.map((f) => [f.streamId, f.version, f.streamType])).toEqual([
      [grill, 1, streamType],
      [grill, 2, streamType],
    ]);
    // One command, one transaction: its facts share a tx, in the order they were decided.
    expect(first[0]!.position.tx).toBe(first[1]!.position.tx);
    expect(BigInt(first[0]!.position.id)).toBeLessThan(BigInt(first[1]!.position.id));
    expect(first[1]).toMatchObject({ data: { n: 2 }, type: 'ItemAdded', at: twoFacts.events[1]!.at });

    const rest = await store.readAfter(first[1]!.position, 10, [streamType]);
    expect(rest.map((f) => [f.streamId, f.version])).toEqual([
      [grill, 3],
      [fryer, 1],
    ]);
    expect(await store.readAfter(rest[1]!.position, 10, [streamType])).toEqual([]);
  });

  it('reads facts in the order of their transactions, never of the transaction numbers’ digits (999 before 1000)', async () => {
    // Transactions numbered as a long-lived server reaches them, older than any running here: one digit more at 1000.
    const streamType = 'drawer';
    const streamId = randomUUID();
    for (const [version, tx] of [
      [1, '999'],
      [2, '1000'],
    ] as const) {
      await sequelize.query(
        `INSERT INTO events (stream_id, stream_type, version, type, data, command_id, at, tx)
         VALUES ($1, $2, $3, 'CashPaidIn', '{}', $4, now(), $5::xid8)`,
        { bind: [streamId, streamType, version, randomUUID(), tx] },
      );
    }
    const first = await store.readAfter(START, 1, [streamType]);
    expect(first.map((f) => f.position.tx)).toEqual(['999']);
    expect((await store.readAfter(first[0]!.position, 10, [streamType])).map((f) => f.position.tx)).toEqual(['1000']);
  });
});

/**
 * readAfter leaves out transactions younger than any still running on the server (other test files share
 * it), so a test waits until the facts it wrote are all readable, as a projector would.
 */
async function readAfter(
  store: EventStore,
  after: LogPosition,
  limit: number,
  streamTypes: string[],
  expected = limit,
): Promise<LoggedFact[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const facts = await store.readAfter(after, limit, streamTypes);
    if (facts.length >= expected || Date.now() > deadline) return facts;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
