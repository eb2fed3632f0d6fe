import type { Migration } from '../migrate.js';

/**
 * The drawers' facts are few among the log's, and the drawer-sessions projection reads only them: each round reads
 * those after its place, and the day's reports wait for it to reach the last one. Their own index finds them, where
 * the log's order (events_log_order) would be walked through every order and ticket fact since the last drawer's.
 * Only drawer facts pay for it when written.
 */
export const up: Migration = async ({ context: sequelize }) => {
  await sequelize.query(`CREATE INDEX events_drawer_log_order ON events (tx, position) WHERE stream_type = 'drawer'`);
};

export const down: Migration = async ({ context: sequelize }) => {
  await sequelize.query('DROP INDEX events_drawer_log_order');
};
