import type { Migration } from '../migrate.js';

/**
 * The audit log. What it records is written in the same commit as the write itself: a fact in `events`, or,
 * for what is not an actor's fact (a PIN login, a lock, a session's end, a menu change), a row of
 * `audit_notes`. The chain (`shared/runtime/audit-chain.ts`) then numbers both in commit order and links each
 * entry to the one before by its hash, into `audit_log`, which nothing else writes.
 */
export const up: Migration = async ({ context: sequelize }) => {
  await sequelize.query(`
    CREATE TABLE audit_notes (
      id          bigserial PRIMARY KEY,
      tx          xid8 NOT NULL DEFAULT pg_current_xact_id(),
      at          timestamptz NOT NULL,
      type        text NOT NULL,
      stream      text,
      user_id     text,
      approved_by text,
      terminal_id text,
      data        jsonb NOT NULL
    );
    CREATE INDEX audit_notes_log_order ON audit_notes (tx, id);
    CREATE TABLE audit_log (
      seq         bigint PRIMARY KEY,
      at          timestamptz NOT NULL,
      type        text NOT NULL,
      stream      text,
      user_id     text,
      approved_by text,
      terminal_id text,
      data        jsonb NOT NULL,
      hash        text NOT NULL
    );
    CREATE INDEX audit_log_user ON audit_log (user_id, seq);
    CREATE INDEX audit_log_type ON audit_log (type, seq);
    -- Where the chain stands: the last entry's number and hash, and the place in the log it has reached.
    CREATE TABLE audit_chain (
      id     int PRIMARY KEY CHECK (id = 1),
      tx     xid8 NOT NULL,
      source int NOT NULL,
      ref    bigint NOT NULL,
      seq    bigint NOT NULL,
      hash   text NOT NULL
    );
    INSERT INTO audit_chain VALUES (1, '0', 0, 0, 0, repeat('0', 64));
  `);
};

export const down: Migration = async ({ context: sequelize }) => {
  await sequelize.query('DROP TABLE audit_chain, audit_log, audit_notes');
};
