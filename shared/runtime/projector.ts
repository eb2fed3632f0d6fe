import type { Logger } from 'pino';
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { EventStore, LoggedFact, LogPosition } from '../db/event-store.js';
import { UnavailableError } from './errors.js';
import { Rounds, type Batch } from './rounds.js';

/**
 * A read model folded from the log: which facts it reads, the rows each fact touches (from the fact alone),
 * and a pure `evolve` of one row by one fact. It may span many actors; its rows live in `projections`.
 */
export interface Projection<Row> {
  name: string;
  /** The fact types it reads, by stream type. */
  handles: Record<string, readonly string[]>;
  keys: (fact: LoggedFact) => string[];
  /** The row after the fact; null removes it. */
  evolve: (row: Row | null, fact: LoggedFact, key: string) => Row | null;
}

type AnyProjection = Projection<unknown>;
/** What a batch found: more to fold, the end of the log, or the projection held by another node's round. */
const handles = (projection: AnyProjection, fact: LoggedFact) =>
  Object.hasOwn(projection.handles, fact.streamType) && projection.handles[fact.streamType]!.includes(fact.type);

/**
 * Runs projections: each folds the facts after its position and stores its rows with its new position in
 * one transaction, so a crash or a restart resumes where it stopped and never applies a fact twice. Every
 * node may run the same projections: a projection's position row is locked while it is advanced, and a node
 * that finds it locked leaves that round to the other.
 */
export class Projector {
  private readonly rounds: Rounds;
  /** Projections whose position row exists: written once, not in every round. */
  private readonly placed = new Set<string>();
  /** The end of the log every projection had folded at this node's last round: a round that finds it so does nothing. */
  private foldedTo: string | null = null;

  constructor(
    private readonly sequelize: Sequelize,
    private readonly store: EventStore,
    private readonly projections: readonly AnyProjection[],
    private readonly logger: Logger,
    private readonly options = { batch: 500, everyMs: 200 },
  ) {
    this.rounds = new Rounds(
      () => this.catchUp(),
      options.everyMs,
      (error) => logger.warn({ err: error }, 'projection failed; will retry'),
    );
  }

  start(): void {
    this.rounds.start();
  }

  stop(): Promise<void> {
    return this.rounds.stop();
  }

  /**
   * Folds every projection up to the end of the log as it is now. An idle restaurant appends nothing for minutes:
   * one read of the log's end then stands for a transaction per projection every round.
   */
  async catchUp(): Promise<void> {
    const end = await this.store.end();
    if (end !== null && end === this.foldedTo) return;
    let all = true;
    for (const projection of this.projections) {
      let round: Batch = 'more';
      while (round === 'more') round = await this.step(projection);
      // Another node is folding it: its end is not known here, so the next round looks again.
      if (round === 'held') all = false;
    }
    this.foldedTo = all ? end : null;
  }

  /**
   * Resolves once the projection has folded every fact of its streams committed before the call, folding them
   * here or waiting for the node that is: a report that must count all of them (a Z report) asks this first.
   */
  async settled(name: string, timeoutMs = 5000): Promise<void> {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection) throw new Error(`No projection is named ${name}.`);
    // The last one committed, even while an older transaction (a projector's own round) keeps it from being read;
    // by the columns, not the text tx above (as text, 1000 would sort before 999).
    const [end] = await this.sequelize.query<{ tx: string; id: string }>(
      `SELECT tx::text AS tx, position::text AS id FROM events WHERE stream_type = ANY($1::text[])
        ORDER BY events.tx DESC, events.position DESC LIMIT 1`,
      { bind: [Object.keys(projection.handles)], type: QueryTypes.SELECT },
    );
    if (!end) return;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [place] = await this.sequelize.query<{ reached: boolean }>(
        'SELECT (tx, position) >= ($2::xid8, $3::bigint) AS reached FROM projector_positions WHERE projection = $1',
        { bind: [name, end.tx, end.id], type: QueryTypes.SELECT },
      );
      if (place?.reached) return;
      if (Date.now() > deadline) throw new UnavailableError(`The ${name} read model is behind the log: try again in a moment.`);
      if (!(await this.advance(projection))) await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** One batch of one projection; true while there may be more. */
  async advance(projection: AnyProjection): Promise<boolean> {
    return (await this.step(projection)) === 'more';
  }

  private step(projection: AnyProjection): Promise<Batch> {
    return this.sequelize.transaction(async (transaction) => {
      const position = await this.lockPosition(projection.name, transaction);
      if (!position) return 'held';
      const facts = await this.store.readAfter(position, this.options.batch, Object.keys(projection.handles));
      if (facts.length === 0) return 'done';
      const mine = facts.filter((f) => handles(projection, f));
      const rows = await this.rowsOf(projection, [...new Set(mine.flatMap((f) => projection.keys(f)))], transaction);
      for (const fact of mine)
        for (const key of projection.keys(fact)) rows.set(key, projection.evolve(rows.get(key) ?? null, fact, key));
      await this.write(projection.name, rows, facts.at(-1)!.position, transaction);
      return facts.length === this.options.batch ? 'more' : 'done';
    });
  }

  /** The projection's position, locked for this transaction; null while another node advances it. */
  private async lockPosition(name: string, transaction: Transaction): Promise<LogPosition | null> {
    if (!this.placed.has(name)) {
      // Outside the transaction: a round rolled back must not leave the row missing while this node thinks it there.
      await this.sequelize.query(
        `INSERT INTO projector_positions (projection, tx, position) VALUES ($1, '0', 0) ON CONFLICT (projection) DO NOTHING`,
        { bind: [name] },
      );
      this.placed.add(name);
    }
    const [row] = await this.sequelize.query<{ tx: string; id: string }>(
      'SELECT tx::text AS tx, position::text AS id FROM projector_positions WHERE projection = $1 FOR UPDATE SKIP LOCKED',
      { bind: [name], type: QueryTypes.SELECT, transaction },
    );
    // Held by another node's round, or gone (reset by a rebuild): the next round makes sure the row is there.
    if (!row) this.placed.delete(name);
    return row ?? null;
  }

  private async rowsOf(projection: AnyProjection, keys: string[], transaction: Transaction): Promise<Map<string, unknown>> {
    const found = await this.sequelize.query<{ key: string; data: unknown }>(
      'SELECT key, data FROM projections WHERE projection = $1 AND key = ANY($2::text[])',
      { bind: [projection.name, keys], type: QueryTypes.SELECT, transaction },
    );
    return new Map(found.map((r) => [r.key, r.data]));
  }

  private async write(name: string, rows: Map<string, unknown>, position: LogPosition, transaction: Transaction) {
    const kept = [...rows].filter(([, data]) => data !== null);
    const removed = [...rows].filter(([, data]) => data === null).map(([key]) => key);
    if (kept.length > 0)
      await this.sequelize.query(
        `INSERT INTO projections (projection, key, data) SELECT $1, * FROM unnest($2::text[], $3::jsonb[])
         ON CONFLICT (projection, key) DO UPDATE SET data = excluded.data`,
        { bind: [name, kept.map(([k]) => k), kept.map(([, d]) => JSON.stringify(d))], transaction },
      );
    if (removed.length > 0)
      await this.sequelize.query('DELETE FROM projections WHERE projection = $1 AND key = ANY($2::text[])', {
        bind: [name, removed],
        transaction,
      });
    await this.sequelize.query('UPDATE projector_positions SET tx = $2::xid8, position = $3 WHERE projection = $1', {
      bind: [name, position.tx, position.id],
      transaction,
    });
  }

  /** Drops a projection's rows and position: the next round folds it again from the start of the log. */
  async reset(name: string): Promise<void> {
    await this.sequelize.transaction(async (transaction) => {
      await this.sequelize.query('DELETE FROM projections WHERE projection = $1', { bind: [name], transaction });
      await this.sequelize.query('DELETE FROM projector_positions WHERE projection = $1', { bind: [name], transaction });
    });
    this.placed.delete(name);
    this.foldedTo = null;
  }
}
