import type { Logger } from 'pino';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { EventStore } from '../db/event-store.js';
import { restore, type SomeKind } from './actor-kind.js';
import { decide, evolve, type AnyEvent } from './decider.js';

/**
 * Logs written before the log held facts kept each accepted command as its event. Each such event is
 * decided again, once, on the state the facts before it left (the code that accepted it decided the same
 * way), and its fact is stored in its place, at the same version. Snapshots of upgraded streams are dropped:
 * they are rebuilt from the facts. A command that no longer decides to exactly one fact stops the start,
 * naming it: history is never rewritten silently.
 */
export async function upgradeLog(
  sequelize: Sequelize,
  store: EventStore,
  kinds: readonly SomeKind[],
  logger: Logger,
): Promise<number> {
  let upgraded = 0;
  for (const kind of kinds) {
    if (!kind.upcast) continue;
    const legacy = kind.upcast.types;
    const streams = await sequelize.query<{ stream_id: string }>(
      'SELECT DISTINCT stream_id FROM events WHERE stream_type = $1 AND type = ANY($2::text[])',
      { bind: [kind.type, legacy], type: QueryTypes.SELECT },
    );
    for (const { stream_id: streamId } of streams) {
      await sequelize.transaction(async (transaction) => {
        let snapshot = restore<unknown>(kind.machine, null);
        for (const event of await store.events(streamId)) {
          let fact = event.data as AnyEvent;
          if (legacy.includes(event.type)) {
            const command = kind.upcast!.command(event.data as AnyEvent & Record<string, unknown>);
            const decision = decide<unknown, AnyEvent>(kind.machine, kind.refusals as never, snapshot, command);
            if (decision.refusal || decision.facts.length !== 1) {
              throw new Error(
                `Cannot upgrade ${kind.type} ${streamId} version ${event.version} (${event.type}): ` +
                  (decision.refusal
                    ? `today's machine refuses it (${decision.refusal.type})`
                    : `it now makes ${decision.facts.length} facts`),
              );
            }
            fact = decision.facts[0]!;
            await sequelize.query('UPDATE events SET type = $3, data = $4::jsonb WHERE stream_id = $1 AND version = $2', {
              bind: [streamId, event.version, fact.type, JSON.stringify(fact)],
              transaction,
            });
          }
          snapshot = evolve(kind.machine, snapshot, fact);
        }
        await sequelize.query('DELETE FROM snapshots WHERE stream_id = $1', { bind: [streamId], transaction });
      });
      upgraded += 1;
    }
  }
  if (upgraded > 0) logger.info({ streams: upgraded }, 'upgraded command-shaped events in the log to facts');
  return upgraded;
}
