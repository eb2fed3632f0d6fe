import { QueryTypes, type Sequelize } from 'sequelize';
import type { EventStore, ViewRow } from '../db/event-store.js';
import { replay, restore, type ActorKind } from './actor-host.js';

/**
 * Drops the read models and projects them again from the log, stream by stream, through the same
 * machine and `project` the host uses when commands arrive. Run it after changing a projection.
 */
export async function rebuildViews(
  sequelize: Sequelize,
  store: EventStore,
  kinds: ActorKind<unknown, { type: string; at: string }>[],
): Promise<number> {
  const rows = new Map<string, ViewRow>();
  for (const kind of kinds) {
    for (const streamId of await store.streamIds(kind.type)) {
      let snapshot = restore<unknown>(kind.machine, null);
      for (const event of await store.events(streamId)) {
        snapshot = replay(kind.machine, snapshot, [event]);
        for (const row of kind.project(streamId, event.version, snapshot, event.data as { type: string; at: string })) {
          rows.set(`${row.kind}\u0000${row.id}`, row);
        }
      }
    }
  }
  const all = [...rows.values()];
  await sequelize.transaction(async (transaction) => {
    await sequelize.query('DELETE FROM views', { transaction });
    if (all.length === 0) return;
    await sequelize.query(
      'INSERT INTO views (kind, id, version, data) SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::jsonb[])',
      {
        bind: [all.map((r) => r.kind), all.map((r) => r.id), all.map((r) => r.version), all.map((r) => JSON.stringify(r.data))],
        type: QueryTypes.INSERT,
        transaction,
      },
    );
  });
  return all.length;
}
