import type { Migration } from '../migrate.js';

/**
 * The station-load projection keeps a row per ticket now (a busy station's one row was copied whole on every
 * ticket): its old rows go, and the projector folds it again from the start of the log.
 */
export const up: Migration = async ({ context: sequelize }) => {
  await sequelize.query(`
    DELETE FROM projections WHERE projection = 'station-load';
    DELETE FROM projector_positions WHERE projection = 'station-load';
  `);
};

export const down: Migration = async ({ context: sequelize }) => {
  await sequelize.query(`
    DELETE FROM projections WHERE projection = 'station-load';
    DELETE FROM projector_positions WHERE projection = 'station-load';
  `);
};
