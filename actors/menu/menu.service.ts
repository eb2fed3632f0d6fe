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
  'Send priceCents (whole cents, 0 to 10000000), available (true or false), or both: nothing else of a product changes here.';

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
      /** A manager changes a price, or 86's a product (and brings it back). */
      update: {
        roles: ['MANAGER'],
        params: {
          productId: 'string|min:1',
          priceCents: {
            type: 'number',
            integer: true,
            min: 0,
            max: 10_000_000,
            optional: true,
            messages: {
              number: 'priceCents must be a number of cents, e.g. 8990 for 89.90.',
              numberInteger: 'priceCents must be a whole number of cents, e.g. 8990 for 89.90.',
              numberMin: 'priceCents cannot be negative.',
              numberMax: 'priceCents can be at most 10000000.',
            },
          },
          available: { type: 'boolean', optional: true, messages: { boolean: 'available must be true or false.' } },
        },
        async handler(
          ctx: Context<{ productId: string; priceCents?: number; available?: boolean }, CallerMeta>,
        ): Promise<ProductView> {
          const { productId, priceCents, available } = ctx.params;
          if (priceCents === undefined && available === undefined) throw new CommandError('BAD_REQUEST', CHANGES);
          const change = { ...(priceCents !== undefined && { priceCents }), ...(available !== undefined && { available }) };
          // The change and its audit entry are one commit.
          const rows = await sequelize.transaction(async (transaction) => {
            const [, changed] = await models.Product.update(change, { where: { id: productId }, returning: true, transaction });
            if (changed.length === 0) throw new CommandError('UNKNOWN_PRODUCT', `The menu has no product "${productId}".`);
            const { id: userId = null, terminalId = null } = ctx.meta.user ?? {};
            await note(
              sequelize,
              { at: clock().toISOString(), type: 'ProductChanged', userId, terminalId, data: { productId, ...change } },
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
