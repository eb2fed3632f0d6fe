import { QueryTypes, type Sequelize } from 'sequelize';
import type { Logger } from 'pino';
import { ERRORS } from '../contract/index.js';
import type { OutboxEntry } from '../db/event-store.js';

export type Deliver = (entry: OutboxEntry) => Promise<void>;

/** An outbox row claimed by the relay, with the current version of the read-model row it carries. */
interface Claimed extends Pick<OutboxEntry, 'id' | 'kind' | 'name' | 'payload'> {
  view_kind: string | null;
  view_id: string | null;
  view_data: unknown;
}

/**
 * Delivers what commands wrote to the outbox. The host hands entries over right after commit;
 * the relay re-delivers any entry still in the table after `staleAfterMs` (the process died
 * between commit and delivery, or the target was unreachable). Delivery is at least once:
 * screens drop a version they already have, and actor commands carry their own commandId.
 */
export class Outbox {
  private delivered: string[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private relayTimer: NodeJS.Timeout | null = null;
  private relaying: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly sequelize: Sequelize,
    private readonly deliver: Deliver,
    private readonly logger: Logger,
    private readonly options = { staleAfterMs: 5000, relayEveryMs: 1000, flushEveryMs: 50 },
  ) {}

  /**
   * Delivers right after the commit that wrote them. All are started in their order at once: the
   * broadcasts of one actor leave in version order, and calls to different actors do not wait for
   * each other.
   */
  async deliverNow(entries: OutboxEntry[]): Promise<void> {
    const delivered = await Promise.all(entries.map((entry) => this.tryDeliver(entry)));
    this.delivered.push(...entries.filter((_, i) => delivered[i]).map((e) => e.id));
    this.flushTimer ??= setTimeout(() => void this.flush(), this.options.flushEveryMs);
  }

  start(): void {
    this.relayTimer = setInterval(() => {
      this.relaying = this.relaying
        .then(() => this.relayOnce())
        .catch((error) => {
          this.logger.warn({ err: error }, 'outbox relay failed; will retry');
        });
    }, this.options.relayEveryMs);
  }

  async stop(): Promise<void> {
    if (this.relayTimer) clearInterval(this.relayTimer);
    await this.relaying;
    await this.flush();
  }

  /**
   * Delivers entries left behind, oldest first. Each is first claimed for a while in a short
   * transaction, so relays on other nodes skip it and no lock is held while delivering.
   */
  async relayOnce(): Promise<number> {
    const claimed = await this.sequelize.query<Claimed>(
      `WITH claimed AS (
         UPDATE outbox SET claimed_until = now() + interval '30 seconds'
          WHERE id IN (SELECT id FROM outbox
                        WHERE created_at < now() - make_interval(secs => $1)
                          AND (claimed_until IS NULL OR claimed_until < now())
                        ORDER BY seq LIMIT 200 FOR UPDATE SKIP LOCKED)
          RETURNING id, kind, name, payload, seq, view_kind, view_id)
       SELECT claimed.*, view_rows.data AS view_data
         FROM claimed LEFT JOIN view_rows ON view_rows.kind = claimed.view_kind AND view_rows.id = claimed.view_id
        ORDER BY claimed.seq`,
      { bind: [this.options.staleAfterMs / 1000], type: QueryTypes.SELECT },
    );
    const done: string[] = [];
    const failed: string[] = [];
    // Several broadcasts of one row all carry its current version: send it once.
    const sent = new Set<string>();
    for (const { id, kind, name, payload, view_kind, view_id, view_data } of claimed) {
      const entry: OutboxEntry = { id, kind, name, payload };
      const row = view_kind && view_id ? `${view_kind}:${view_id}` : null;
      if (row) {
        entry.view = { kind: view_kind!, id: view_id!, data: view_data };
        if (sent.has(row)) {
          done.push(id);
          continue;
        }
      }
      if (await this.tryDeliver(entry)) {
        done.push(id);
        if (row) sent.add(row);
      } else failed.push(id);
    }
    if (done.length > 0) {
      await this.sequelize.query('DELETE FROM outbox WHERE id = ANY($1::uuid[])', { bind: [done] });
      this.logger.info({ relayed: done.length }, 'outbox relay delivered entries left behind');
    }
    if (failed.length > 0) {
      await this.sequelize.query('UPDATE outbox SET claimed_until = NULL WHERE id = ANY($1::uuid[])', { bind: [failed] });
    }
    return done.length;
  }

  private async tryDeliver(entry: OutboxEntry): Promise<boolean> {
    try {
      await this.deliver(entry);
      return true;
    } catch (error) {
      const { code = 500, type } = error as { code?: number; type?: string };
      // Only our own refusals are final; Moleculer's 4xx (no such service right now) is a delivery fault.
      if (code >= 400 && code < 500 && type !== undefined && Object.hasOwn(ERRORS, type)) {
        // The target refused it for good (it is not a fault of delivery): retrying cannot help.
        this.logger.error({ err: error, entry }, 'outbox entry refused by its target; dropped');
        return true;
      }
      this.logger.warn({ err: error, entryId: entry.id, name: entry.name }, 'outbox delivery failed; the relay will retry');
      return false;
    }
  }

  private async flush(): Promise<void> {
    this.flushTimer = null;
    const ids = this.delivered.splice(0);
    if (ids.length === 0) return;
    try {
      await this.sequelize.query('DELETE FROM outbox WHERE id = ANY($1::uuid[])', { bind: [ids] });
    } catch (error) {
      // The rows stay; the relay delivers them again, which receivers tolerate.
      this.logger.warn({ err: error }, 'could not clear delivered outbox entries');
    }
  }
}
