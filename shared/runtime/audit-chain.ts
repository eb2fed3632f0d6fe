import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { AuditEntry } from '../contract/index.js';
import type { SomeKind } from './actor-kind.js';
import { UnavailableError } from './errors.js';
import { Rounds, type Batch } from './rounds.js';

/** Something audited that is not an actor's fact: written with what it records, in the same transaction. */
export interface AuditNote {
  at: string;
  type: string;
  stream?: string | null;
  userId?: string | null;
  approvedBy?: string | null;
  terminalId?: string | null;
  data: Record<string, unknown>;
}

export const FIRST_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level and no white space: what the contract hashes. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value as object)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** An entry's hash: SHA-256 (hex) of the previous entry's hash followed by this entry's canonical JSON. */
export function entryHash(previous: string, entry: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256').update(previous).update(canonicalJson(entry)).digest('hex');
}

/** Writes an audit note, inside the caller's transaction when it has one. */
export async function note(sequelize: Sequelize, entry: AuditNote, transaction?: Transaction): Promise<void> {
  await sequelize.query(
    `INSERT INTO audit_notes (at, type, stream, user_id, approved_by, terminal_id, data) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
    {
      bind: [
        entry.at,
        entry.type,
        entry.stream ?? null,
        entry.userId ?? null,
        entry.approvedBy ?? null,
        entry.terminalId ?? null,
        JSON.stringify(entry.data),
      ],
      transaction,
    },
  );
}

interface Source {
  tx: string;
  source: number;
  ref: string;
  at: Date;
  type: string;
  stream: string | null;
  user_id: string | null;
  approved_by: string | null;
  terminal_id: string | null;
  data: Record<string, unknown>;
}

interface Row extends Omit<Source, 'tx' | 'source' | 'ref'> {
  seq: string;
  hash: string;
}

/** A row of audit_log as an entry; absent fields are left out, as they are when hashed. */
function entryOf(row: Omit<Row, 'hash'> & { hash?: string }): Omit<AuditEntry, 'hash'> & { hash?: string } {
  return {
    seq: Number(row.seq),
    at: new Date(row.at).toISOString(),
    type: row.type,
    stream: row.stream,
    userId: row.user_id,
    ...(row.approved_by ? { approvedBy: row.approved_by } : {}),
    terminalId: row.terminal_id,
    data: row.data,
    ...(row.hash ? { hash: row.hash } : {}),
  };
}

/**
 * Numbers what was audited in commit order and chains it. Facts (source 0, by their place in the log) and
 * notes (source 1) are read only from transactions older than every one still running, so nothing can commit
 * behind the chain's place; a batch of entries and the chain's new head are written in one transaction, and
 * the head's row is locked while it moves, so one node extends the chain at a time and never twice. The fact
 * types each kind names `unaudited` are left out.
 */
export class AuditChain {
  private readonly rounds: Rounds;
  /** Where the log and the notes ended when this node last chained all of them. */
  private chainedTo: string | null = null;

  /** `<stream type>/<fact type>` of each fact left out: one comparison per row the log's index gives, as before. */
  private readonly unaudited: string[];

  constructor(
    private readonly sequelize: Sequelize,
    private readonly logger: Logger,
    kinds: readonly SomeKind[] = [],
    private readonly options = { batch: 1000, everyMs: 250 },
  ) {
    // Fact types are a kind's own words (an order and a station both have TicketBumped): each is named with its kind.
    this.unaudited = kinds.flatMap((kind) => (kind.unaudited ?? []).map((type) => `${kind.type}/${type}`));
    this.rounds = new Rounds(
      () => this.catchUp(),
      options.everyMs,
      (error) => logger.warn({ err: error }, 'audit chain could not advance; will retry'),
    );
  }

  start(): void {
    this.rounds.start();
  }

  stop(): Promise<void> {
    return this.rounds.stop();
  }

  /**
   * Chains what can be read now. While nothing was written (an idle restaurant, most of the day) a round is one
   * indexed read of where the log and the notes end, not a transaction.
   */
  async catchUp(): Promise<void> {
    const [row] = await this.sequelize.query<{ end: string }>(
      `SELECT coalesce((SELECT tx::text || ':' || position FROM events WHERE tx < pg_snapshot_xmin(pg_current_snapshot())
                         ORDER BY events.tx DESC, events.position DESC LIMIT 1), '') || '/' ||
              coalesce((SELECT tx::text || ':' || id FROM audit_notes WHERE tx < pg_snapshot_xmin(pg_current_snapshot())
                         ORDER BY audit_notes.tx DESC, audit_notes.id DESC LIMIT 1), '') AS end`,
      { type: QueryTypes.SELECT },
    );
    const end = row!.end;
    if (end === this.chainedTo) return;
    let round: Batch = 'more';
    while (round === 'more') round = await this.step();
    // Held by another node's round: where it got to is not known here, so the next round looks again.
    this.chainedTo = round === 'done' ? end : null;
  }

  /**
   * Resolves once the chain holds everything committed before the call, chaining it here or waiting for the
   * node that is: an older transaction still running (another round's) can keep the newest from being read.
   */
  async settled(timeoutMs = 5000): Promise<void> {
    const [end] = await this.sequelize.query<{ tx: string; source: number; ref: string }>(
      `SELECT * FROM (
         (SELECT tx::text AS tx, 0 AS source, position::text AS ref FROM events WHERE stream_type || '/' || type <> ALL($1::text[])
           ORDER BY events.tx DESC, events.position DESC LIMIT 1)
         UNION ALL
         (SELECT tx::text, 1, id::text FROM audit_notes ORDER BY audit_notes.tx DESC, audit_notes.id DESC LIMIT 1)
       ) x ORDER BY tx::xid8 DESC, source DESC LIMIT 1`,
      { bind: [this.unaudited], type: QueryTypes.SELECT },
    );
    if (!end) return;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [head] = await this.sequelize.query<{ reached: boolean }>(
        'SELECT (tx, source, ref) >= ($1::xid8, $2::int, $3::bigint) AS reached FROM audit_chain WHERE id = 1',
        { bind: [end.tx, end.source, end.ref], type: QueryTypes.SELECT },
      );
      if (head?.reached) return;
      if (Date.now() > deadline) throw new UnavailableError('The audit log is behind what was written: try again in a moment.');
      if ((await this.step()) !== 'more') await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** One batch: more to chain, the end of what can be read, or the chain's head held by another node's round. */
  private step(): Promise<Batch> {
    return this.sequelize.transaction(async (transaction): Promise<Batch> => {
      const [head] = await this.sequelize.query<{ tx: string; source: number; ref: string; seq: string; hash: string }>(
        'SELECT tx::text AS tx, source, ref::text AS ref, seq::text AS seq, hash FROM audit_chain WHERE id = 1 FOR UPDATE SKIP LOCKED',
        { type: QueryTypes.SELECT, transaction },
      );
      if (!head) return 'held';
      // A fact sorts before a note of the same transaction; each source resumes after the head's place.
      const sources = await this.sequelize.query<Source>(
        `SELECT * FROM (
           SELECT tx::text AS tx, 0 AS source, position AS ref, at, type, stream_id AS stream, user_id,
                  data->>'approvedBy' AS approved_by, terminal_id, data - 'type' - 'at' AS data
             FROM events
            WHERE (tx, position) > ($1::xid8, CASE WHEN $2 = 0 THEN $3::bigint ELSE 9223372036854775807 END)
              AND tx < pg_snapshot_xmin(pg_current_snapshot()) AND stream_type || '/' || type <> ALL($5::text[])
           UNION ALL
           SELECT tx::text, 1, id, at, type, stream, user_id, approved_by, terminal_id, data
             FROM audit_notes
            WHERE (tx, id) > ($1::xid8, CASE WHEN $2 = 1 THEN $3::bigint ELSE -1 END)
              AND tx < pg_snapshot_xmin(pg_current_snapshot())
         ) x ORDER BY tx::xid8, source, ref LIMIT $4`,
        { bind: [head.tx, head.source, head.ref, this.options.batch, this.unaudited], type: QueryTypes.SELECT, transaction },
      );
      if (sources.length === 0) return 'done';
      let seq = Number(head.seq);
      let hash = head.hash;
      const rows = sources.map((s) => {
        const entry = entryOf({ ...s, seq: String((seq += 1)) });
        hash = entryHash(hash, entry);
        return { ...s, seq, hash };
      });
      await this.sequelize.query(
        `INSERT INTO audit_log (seq, at, type, stream, user_id, approved_by, terminal_id, data, hash)
         SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::text[])`,
        {
          bind: [
            rows.map((r) => r.seq),
            rows.map((r) => new Date(r.at).toISOString()),
            rows.map((r) => r.type),
            rows.map((r) => r.stream),
            rows.map((r) => r.user_id),
            rows.map((r) => r.approved_by),
            rows.map((r) => r.terminal_id),
            rows.map((r) => JSON.stringify(r.data)),
            rows.map((r) => r.hash),
          ],
          transaction,
        },
      );
      const last = rows.at(-1)!;
      await this.sequelize.query(
        'UPDATE audit_chain SET tx = $1::xid8, source = $2, ref = $3, seq = $4, hash = $5 WHERE id = 1',
        {
          bind: [last.tx, last.source, last.ref, last.seq, last.hash],
          transaction,
        },
      );
      return sources.length === this.options.batch ? 'more' : 'done';
    });
  }
}

/** Entries in seq order (or newest first), filtered as `GET /api/audit` asks. */
export async function auditEntries(
  sequelize: Sequelize,
  filter: { from?: number; to?: number; userId?: string; type?: string; limit: number; order: 'asc' | 'desc' },
): Promise<AuditEntry[]> {
  const rows = await sequelize.query<Row>(
    `SELECT seq::text AS seq, at, type, stream, user_id, approved_by, terminal_id, data, hash FROM audit_log
      WHERE ($1::bigint IS NULL OR seq >= $1) AND ($2::bigint IS NULL OR seq <= $2)
        AND ($3::text IS NULL OR user_id = $3) AND ($4::text IS NULL OR type = $4)
      ORDER BY audit_log.seq ${filter.order === 'desc' ? 'DESC' : 'ASC'} LIMIT $5`,
    {
      bind: [filter.from ?? null, filter.to ?? null, filter.userId ?? null, filter.type ?? null, filter.limit],
      type: QueryTypes.SELECT,
    },
  );
  return rows.map((r) => entryOf(r) as AuditEntry);
}

/**
 * Walks the whole chain: every entry must follow the one before it (seq 1, 2, 3 … with no gap) and hash to
 * what it says from the previous hash. An entry changed, removed or inserted by hand breaks one of the two.
 */
export async function verifyAudit(
  sequelize: Sequelize,
): Promise<{ ok: true; entries: number } | { ok: false; brokenAt: number }> {
  let previous = FIRST_HASH;
  let expected = 1;
  for (;;) {
    const rows = await sequelize.query<Row>(
      `SELECT seq::text AS seq, at, type, stream, user_id, approved_by, terminal_id, data, hash FROM audit_log
        WHERE seq >= $1 ORDER BY audit_log.seq LIMIT 5000`,
      { bind: [expected], type: QueryTypes.SELECT },
    );
    if (rows.length === 0) return { ok: true, entries: expected - 1 };
    for (const row of rows) {
      const { hash, ...entry } = entryOf(row);
      if (entry.seq !== expected || entryHash(previous, entry) !== hash) return { ok: false, brokenAt: expected };
      previous = hash!;
      expected += 1;
    }
  }
}
