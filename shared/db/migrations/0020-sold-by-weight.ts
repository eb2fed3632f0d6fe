import type { Migration } from '../migrate.js';

/** Products sold by weight (the buffet by the kilo): rung with grams from the scale at a price per kilogram. */
export const up: Migration = async ({ context: sequelize }) => {
  await sequelize.query(`ALTER TABLE products ADD COLUMN sold_by text CHECK (sold_by = 'WEIGHT'),
    ADD COLUMN price_per_kg_cents integer CHECK ((sold_by IS NULL) = (price_per_kg_cents IS NULL))`);
};

export const down: Migration = async ({ context: sequelize }) => {
  await sequelize.query('ALTER TABLE products DROP COLUMN sold_by, DROP COLUMN price_per_kg_cents');
};
