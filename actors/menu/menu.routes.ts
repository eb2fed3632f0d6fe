import { ref, list } from '../../shared/contract/schema.js';
import type { Route } from '../../shared/contract/routes.js';

/** The menu's HTTP routes: the gateway's aliases and the OpenAPI document come from here. */
export const menuRoutes: Route[] = [
  {
    method: 'GET',
    path: '/menu',
    action: 'menu.list',
    auth: true,
    summary: 'The products on the menu',
    answer: list('products', ref('Product')),
  },
  {
    method: 'PATCH',
    path: '/menu/products/:productId',
    action: 'menu.update',
    auth: true,
    summary:
      "Manager: change a product's price, or the price per kilo of one sold by weight (422 NOT_SOLD_BY_WEIGHT for one sold by the unit), or 86 it (available: false) and bring it back",
    answer: ref('Product'),
  },
];
