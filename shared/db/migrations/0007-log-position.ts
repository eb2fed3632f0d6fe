import type { Migration } from '../migrate.js';

/**
 * A global order of committed facts for projectors: each fact keeps the transaction that wrote it. Read
 * models that span actors fold the log in (tx, position) order and keep their place in `projector_positions`;
 * their rows live in `projections`, rebuilt from the log alone.
 */
export const up: Migration = async ({ context: sequelize }) => {
  await sequelize.query(`
    ALTER TABLE events ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();
    CREATE INDEX events_log_order ON events (tx, position);
    CREATE TABLE projector_positions (
      projection text PRIMARY KEY,
      tx         xid8 NOT NULL,
      position   bigint NOT NULL
    );
    CREATE TABLE projections (
      projection text NOT NULL,
      key        text NOT NULL,
      data       jsonb NOT NULL,
      PRIMARY KEY (projection, key)
    );
    -- Reports read a day's rows.
    CREATE INDEX projections_by_date ON projections (projection, (data->>'date'));
  `);
};

export const down: Migration = async ({ context: sequelize }) => {
  await sequelize.query(`
    DROP TABLE projections, projector_positions;
    DROP INDEX events_log_order;
    ALTER TABLE events DROP COLUMN tx;
  `);
};
