import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { ServiceBroker } from 'moleculer';
import { QueryTypes, type Sequelize } from 'sequelize';
import { BUS_EVENTS, type Role, type TerminalKind } from '../shared/contract/index.js';
import type { OutboxEntry } from '../shared/db/event-store.js';
import { note } from '../shared/runtime/audit-chain.js';
import type { Outbox } from '../shared/runtime/outbox.js';

/** A login on one terminal by one user, as every request and socket sees it. */
export interface Session {
  id: string;
  userId: string;
  role: Role;
  terminalId: string;
  kind: TerminalKind;
  /** The POS a customer display shows. */
  pairedWith: string | null;
  /** The station a kitchen screen serves. */
  station: string | null;
  /** POS and MANAGER sessions idle out and count towards the user's limit; the screens on the wall do not. */
  counted: boolean;
  lastSeenAt: number;
  ended: boolean;
}

export type EndReason = 'LOCKED' | 'IDLE' | 'REPLACED';

export interface SessionLimits {
  maxPerUser: number;
  idleMs: number;
}

/** The one broadcast every gateway listens to: forget these sessions and drop their sockets. */
export const announceEnded = (broker: ServiceBroker, ids: string[], reason: EndReason) =>
  ids.length ? broker.broadcast(BUS_EVENTS.sessionEnded, { ids, reason }) : Promise.resolve();

/** Whether sessions on this kind of terminal idle out and count towards a user's limit. */
export const countedOn = (kind: TerminalKind) => kind === 'POS' || kind === 'MANAGER';

interface Row {
  id: string;
  user_id: string;
  role: Role;
  terminal_id: string;
  kind: TerminalKind;
  paired_with: string | null;
  station: string | null;
  counted: boolean;
  last_seen_at: Date;
  ended_at: Date | null;
}

const ofRow = (r: Row): Session => ({
  id: r.id,
  userId: r.user_id,
  role: r.role,
  terminalId: r.terminal_id,
  kind: r.kind,
  pairedWith: r.paired_with,
  station: r.station,
  counted: r.counted,
  lastSeenAt: r.last_seen_at.getTime(),
  ended: r.ended_at !== null,
});

/**
 * Tells, in the same statement, the terminal of each of the `rows` (sessions: id, user_id, terminal_id) that the
 * session opened or ended: a command to the terminal actor in the outbox, named by the session, so a crash
 * between the commit and its delivery loses nothing and a delivery twice changes nothing.
 */
const tellTerminals = (action: 'sessionOpened' | 'sessionClosed', rows: string, more: string) => `told AS (
  INSERT INTO outbox (id, kind, name, payload)
  SELECT gen_random_uuid(), 'call', 'terminals.${action}',
         jsonb_build_object('terminalId', terminal_id, 'sessionId', id, 'commandId', '${action}:' || id, ${more})
    FROM ${rows}
  RETURNING id, kind, name, payload)`;

/**
 * Audits, in the same statement, the sessions its `ended` rows ended, and tells their terminals: `at` and
 * `reason` name its parameters. The statement answers the outbox entries it wrote (`told`).
 */
const noteAndTellEnded = (at: string, reason: string) => `, noted AS (
  INSERT INTO audit_notes (at, type, user_id, terminal_id, data)
  SELECT ${at}, 'SessionEnded', user_id, terminal_id, jsonb_build_object('sessionId', id, 'reason', ${reason}::text) FROM ended),
  ${tellTerminals('sessionClosed', 'ended', `'reason', ${reason}::text`)}
  SELECT * FROM told`;

/** The sessions an ending statement ended, from the entries it wrote for their terminals. */
const endedBy = (told: OutboxEntry[]) => told.map((entry) => (entry.payload as { sessionId: string }).sessionId);

/**
 * The sessions table: the one place that opens, ends and reads sessions. Every change that ends sessions
 * answers their ids: the caller broadcasts them. The terminals hear of every session that opens or ends on
 * them (their IN_USE and LOCKED) through the outbox, once the change is committed.
 */
export class Sessions {
  constructor(
    private readonly sequelize: Sequelize,
    readonly limits: SessionLimits,
    private readonly clock: () => Date,
    private readonly outbox: Outbox,
  ) {}

  /** Opens a session; on POS and MANAGER terminals, the user's oldest beyond the limit end. */
  async open(userId: string, terminalId: string, kind: TerminalKind): Promise<{ id: string; ended: string[] }> {
    const id = randomUUID();
    const counted = countedOn(kind);
    const now = this.clock();
    const told = await this.sequelize.transaction(async (transaction) => {
      // Two logins of one user at once must not both keep a place.
      await this.sequelize.query('SELECT pg_advisory_xact_lock(7270003, hashtext($1))', { bind: [userId], transaction });
      const opened = await this.sequelize.query<OutboxEntry>(
        `WITH opened AS (
           INSERT INTO sessions (id, user_id, terminal_id, counted, started_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $5)
           RETURNING id, user_id, terminal_id),
         ${tellTerminals('sessionOpened', 'opened', "'userId', user_id")}
         SELECT * FROM told`,
        { bind: [id, userId, terminalId, counted, now], type: QueryTypes.SELECT, transaction },
      );
      await note(
        this.sequelize,
        { at: now.toISOString(), type: 'SessionStarted', userId, terminalId, data: { sessionId: id } },
        transaction,
      );
      if (!counted) return { opened, ended: [] };
      const ended = await this.sequelize.query<OutboxEntry>(
        `WITH ended AS (
           UPDATE sessions SET ended_at = $3, end_reason = 'REPLACED'
            WHERE id IN (SELECT id FROM sessions WHERE user_id = $1 AND counted AND ended_at IS NULL
                          ORDER BY started_at DESC, id OFFSET $2)
            RETURNING id, user_id, terminal_id)
         ${noteAndTellEnded('$3', "'REPLACED'")}`,
        { bind: [userId, this.limits.maxPerUser, now], type: QueryTypes.SELECT, transaction },
      );
      return { opened, ended };
    });
    void this.outbox.deliverNow([...told.opened, ...told.ended]);
    return { id, ended: endedBy(told.ended) };
  }

  /** Ends sessions still open; answers those it ended. */
  async end(ids: string[], reason: EndReason): Promise<string[]> {
    const told = await this.sequelize.query<OutboxEntry>(
      `WITH ended AS (
         UPDATE sessions SET ended_at = $2, end_reason = $3 WHERE id = ANY($1::text[]) AND ended_at IS NULL
         RETURNING id, user_id, terminal_id)
       ${noteAndTellEnded('$2', '$3')}`,
      { bind: [ids, this.clock(), reason], type: QueryTypes.SELECT },
    );
    void this.outbox.deliverNow(told);
    return endedBy(told);
  }

  /** Ends the counted sessions nobody used for the idle time (those given, or all). */
  async endIdle(ids?: string[]): Promise<string[]> {
    const now = this.clock();
    const told = await this.sequelize.query<OutboxEntry>(
      `WITH ended AS (
         UPDATE sessions SET ended_at = $1, end_reason = 'IDLE'
          WHERE ended_at IS NULL AND counted AND last_seen_at < $2 AND ($3::text[] IS NULL OR id = ANY($3::text[]))
          RETURNING id, user_id, terminal_id)
       ${noteAndTellEnded('$1', "'IDLE'")}`,
      { bind: [now, new Date(now.getTime() - this.limits.idleMs), ids ?? null], type: QueryTypes.SELECT },
    );
    void this.outbox.deliverNow(told);
    return endedBy(told);
  }

  async find(id: string): Promise<Session | null> {
    const [row] = await this.sequelize.query<Row>(
      `SELECT s.id, s.user_id, u.role, s.terminal_id, t.kind, t.paired_with, t.station, s.counted, s.last_seen_at, s.ended_at
         FROM sessions s JOIN users u ON u.id = s.user_id JOIN terminals t ON t.id = s.terminal_id
        WHERE s.id = $1`,
      { bind: [id], type: QueryTypes.SELECT },
    );
    return row ? ofRow(row) : null;
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.sequelize.query('UPDATE sessions SET last_seen_at = GREATEST(last_seen_at, $2) WHERE id = $1', {
      bind: [id, at],
    });
  }
}

/** How stale a cached session may be: the bound on a gateway that missed a `session.ended` broadcast. */
const CACHE_TTL_MS = 60_000;
/** A session's activity reaches the table at most this often, so other gateways see it is in use. */
const TOUCH_EVERY_MS = 10_000;

interface Entry {
  session: Session;
  /** When this gateway last wrote the session's activity. */
  touchedAt: number;
}

/**
 * A gateway's view of the sessions its requests and sockets use: read from the table once a minute at
 * most, ended at once by the `session.ended` broadcast, so checking a session costs no database round trip.
 */
export class SessionCache {
  private readonly entries = new LRUCache<string, Entry>({ max: 10_000, ttl: CACHE_TTL_MS });

  constructor(
    private readonly sessions: Sessions,
    private readonly clock: () => Date,
    /** Told of sessions this cache found idle and ended, to broadcast them. */
    private readonly endedHere: (ids: string[]) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  /**
   * The session if it is still open, else null. `use` says a person is acting (a request, a handshake):
   * it keeps a counted session from idling out.
   */
  async open(id: string, use: boolean): Promise<Session | null> {
    let entry = this.entries.get(id);
    if (!entry) {
      const session = await this.sessions.find(id);
      if (!session) return null;
      entry = { session, touchedAt: session.lastSeenAt };
      this.entries.set(id, entry);
    }
    const { session } = entry;
    if (session.ended) return null;
    const now = this.clock().getTime();
    if (session.counted && now - session.lastSeenAt > this.sessions.limits.idleMs) {
      // Idle as far as this gateway knows: another may have used it since, and written so.
      const fresh = await this.sessions.find(id);
      if (!fresh || fresh.ended) return this.forget(id);
      if (now - fresh.lastSeenAt > this.sessions.limits.idleMs) {
        const ended = await this.sessions.endIdle([id]);
        if (ended.length) this.endedHere(ended);
        return this.forget(id);
      }
      session.lastSeenAt = fresh.lastSeenAt;
    }
    if (use) {
      session.lastSeenAt = now;
      if (now - entry.touchedAt >= TOUCH_EVERY_MS) {
        entry.touchedAt = now;
        this.sessions.touch(id, new Date(now)).catch(this.onError);
      }
    }
    return session;
  }

  /** Sessions ended anywhere in the cluster: their tokens are refused from now on. */
  ended(ids: string[]): void {
    for (const id of ids) {
      const entry = this.entries.get(id);
      if (entry) entry.session.ended = true;
    }
  }

  /** After the cluster reformed, broadcasts may have been missed: read every session again. */
  clear(): void {
    this.entries.clear();
  }

  private forget(id: string): null {
    this.ended([id]);
    return null;
  }
}
