import type { Client as PgClient } from 'pg';
import { QueryTypes, type Sequelize } from 'sequelize';

/** One fact of an actor's stream, as the log keeps it; `commandId` names the command that made it. */
export interface StoredEvent {
  version: number;
  type: string;
  data: Record<string, unknown>;
  commandId: string;
  userId: string | null;
  terminalId: string | null;
  at: string;
}

/** A row of a read model (`views`), also what screens receive. */
export interface ViewRow {
  kind: string;
  id: string;
  version: number;
  data: unknown;
  /**
   * What screens get when the row changes, broadcast as `<kind>.updated`: the row itself when absent, nothing
   * when null (a part of a view stored apart, like an order's item, goes out with its view).
   */
  pushed?: unknown;
}

/** Something to deliver after commit: a broadcast to every node, or a command to another actor. */
export interface OutboxEntry {
  id: string;
  kind: 'broadcast' | 'call';
  name: string;
  /** A call's params; a broadcast's `{ commandId, event }`. */
  payload: unknown;
  /**
   * The read-model row a broadcast carries. Only its key is stored: the relay sends the row as it is when it
   * delivers, never older than the entry (screens take the newest version and re-fetch on a gap).
   */
  view?: { kind: string; id: string; data: unknown };
}

/** A fact as projectors read it: from any stream, at its place in the log. */
export interface LoggedFact extends StoredEvent {
  streamId: string;
  streamType: string;
  position: LogPosition;
}

/**
 * A place in the log: the committing transaction, then the row. Facts are read only from transactions older
 * than every one still running, so no fact ever commits behind a position a projector has passed.
 */
export interface LogPosition {
  tx: string;
  id: string;
}

/** Everything one accepted command writes, atomically: its facts (consecutive versions) and the rest. */
export interface Append {
  streamId: string;
  streamType: string;
  events: StoredEvent[];
  command: { id: string; hash: string };
  views: ViewRow[];
  outbox: OutboxEntry[];
  snapshot: unknown | null;
}

export type AppendFailure = 'VERSION_CONFLICT' | 'COMMAND_EXISTS' | 'UNAVAILABLE';

export class AppendError extends Error {
  constructor(
    readonly reason: AppendFailure,
    override readonly cause?: unknown,
  ) {
    super(reason);
  }
}

export interface StoredCommand {
  streamId: string;
  hash: string;
  /** The version the command wrote; its answer is the actor's view at that version. */
  version: number | null;
  /** The answer itself, kept only by rows written before answers were rebuilt from the log. */
  response: unknown;
}

/** One actor's commands of one group: stored together or not at all. */
interface Pending {
  appends: Append[];
  resolve: () => void;
  reject: (e: AppendError) => void;
}

/** The advisory lock namespace of actors' appends (the second key is the stream's hash). */
const ACTOR_LOCK = 7270010;

// One statement writes a whole batch: data-modifying CTEs run atomically, in one round trip and one
// commit (one fsync) for every command in it, whichever actors they belong to. The batch travels as
// one JSON document, which is cheaper to encode than a parameter array per column. Before anything is
// written it takes each stream's lock, shared: batches never wait for each other, but they wait for an
// actor's exclusive append (appendExclusive), so two nodes writing one actor take turns.
const APPEND_BATCH = `
WITH
  b AS (SELECT $1::jsonb AS j
         WHERE (SELECT count(pg_advisory_xact_lock_shared(${ACTOR_LOCK}, hashtext(s))::text)
                  FROM jsonb_array_elements_text($1::jsonb->'streams') s) >= 0),
  c AS (INSERT INTO commands (command_id, stream_id, request_hash, version)
        SELECT x.* FROM b, jsonb_to_recordset(b.j->'commands')
          AS x(command_id text, stream_id text, request_hash text, version int)),
  e AS (INSERT INTO events (stream_id, stream_type, version, type, data, command_id, user_id, terminal_id, at)
        SELECT x.* FROM b, jsonb_to_recordset(b.j->'events')
          AS x(stream_id text, stream_type text, version int, type text, data jsonb, command_id text, user_id text, terminal_id text, at timestamptz)),
  o AS (INSERT INTO outbox (id, kind, name, payload, view_kind, view_id)
        SELECT x.* FROM b, jsonb_to_recordset(b.j->'outbox')
          AS x(id uuid, kind text, name text, payload jsonb, view_kind text, view_id text)),
  v AS (INSERT INTO views (kind, id, version, data)
        SELECT x.* FROM b, jsonb_to_recordset(b.j->'views') AS x(kind text, id text, version int, data jsonb)
        ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version, data = excluded.data
        WHERE views.version < excluded.version),
  s AS (INSERT INTO snapshots (stream_id, stream_type, version, state)
        SELECT x.* FROM b, jsonb_to_recordset(b.j->'snapshots') AS x(stream_id text, stream_type text, version int, state jsonb)
        ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, state = excluded.state
        WHERE snapshots.version < excluded.version)
SELECT 1`;

/** A stream's events after a version, up to another (inclusive) when `$3` is not null. */
const EVENTS_AFTER = `SELECT version, type, data, command_id AS "commandId", user_id AS "userId", terminal_id AS "terminalId", at
  FROM events WHERE stream_id = $1 AND version > $2 AND ($3::int IS NULL OR version <= $3) ORDER BY version`;

function batchDocument(batch: Append[]): string {
  // A later version of the same row or snapshot wins: one statement may not upsert a row twice.
  const views = new Map<string, ViewRow>();
  const snapshots = new Map<string, Append>();
  for (const a of batch) {
    for (const v of a.views) views.set(`${v.kind}\u0000${v.id}`, v);
    if (a.snapshot !== null) snapshots.set(a.streamId, a);
  }
  return JSON.stringify({
    streams: [...new Set(batch.map((a) => a.streamId))],
    commands: batch.map((a) => ({
      command_id: a.command.id,
      stream_id: a.streamId,
      request_hash: a.command.hash,
      version: a.events.at(-1)!.version,
    })),
    events: batch.flatMap((a) =>
      a.events.map((e) => ({
        stream_id: a.streamId,
        stream_type: a.streamType,
        version: e.version,
        type: e.type,
        data: e.data,
        command_id: a.command.id,
        user_id: e.userId,
        terminal_id: e.terminalId,
        at: e.at,
      })),
    ),
    outbox: batch.flatMap((a) =>
      a.outbox.map((o) => ({
        id: o.id,
        kind: o.kind,
        name: o.name,
        payload: o.payload,
        view_kind: o.view?.kind ?? null,
        view_id: o.view?.id ?? null,
      })),
    ),
    views: [...views.values()].map(({ kind, id, version, data }) => ({ kind, id, version, data })),
    snapshots: [...snapshots.values()].map((a) => ({
      stream_id: a.streamId,
      stream_type: a.streamType,
      version: a.events.at(-1)!.version,
      state: a.snapshot,
    })),
  });
}

function failureOf(error: unknown): AppendFailure {
  // From pg directly, or wrapped by Sequelize.
  const failure = error as { code?: string; constraint?: string; original?: { code?: string; constraint?: string } };
  const original = failure.original ?? failure;
  if (original?.code === '23505' && original.constraint === 'events_stream_version') return 'VERSION_CONFLICT';
  if (original?.code === '23505' && original.constraint === 'commands_pkey') return 'COMMAND_EXISTS';
  return 'UNAVAILABLE';
}

/**
 * The event log in Postgres. Appends are grouped: while earlier batches are in flight, new
 * appends queue and go together in the next statement, so concurrent commands to different
 * actors share a commit instead of each paying one.
 */
export class EventStore {
  private queue: Pending[] = [];
  private inFlight = 0;

  constructor(
    private readonly sequelize: Sequelize,
    // Eight statements in flight: with four, a slow commit held the ones behind it long enough to show in the p99.
    private readonly options: { maxInFlight: number; maxBatch: number } = { maxInFlight: 8, maxBatch: 256 },
  ) {}

  /** Stores one actor's appends (consecutive versions) together, or none of them. */
  append(appends: Append[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ appends, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight++;
      void this.write(batch).finally(() => {
        this.inFlight--;
        this.drain();
      });
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    try {
      await this.appendStatement(batchDocument(batch.flatMap((p) => p.appends)));
      for (const p of batch) p.resolve();
    } catch (error) {
      const reason = failureOf(error);
      if (reason !== 'UNAVAILABLE' && batch.length > 1) {
        // One actor's group lost a race: write the groups one by one so only that one fails.
        await Promise.all(batch.map((p) => this.write([p])));
        return;
      }
      for (const p of batch) p.reject(new AppendError(reason, error));
    }
  }

  /**
   * Runs the append as a named prepared statement on one of Sequelize's pooled connections: Postgres then
   * plans it once per connection, where planning it on every commit took as long as running it.
   */
  private async appendStatement(document: string): Promise<void> {
    const { connectionManager } = this.sequelize;
    const connection = (await connectionManager.getConnection({ type: 'write' })) as unknown as PgClient;
    try {
      await connection.query({ name: 'comanda_append_batch', text: APPEND_BATCH, values: [document] });
    } finally {
      connectionManager.releaseConnection(connection as never);
    }
  }

  /**
   * For an actor two nodes are writing at once: holding the actor's lock, reads the facts stored after
   * `afterVersion`, lets `decide` fold them in and answer the appends, and stores those in the same
   * transaction. Two nodes that both write this way take turns instead of racing.
   */
  async appendExclusive(streamId: string, afterVersion: number, decide: (newer: StoredEvent[]) => Append[]): Promise<void> {
    const { connectionManager } = this.sequelize;
    const connection = (await connectionManager.getConnection({ type: 'write' })) as unknown as PgClient;
    try {
      await connection.query('BEGIN');
      await connection.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ACTOR_LOCK, streamId]);
      const { rows } = await connection.query<StoredEvent & { at: Date }>({
        text: EVENTS_AFTER,
        values: [streamId, afterVersion, null],
      });
      const appends = decide(rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() })));
      if (appends.length > 0)
        await connection.query({ name: 'comanda_append_batch', text: APPEND_BATCH, values: [batchDocument(appends)] });
      await connection.query('COMMIT');
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => undefined);
      throw new AppendError(failureOf(error), error);
    } finally {
      connectionManager.releaseConnection(connection as never);
    }
  }

  async load(streamId: string): Promise<{ snapshot: { version: number; state: unknown } | null; events: StoredEvent[] }> {
    const [snapshot] = await this.sequelize.query<{ version: number; state: unknown }>(
      'SELECT version, state FROM snapshots WHERE stream_id = $1',
      { bind: [streamId], type: QueryTypes.SELECT },
    );
    const events = await this.events(streamId, snapshot?.version ?? 0);
    return { snapshot: snapshot ?? null, events };
  }

  /** A stream's events after a version, up to another (inclusive) if given. */
  async events(streamId: string, afterVersion = 0, upTo: number | null = null): Promise<StoredEvent[]> {
    const rows = await this.sequelize.query<StoredEvent & { at: Date }>(EVENTS_AFTER, {
      bind: [streamId, afterVersion, upTo],
      type: QueryTypes.SELECT,
    });
    return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
  }

  /** Every stream of a type, for rebuilding its read models from the log. */
  async streamIds(streamType: string): Promise<string[]> {
    const rows = await this.sequelize.query<{ stream_id: string }>(
      'SELECT DISTINCT stream_id FROM events WHERE stream_type = $1',
      { bind: [streamType], type: QueryTypes.SELECT },
    );
    return rows.map((r) => r.stream_id);
  }

  /** The stream types the log holds. */
  async streamTypes(): Promise<string[]> {
    const rows = await this.sequelize.query<{ stream_type: string }>('SELECT DISTINCT stream_type FROM events', {
      type: QueryTypes.SELECT,
    });
    return rows.map((r) => r.stream_type);
  }

  /**
   * Committed facts after a position, in log order, at most `limit`. Only transactions older than every
   * one still running are read: a fact committed later can never have a place before the ones returned.
   */
  /**
   * The newest fact a log reader may fold now (what `readAfter` would reach), as one string that changes whenever
   * the log does; null while it is empty. Backwards down the (tx, position) index: a few rows, however long the log.
   */
  async end(): Promise<string | null> {
    const [row] = await this.sequelize.query<{ end: string }>(
      `SELECT tx::text || ':' || position::text AS end FROM events WHERE tx < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY events.tx DESC, events.position DESC LIMIT 1`,
      { type: QueryTypes.SELECT },
    );
    return row?.end ?? null;
  }

  async readAfter(after: LogPosition, limit: number, streamTypes: readonly string[] | null = null): Promise<LoggedFact[]> {
    const rows = await this.sequelize.query<Omit<LoggedFact, 'position' | 'at'> & { at: Date; tx: string; id: string }>(
      `SELECT tx::text AS tx, position::text AS id, stream_id AS "streamId", stream_type AS "streamType", version, type, data,
              command_id AS "commandId", user_id AS "userId", terminal_id AS "terminalId", at
         FROM events
        WHERE (tx, position) > ($1::xid8, $2::bigint) AND tx < pg_snapshot_xmin(pg_current_snapshot())
          AND ($4::text[] IS NULL OR stream_type = ANY($4::text[]))
        -- The columns, not the text tx above: as text, 1000 would sort before 999.
        ORDER BY events.tx, events.position LIMIT $3`,
      { bind: [after.tx, after.id, limit, streamTypes], type: QueryTypes.SELECT },
    );
    return rows.map(({ tx, id, at, ...fact }) => ({ ...fact, at: new Date(at).toISOString(), position: { tx, id } }));
  }

  async findCommand(commandId: string): Promise<StoredCommand | null> {
    const [row] = await this.sequelize.query<StoredCommand>(
      'SELECT stream_id AS "streamId", request_hash AS hash, version, response FROM commands WHERE command_id = $1',
      { bind: [commandId], type: QueryTypes.SELECT },
    );
    return row ?? null;
  }
}
