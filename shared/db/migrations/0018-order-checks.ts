import type { Migration } from '../migrate.js';

/**
 * Orders gained their check (discounts, the service charge, payments, splits). Their snapshots hold the old
 * state, without it: they are dropped, and each order is folded from its facts on its next load. The order-sales
 * rows gained the check's discounts and service charge: they are folded again from the start, as 0013 did. The
 * order views gain the check's fields with what a rebuild would give them: orders opened before there was a
 * service charge have none, and none has a discount or a payment yet.
 */
export const up: Migration = async ({ context: sequelize }) => {
  await sequelize.query(`
    DELETE FROM snapshots WHERE stream_type = 'order';
    DELETE FROM projections WHERE projection = 'order-sales';
    DELETE FROM projector_positions WHERE projection = 'order-sales';
    UPDATE views SET data = data || jsonb_build_object(
        'totals', (data->'totals') || '{"discountCents": 0, "serviceCents": 0, "tipCents": 0}'::jsonb,
        'discounts', '[]'::jsonb, 'serviceWaived', false, 'payments', '[]'::jsonb)
     WHERE kind = 'order';
  `);
};

export const down: Migration = async ({ context: sequelize }) => {
  await sequelize.query(`
    DELETE FROM snapshots WHERE stream_type = 'order';
    UPDATE views SET data = (data - 'discounts' - 'serviceWaived' - 'payments')
        || jsonb_build_object('totals', (data->'totals') - 'discountCents' - 'serviceCents' - 'tipCents')
     WHERE kind = 'order';
  `);
};
