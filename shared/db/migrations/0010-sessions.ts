import type { Migration } from '../migrate.js';

/**
 * Sessions the server knows: a login opens one on one terminal for one user, a lock or a newer login ends it,
 * and every request checks it is still open. Wrong-PIN counts live beside them when there is no Redis
 * (rate-limiter-flexible's Postgres table), so they survive a restart and every gateway shares them.
 */
export const up: Migration = async ({ context: sequelize }) => {
  await sequelize.query(`
    CREATE TABLE sessions (
      id           text PRIMARY KEY,
      user_id      text NOT NULL REFERENCES users (id),
      terminal_id  text NOT NULL REFERENCES terminals (id),
      -- POS and MANAGER sessions idle out and count towards a user's limit; the screens on the wall do not.
      counted      boolean NOT NULL,
      started_at   timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      ended_at     timestamptz,
      end_reason   text
    );
    CREATE INDEX sessions_open_counted ON sessions (user_id, started_at) WHERE ended_at IS NULL AND counted;
    CREATE INDEX sessions_open_idle ON sessions (last_seen_at) WHERE ended_at IS NULL AND counted;
    CREATE TABLE pin_attempts (
      key    varchar(255) PRIMARY KEY,
      points integer NOT NULL DEFAULT 0,
      expire bigint
    );
  `);
};

export const down: Migration = async ({ context: sequelize }) => {
  await sequelize.query('DROP TABLE pin_attempts, sessions;');
};
