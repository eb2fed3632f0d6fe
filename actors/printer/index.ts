import { SOCKET_EVENTS, TOPICS } from '../../shared/contract/index.js';
import { listed, type KindModule } from '../../shared/runtime/registry.js';
import { printerKind } from './printer.kind.js';
import { printerRoutes } from './printer.routes.js';
import { printerService } from './printer.service.js';

/** Printers on serial ports: their configuration and status, their print queue, the kitchen's fallback chits. */
export const printer: KindModule = {
  name: 'printers',
  topics: [{ family: TOPICS.devices, followers: ['MANAGER'] }],
  routes: printerRoutes,
  service: printerService,
  actor: listed(printerKind),
  fanOut: [{ event: 'device.updated', socketEvent: SOCKET_EVENTS.device, rooms: () => [TOPICS.devices] }],
};
