import { BUS_EVENTS, ROLES, TOPICS } from '../../shared/contract/index.js';
import type { KindModule } from '../../shared/runtime/registry.js';
import { menuService } from './menu.service.js';
import { menuRoutes } from './menu.routes.js';

/** The menu: reference data, not an actor; a manager's change is pushed to the screens. */
export const menu: KindModule = {
  name: 'menu',
  topics: [{ family: TOPICS.menu, followers: ROLES }],
  routes: menuRoutes,
  service: menuService,
  fanOut: [{ event: BUS_EVENTS.menuChanged, socketEvent: 'menu', rooms: () => [TOPICS.menu] }],
};
