import { drawerSeenBy, SOCKET_EVENTS, TOPICS, type DrawerView } from '../../shared/contract/index.js';
import { listed, listedProjection, type Follower, type KindModule } from '../../shared/runtime/registry.js';
import { drawerSessions } from './drawer-sessions.projection.js';
import { drawerKind } from './drawer.kind.js';
import { drawerService } from './drawer.service.js';
import { drawerRoutes } from './drawer.routes.js';

/** Cash drawers: the cash at each POS, from its float to its blind count and close. */
export const drawer: KindModule = {
  name: 'drawers',
  routes: drawerRoutes,
  // A cashier follows it too, and hears only its own drawer's (seenBy).
  topics: [{ family: TOPICS.drawers, followers: ['MANAGER', 'CASHIER'] }],
  service: drawerService,
  actor: listed(drawerKind),
  fanOut: [
    {
      event: 'drawer.updated',
      socketEvent: SOCKET_EVENTS.drawer,
      rooms: (_view: DrawerView) => [TOPICS.drawers],
      // A manager sees every drawer; a cashier only the drawer it holds (or just closed), counted blind.
      seenBy: (follower: Follower, view: DrawerView) => {
        if (follower.role === 'MANAGER') return view;
        const holder = view.cashierId ?? (view.status === 'CLOSED' ? view.lastClose?.cashierId : undefined);
        return holder === follower.sub ? drawerSeenBy(view, follower.role) : null;
      },
    },
  ],
  projections: [listedProjection(drawerSessions)],
};
