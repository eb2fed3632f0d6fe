import { listed, type KindModule } from '../../shared/runtime/registry.js';
import { paymentKind } from './payment.kind.js';
import { paymentRoutes } from './payment.routes.js';
import { paymentService } from './payment.service.js';

/** Payments: each card charge an actor of its own; cash and PIX go straight onto the check. No screen follows a charge: the order shows its payments. */
export const payment: KindModule = {
  name: 'payments',
  routes: paymentRoutes,
  service: paymentService,
  actor: listed(paymentKind),
};
