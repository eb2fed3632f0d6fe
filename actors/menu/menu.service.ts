import type { Context, ServiceSchema } from 'moleculer';
import type { ProductView } from '../../shared/contract/index.js';
import type { RuntimeDeps } from '../../shared/runtime/deps.js';

/** The menu: products with their price, station and preparation time. Read often, changed rarely: cached. */
export function menuService({ models }: RuntimeDeps): ServiceSchema {
  const list = async (): Promise<ProductView[]> => {
    const rows = await models.Product.findAll({ order: [['position', 'ASC']] });
    return rows.map((r) => {
      const { id, name, category, priceCents, station, prepSeconds } = r.get();
      return { id, name, category, priceCents, station, prepSeconds };
    });
  };
  return {
    name: 'menu',
    actions: {
      list: {
        cache: { keys: [], ttl: 60 },
        async handler(): Promise<{ products: ProductView[] }> {
          return { products: await list() };
        },
      },
      product: {
        params: { productId: 'string' },
        async handler(this: { broker: { call: Context['call'] } }, ctx: Context<{ productId: string }>) {
          const { products } = (await ctx.call('menu.list')) as { products: ProductView[] };
          return products.find((p) => p.id === ctx.params.productId) ?? null;
        },
      },
    },
  };
}
