import { TOPICS, type OrderView } from '../../shared/contract/index.js';
import { listed, listedProjection, type KindModule } from '../../shared/runtime/registry.js';
import { orderSales } from './order-sales.projection.js';
import { orderKind } from './order.kind.js';
import { orderService } from './order.service.js';
import { orderRoutes } from './order.routes.js';

/** Orders: the check a waiter rings and sends, with the sales it makes. */
export const order: KindModule = {
  name: 'orders',
  topics: [
    { family: 'order', id: /^[0-9a-f-]{36}$/, followers: ['KITCHEN', 'MANAGER', 'WAITER', 'CASHIER'] },
    { family: TOPICS.orders, followers: ['KITCHEN', 'MANAGER', 'WAITER', 'CASHIER'] },
  ],
  routes: orderRoutes,
  service: orderService,
  actor: listed(orderKind),
  fanOut: [
    {
      event: 'order.updated',
      socketEvent: 'order',
      rooms: (view: OrderView) => [TOPICS.order(view.id), TOPICS.terminal(view.terminalId), TOPICS.orders],
    },
  ],
  projections: [listedProjection(orderSales)],
};
