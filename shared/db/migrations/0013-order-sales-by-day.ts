import type { Migration } from '../migrate.js';

/**
 * The order-sales rows gained the business day, covers, categories and voids: they are dropped with their
 * place in the log, and the projector folds them again from the start, every row in the new shape.
 */
export const up: Migration = async ({ context: sequelize }) => {
  await sequelize.query(`
    DELETE FROM projections WHERE projection = 'order-sales';
    DELETE FROM projector_positions WHERE projection = 'order-sales';
    -- The day's reports read the rows of one business day.
    CREATE INDEX projections_by_day ON projections (projection, ((data->>'dayNumber')::int));
  `);
};

export const down: Migration = async ({ context: sequelize }) => {
  await sequelize.query('DROP INDEX projections_by_day');
};
