import type { Context, ServiceSchema } from 'moleculer';
import { BUS_EVENTS, type ProductView } from '../../shared/contract/index.js';
import { note } from '../../shared/runtime/audit-chain.js';
import type { CallerMeta, RuntimeDeps } from '../../shared/runtime/deps.js';
import { CommandError } from '../../shared/runtime/errors.js';

type ProductRow = Omit<ProductView, 'soldBy' | 'pricePerKgCents'> & {
  position: number;
  soldBy: 'WEIGHT' | null;
  pricePerKgCents: number | null;
};

const viewOf = (row: ProductRow): ProductView => {
  const { id, name, category, priceCents, station, prepSeconds, available, soldBy, pricePerKgCents } = row;
  return {
    id,
    name,
    category,
    priceCents,
    station,
    prepSeconds,
    available,
    ...(soldBy && pricePerKgCents !== null ? { soldBy, pricePerKgCents } : {}),
  };
};

const CHANGES =
  'Send priceCents (whole cents, 0 to 10000000), pricePerKgCents (the same, for a product sold by weight), available (true or false), or several: nothing else of a product changes here.';

/** A price in whole cents, as the validator checks it: `name` says which in its refusals. */
const cents = (name: string) => ({
  type: 'number',
  integer: true,
  min: 0,
  max: 10_000_000,
  optional: true,
  messages: {
    number: `${name} must be a number of cents, e.g. 8990 for 89.90.`,
    numberInteger: `${name} must be a whole number of cents, e.g. 8990 for 89.90.`,
    numberMin: `${name} cannot be negative.`,
    numberMax: `${name} can be at most 10000000.`,
  },
});

interface ProductChange {
  productId: string;
  priceCents?: number;
  pricePerKgCents?: number;
  available?: boolean;
}

/**
 * The menu: products with their price, station, preparation time and whether they are 86'd. Read
 * often, changed rarely: `list` is cached by Moleculer's cacher (Redis, or memory on one node), and
 * `orders` keeps its own copy (menu-copy.ts). A change cleans the cacher here and is broadcast as
 * `menu.changed`, on which every menu node cleans its own cacher and every copy takes the product.
 */
export function menuService({ models, sequelize, clock }: RuntimeDeps): ServiceSchema {
  const list = async (): Promise<ProductView[]> => {
    const rows = await models.Product.findAll({ order: [['position', 'ASC']] });
    return rows.map((r) => viewOf(r.get()));
  };
  return {
    name: 'menu',
    events: {
      // A memory cacher lives on each node: the node that made the change cannot clean the others'.
      async [BUS_EVENTS.menuChanged]() {
        await this.broker.cacher?.clean('menu.**');
      },
    },
    actions: {
      list: {
        cache: { keys: [], ttl: 60 },
        async handler(): Promise<{ products: ProductView[] }> {
          return { products: await list() };
        },
      },
      product: {
        params: { productId: 'string' },
        async handler(ctx: Context<{ productId: string }>): Promise<ProductView | null> {
          const { products } = (await ctx.call('menu.list')) as { products: ProductView[] };
          return products.find((p) => p.id === ctx.params.productId) ?? null;
        },
      },
      /** A manager changes a price or a price per kilo, or 86's a product (and brings it back). */
      update: {
        roles: ['MANAGER'],
        params: {
          productId: 'string|min:1',
          priceCents: cents('priceCents'),
          pricePerKgCents: cents('pricePerKgCents'),
          available: { type: 'boolean', optional: true, messages: { boolean: 'available must be true or false.' } },
        },
        async handler(ctx: Context<ProductChange, CallerMeta>): Promise<ProductView> {
          const { productId, priceCents, pricePerKgCents, available } = ctx.params;
          if (priceCents === undefined && pricePerKgCents === undefined && available === undefined)
            throw new CommandError('BAD_REQUEST', CHANGES);
          // A product sold by weight shows a kilo's price as its priceCents too (ProductView): the two move together.
          const perKg = pricePerKgCents !== undefined && { pricePerKgCents, priceCents: pricePerKgCents };
          if (perKg && priceCents !== undefined && priceCents !== pricePerKgCents)
            throw new CommandError(
              'BAD_REQUEST',
              'A product sold by weight costs its price per kilo: send pricePerKgCents alone, and its priceCents follows.',
            );
          const change = {
            ...(priceCents !== undefined && { priceCents }),
            ...perKg,
            ...(available !== undefined && { available }),
          };
          // The change and its audit entry are one commit.
          const rows = await sequelize.transaction(async (transaction) => {
            const product = await models.Product.findByPk(productId, { transaction, lock: transaction.LOCK.UPDATE });
            if (!product) throw new CommandError('UNKNOWN_PRODUCT', `The menu has no product "${productId}".`);
            const { name, soldBy } = product.get();
            if (perKg && soldBy !== 'WEIGHT')
              throw new CommandError(
                'NOT_SOLD_BY_WEIGHT',
                `${name} is sold by the unit: it has no price per kilo. Change its priceCents instead.`,
              );
            // ... and its priceCents alone moves its price per kilo, so the two never drift apart.
            const made =
              soldBy === 'WEIGHT' && !perKg && priceCents !== undefined ? { ...change, pricePerKgCents: priceCents } : change;
            const [, changed] = await models.Product.update(made, { where: { id: productId }, returning: true, transaction });
            const { id: userId = null, terminalId = null } = ctx.meta.user ?? {};
            await note(
              sequelize,
              { at: clock().toISOString(), type: 'ProductChanged', userId, terminalId, data: { productId, ...made } },
              transaction,
            );
            return changed;
          });
          const product = viewOf(rows[0]!.get());
          // Cleaned before the broadcast, so whoever hears it and reads the menu gets the change.
          await this.broker.cacher?.clean('menu.**');
          await ctx.broadcast(BUS_EVENTS.menuChanged, { view: product });
          return product;
        },
      },
    },
  };
}
