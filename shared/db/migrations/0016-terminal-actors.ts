import type { Migration } from '../migrate.js';

/**
 * Terminals are actors now: whether one is online, who uses it and when it was last seen are in the log, so
 * the terminals table keeps only what a terminal is. Each terminal is installed by its first start with this
 * code; what was open on it before then (sessions, a drawer) it learns from the outbox, with the commands the
 * code sends from now on and the same commandIds, so a delivery twice changes nothing.
 */
export const up: Migration = async ({ context: sequelize }) => {
  await sequelize.query(`
    ALTER TABLE terminals DROP COLUMN online, DROP COLUMN user_id, DROP COLUMN last_seen_at;
    INSERT INTO outbox (id, kind, name, payload)
      SELECT gen_random_uuid(), 'call', 'terminals.sessionOpened',
             jsonb_build_object('terminalId', terminal_id, 'sessionId', id, 'commandId', 'sessionOpened:' || id, 'userId', user_id)
        FROM sessions WHERE ended_at IS NULL ORDER BY started_at;
    -- As the drawer's own reaction to its opening would have said it (drawer.kind.ts).
    INSERT INTO outbox (id, kind, name, payload)
      SELECT gen_random_uuid(), 'call', 'terminals.drawerOpened',
             jsonb_build_object('terminalId', v.data->>'terminalId', 'drawerId', v.id, 'commandId', opened.command_id || ':terminal')
        FROM views v
        JOIN LATERAL (SELECT command_id FROM events e WHERE e.stream_id = v.id AND e.type = 'DrawerOpened'
                       ORDER BY e.version DESC LIMIT 1) opened ON true
       WHERE v.kind = 'drawer' AND v.data->>'status' <> 'CLOSED';
  `);
};

export const down: Migration = async ({ context: sequelize }) => {
  await sequelize.query(`
    ALTER TABLE terminals ADD COLUMN online boolean NOT NULL DEFAULT false, ADD COLUMN user_id text REFERENCES users (id),
      ADD COLUMN last_seen_at timestamptz;
  `);
};
