import type { Migration } from '../migrate.js';

/**
 * The day's report counts the kilos sold of a product sold by weight: the order-sales rows gain each weighed
 * line's grams, folded again from the start (as 0013 and 0018 did). A plate voided before its void kept its grams
 * stays in the kilos sold (its price and count do not).
 */
export const up: Migration = async ({ context: sequelize }) => {
  await sequelize.query(`
    DELETE FROM projections WHERE projection = 'order-sales';
    DELETE FROM projector_positions WHERE projection = 'order-sales';
  `);
};

// Nothing to undo: the older code folds the rows again as they were, ignoring the grams.
export const down: Migration = async () => {};
