import type { Migration } from '../migrate.js';

/**
 * Cash drawers, each at one POS: where the cash of a payment taken there goes. What happens to a drawer is in
 * the log; only its place is reference data. A demo database from before drawers gets the demo's two here.
 */
export const up: Migration = async ({ context: sequelize }) => {
  await sequelize.query(`
    CREATE TABLE drawers (
      id text PRIMARY KEY,
      terminal_id text NOT NULL UNIQUE REFERENCES terminals (id)
    );
    INSERT INTO drawers (id, terminal_id)
      SELECT demo.drawer, demo.terminal
        FROM (VALUES ('drawer-1', 'pos-1'), ('drawer-2', 'pos-2')) AS demo (drawer, terminal)
       WHERE EXISTS (SELECT 1 FROM terminals t WHERE t.id = demo.terminal AND t.kind = 'POS');
  `);
};

export const down: Migration = async ({ context: sequelize }) => {
  await sequelize.query('DROP TABLE drawers');
};
