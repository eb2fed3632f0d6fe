import type { Migration } from '../migrate.js';

/** A manager can 86 a product (take it off for now) without removing it from the menu. */
export const up: Migration = async ({ context: sequelize }) => {
  await sequelize.query('ALTER TABLE products ADD COLUMN available boolean NOT NULL DEFAULT true');
};

export const down: Migration = async ({ context: sequelize }) => {
  await sequelize.query('ALTER TABLE products DROP COLUMN available');
};
