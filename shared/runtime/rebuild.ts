import type { Logger } from 'pino';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { EventStore, ViewRow } from '../db/event-store.js';
import { replay, restore } from './actor-kind.js';
import { Projector } from './projector.js';
import { actorKindsOf, projectionsOf, type KindModule } from './registry.js';

/**
 * Drops the read models of the registered kinds and folds them again from the log: each actor's own views
 * stream by stream, then every projection from the start of the log. A log holding streams no registered
 * kind claims is refused before anything is dropped, and views of kinds not registered are left as they are:
 * a kind left out of the list cannot lose data.
 */
export async function rebuildReadModels(
  sequelize: Sequelize,
  store: EventStore,
  modules: readonly KindModule[],
  logger: Logger,
): Promise<{ views: number; projections: number }> {
  const kinds = actorKindsOf(modules);
  const unclaimed = (await store.streamTypes()).filter((type) => !kinds.some((k) => k.type === type));
  if (unclaimed.length > 0) {
    throw new Error(
      `The log holds ${unclaimed.join(', ')} streams that no kind in actors/index.ts names: nothing was rebuilt. Add the kind first.`,
    );
  }
  const rows = new Map<string, ViewRow>();
  for (const kind of kinds) {
    for (const streamId of await store.streamIds(kind.type)) {
      let snapshot = restore<unknown>(kind.machine, null);
      for (const event of await store.events(streamId)) {
        snapshot = replay(kind.machine, snapshot, [event]);
        for (const row of kind.project(streamId, event.version, snapshot, event.data as never))
          rows.set(`${row.kind}\u0000${row.id}`, row);
      }
    }
  }
  const all = [...rows.values()];
  await sequelize.transaction(async (transaction) => {
    await sequelize.query('DELETE FROM views WHERE kind = ANY($1::text[])', {
      bind: [kinds.flatMap((k) => k.views)],
      transaction,
    });
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
  const projector = new Projector(sequelize, store, projectionsOf(modules), logger);
  for (const projection of projectionsOf(modules)) await projector.reset(projection.name);
  await projector.catchUp();
  const [{ n }] = (await sequelize.query('SELECT count(*)::int AS n FROM projections', { type: QueryTypes.SELECT })) as [
    { n: number },
  ];
  return { views: all.length, projections: n };
}
