import type { Migration } from '../migrate.js';

/**
 * A view or snapshot over 2 kB is compressed on every write; lz4 does it several times faster than the
 * default pglz (a growing order's view is rewritten on every item). A server built without lz4 keeps pglz.
 */
export const up: Migration = async ({ context: sequelize }) => {
  await sequelize.query(`
    DO $$ BEGIN
      ALTER TABLE views ALTER COLUMN data SET COMPRESSION lz4;
      ALTER TABLE snapshots ALTER COLUMN state SET COMPRESSION lz4;
    EXCEPTION WHEN feature_not_supported THEN
      RAISE NOTICE 'this Postgres has no lz4: views stay compressed with pglz';
    END $$;
  `);
};

export const down: Migration = async ({ context: sequelize }) => {
  await sequelize.query(`
    ALTER TABLE views ALTER COLUMN data SET COMPRESSION default;
    ALTER TABLE snapshots ALTER COLUMN state SET COMPRESSION default;
  `);
};
