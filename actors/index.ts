import type { KindModule } from '../shared/runtime/registry.js';
import { audit } from './audit/index.js';
import { businessDay } from './business-day/index.js';
import { drawer } from './drawer/index.js';
import { menu } from './menu/index.js';
import { order } from './order/index.js';
import { payment } from './payment/index.js';
import { pole } from './pole/index.js';
import { printer } from './printer/index.js';
import { scale } from './scale/index.js';
import { station } from './station/index.js';
import { terminal } from './terminal/index.js';

/**
 * Every kind of the restaurant, once. A new kind is its folder (machine, facts, views, its service) and one
 * line here: the app's services, the gateway's fan-out, the rebuild of read models, the projections and the
 * cluster's services all come from this list.
 */
export const KINDS: readonly KindModule[] = [
  menu,
  order,
  payment,
  station,
  terminal,
  drawer,
  businessDay,
  printer,
  scale,
  pole,
  audit,
];
