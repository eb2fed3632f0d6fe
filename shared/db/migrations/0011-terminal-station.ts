import type { Migration } from '../migrate.js';

/**
 * A kitchen screen serves one station: only its acks count for that station's tickets. A database made
 * before demo data became a seed step (0003-demo-data) gets its demo screens' stations here, once.
 */
export const up: Migration = async ({ context: sequelize }) => {
  await sequelize.query(`
    ALTER TABLE terminals ADD COLUMN station text REFERENCES stations (id);
    UPDATE terminals t SET station = demo.station
      FROM (VALUES ('kds-grill', 'grill'), ('kds-fryer', 'fryer'), ('kds-cold', 'cold'), ('kds-bar', 'bar'))
        AS demo (terminal, station)
      WHERE t.id = demo.terminal AND t.kind = 'KDS' AND EXISTS (SELECT 1 FROM stations s WHERE s.id = demo.station);
  `);
};

export const down: Migration = async ({ context: sequelize }) => {
  await sequelize.query('ALTER TABLE terminals DROP COLUMN station');
};
