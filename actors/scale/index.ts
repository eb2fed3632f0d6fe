import type { KindModule } from '../../shared/runtime/registry.js';
import { scaleRoutes } from './scale.routes.js';
import { scaleService } from './scale.service.js';

/**
 * Scales on serial ports (Toledo protocol B), one at a POS, for the products sold by weight. A scale is a device
 * like a printer: configured, removed and its status kept by the device actor (actors/printer); this kind drives it.
 */
export const scale: KindModule = {
  name: 'scales',
  routes: scaleRoutes,
  service: scaleService,
};
