import { SOCKET_EVENTS, TOPICS, type DrawerView } from '../../shared/contract/index.js';
import { listed, type KindModule } from '../../shared/runtime/registry.js';
import { drawerKind } from './drawer.kind.js';
import { drawerService } from './drawer.service.js';

/** Cash drawers: the cash at each POS, from its float to its blind count and close. */
export const drawer: KindModule = {
  name: 'drawers',
  service: drawerService,
  actor: listed(drawerKind),
  fanOut: [
    {
      event: 'drawer.updated',
      socketEvent: SOCKET_EVENTS.drawer,
      // Whole to the room; the socket bridge tells each follower what it may see of it (gateway/access.ts).
      rooms: (_view: DrawerView) => [TOPICS.drawers],
    },
  ],
};
