import type { Migration } from '../migrate.js';

/**
 * Copies of a view per command made a growing order slower per item. The answer to a command is its actor's
 * view at the version it wrote, which the log can always rebuild: keep that version, not a copy (rows written
 * before keep their stored answer). A broadcast in the outbox names the read-model row it carries, and the
 * relay reads that row when it delivers.
 */
export const up: Migration = async ({ context: sequelize }) => {
  await sequelize.query(`
    ALTER TABLE commands ADD COLUMN version int;
    ALTER TABLE commands ALTER COLUMN response DROP NOT NULL;
    ALTER TABLE outbox ADD COLUMN view_kind text, ADD COLUMN view_id text;
  `);
};

export const down: Migration = async ({ context: sequelize }) => {
  await sequelize.query(`
    ALTER TABLE outbox DROP COLUMN view_kind, DROP COLUMN view_id;
    DELETE FROM commands WHERE response IS NULL;
    ALTER TABLE commands ALTER COLUMN response SET NOT NULL;
    ALTER TABLE commands DROP COLUMN version;
  `);
};
