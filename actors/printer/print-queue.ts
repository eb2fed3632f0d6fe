import { randomUUID } from 'node:crypto';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { OutboxEntry } from '../../shared/db/event-store.js';
import type { Outbox } from '../../shared/runtime/outbox.js';

export type JobKind = 'RECEIPT' | 'CHIT' | 'REPORT' | 'DRAWER_KICK';

/** A job a driver holds: `reprint` when an earlier attempt may have printed it (it got that far). */
export interface HeldJob {
  id: string;
  kind: JobKind;
  document: unknown;
  attempts: number;
  reprint: boolean;
}

/** What the printer did, told once it is marked printed: a station hears that its ticket's chit printed. */
export type AfterPrint = (
  job: HeldJob,
  deviceId: string,
  at: string,
) => { action: string; params: Record<string, unknown> } | null;

/** How long a driver holds a job it claimed: one that died lets it go after this. */
const CLAIM_SECONDS = 10;
/** The waits between attempts at one job: 1 s, 2 s, 4 s ... at most a minute. */
export const retryDelaySeconds = (attempts: number) => Math.min(60, 2 ** Math.max(0, attempts - 1));

/**
 * The print queue in Postgres (table print_jobs): jobs survive a restart and print in the order they were
 * queued, one at a time per printer. A job is marked printed only after its bytes drained to the printer and
 * the printer's status after them was good; a job held when its driver died (or whose status after it was bad)
 * is printed again with a reprint header, since the paper may hold it already: a printer cannot tell. A drawer
 * kick is no paper: it goes ahead of the paper, is marked sent before it is sent, and is never sent again.
 */
export class PrintQueue {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly outbox: Outbox,
    private readonly clock: () => Date,
    /** A printer has a new job: its driver, wherever it runs, prints it now rather than at its next round. */
    private readonly queued: (deviceId: string) => void,
  ) {}

  /** Queues a job once: the same id again is the same job, wherever it went since. Answers whether it was new. */
  async add(id: string, deviceId: string, kind: JobKind, document: unknown): Promise<boolean> {
    const [, count] = await this.sequelize.query(
      `INSERT INTO print_jobs (id, device_id, kind, document) VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT (id) DO NOTHING`,
      { bind: [id, deviceId, kind, JSON.stringify(document)], type: QueryTypes.INSERT },
    );
    if (count === 1) this.queued(deviceId);
    return count === 1;
  }

  /**
   * The printer's next drawer kick, marked sent (PRINTED) already, or null: at most once, since the driver
   * sends it after this whatever happens, and nothing takes it again.
   */
  async takeKick(deviceId: string): Promise<HeldJob | null> {
    const rows = await this.sequelize.query<HeldJob>(
      `UPDATE print_jobs SET status = 'PRINTED', printed_at = $2, attempts = attempts + 1
        WHERE id = (SELECT id FROM print_jobs WHERE device_id = $1 AND kind = 'DRAWER_KICK' AND status = 'QUEUED'
                     ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING id, kind, document, attempts, false AS reprint`,
      { bind: [deviceId, this.clock().toISOString()], type: QueryTypes.SELECT },
    );
    return rows[0] ?? null;
  }

  /**
   * The printer's next paper job, held by `holder` for a while, or null: none waits, or the first one waits for
   * its retry or is held by another driver. Later jobs never pass the first, so they print in order.
   */
  async claim(deviceId: string, holder: string): Promise<HeldJob | null> {
    const now = this.clock().toISOString();
    const rows = await this.sequelize.query<HeldJob & { status: string }>(
      `WITH head AS (
         SELECT id FROM print_jobs WHERE device_id = $1 AND kind <> 'DRAWER_KICK' AND status IN ('QUEUED', 'PRINTING')
          ORDER BY seq LIMIT 1 FOR UPDATE)
       UPDATE print_jobs j SET status = 'PRINTING', attempts = attempts + 1, claimed_by = $2,
              claimed_until = $3::timestamptz + make_interval(secs => $4)
         FROM head WHERE j.id = head.id AND j.next_at <= $3::timestamptz
          AND (j.status = 'QUEUED' OR j.claimed_by = $2 OR j.claimed_until IS NULL OR j.claimed_until < $3::timestamptz)
       RETURNING j.id, j.kind, j.document, j.attempts, j.attempts > 1 AS reprint`,
      { bind: [deviceId, holder, now, CLAIM_SECONDS], type: QueryTypes.SELECT },
    );
    return rows[0] ?? null;
  }

  /** Printed: the bytes drained and the printer said it was well after them. What follows goes out once committed. */
  async printed(job: HeldJob, deviceId: string, then: AfterPrint): Promise<void> {
    const at = this.clock().toISOString();
    const call = then(job, deviceId, at);
    const entries = await this.sequelize.transaction(async (transaction) => {
      await this.sequelize.query(
        `UPDATE print_jobs SET status = 'PRINTED', printed_at = $2, claimed_until = NULL WHERE id = $1`,
        {
          bind: [job.id, at],
          transaction,
        },
      );
      if (!call) return [];
      const entry: OutboxEntry = { id: randomUUID(), kind: 'call', name: call.action, payload: call.params };
      await this.sequelize.query('INSERT INTO outbox (id, kind, name, payload) VALUES ($1, $2, $3, $4::jsonb)', {
        bind: [entry.id, entry.kind, entry.name, JSON.stringify(entry.payload)],
        transaction,
      });
      return [entry];
    });
    await this.outbox.deliverNow(entries);
  }

  /** Not known to have printed: it stays first in line, tried again after a wait that grows with each attempt. */
  async later(job: HeldJob): Promise<void> {
    await this.sequelize.query(
      `UPDATE print_jobs SET claimed_until = NULL, next_at = $2::timestamptz + make_interval(secs => $3) WHERE id = $1`,
      { bind: [job.id, this.clock().toISOString(), retryDelaySeconds(job.attempts)] },
    );
  }

  /**
   * Failover: the paper waiting on `deviceId` (and a job held by nobody any more) moves to `backupId`, in its
   * order, marked MOVED on the first; a copy of a job that may have printed keeps its attempts, so it reprints as
   * such. A drawer kick stays: the backup's drawer is another one.
   * Only to a backup that is configured and can print now: a removed or dark one would hold the jobs no better,
   * and two printers each other's backup would pass them back and forth.
   */
  async move(deviceId: string, backupId: string): Promise<number> {
    const now = this.clock().toISOString();
    const moved = await this.sequelize.query(
      `WITH waiting AS (
         SELECT id FROM print_jobs WHERE device_id = $1 AND kind <> 'DRAWER_KICK'
            AND (status = 'QUEUED' OR (status = 'PRINTING' AND (claimed_until IS NULL OR claimed_until < $3::timestamptz)))
            AND EXISTS (SELECT 1 FROM views WHERE kind = 'device' AND id = $2 AND NOT (data ? 'removed')
                           AND data->>'status' IN ('ONLINE', 'PAPER_NEAR_END'))
          ORDER BY seq FOR UPDATE),
       copied AS (
         INSERT INTO print_jobs (id, device_id, kind, document, attempts)
         SELECT j.id || '>' || $2, $2, j.kind, j.document, j.attempts FROM print_jobs j JOIN waiting USING (id) ORDER BY j.seq
         ON CONFLICT (id) DO NOTHING)
       UPDATE print_jobs j SET status = 'MOVED', moved_to = $2, claimed_until = NULL FROM waiting WHERE j.id = waiting.id
       RETURNING j.id`,
      { bind: [deviceId, backupId, now], type: QueryTypes.SELECT },
    );
    if (moved.length > 0) this.queued(backupId);
    return moved.length;
  }

  /** Whether paper waits on the printer. */
  async waiting(deviceId: string): Promise<boolean> {
    const [{ any }] = (await this.sequelize.query(
      `SELECT EXISTS (SELECT 1 FROM print_jobs WHERE device_id = $1 AND kind <> 'DRAWER_KICK' AND status IN ('QUEUED', 'PRINTING')) AS any`,
      { bind: [deviceId], type: QueryTypes.SELECT },
    )) as [{ any: boolean }];
    return any;
  }

  /** A printer's queue for GET /api/devices/:id/jobs: newest last. */
  async list(deviceId: string) {
    return this.sequelize.query<{ id: string; kind: JobKind; status: string; printedBy?: string; at: string }>(
      `SELECT id, kind, status, CASE WHEN status = 'PRINTED' THEN device_id END AS "printedBy",
              to_char(coalesce(printed_at, created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
         FROM print_jobs WHERE device_id = $1 ORDER BY seq`,
      { bind: [deviceId], type: QueryTypes.SELECT },
    );
  }
}
