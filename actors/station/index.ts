import { TOPICS, type TicketView } from '../../shared/contract/index.js';
import { listed, listedProjection, type KindModule } from '../../shared/runtime/registry.js';
import { stationLoad } from './station-load.projection.js';
import { stationKind } from './station.kind.js';
import { stationService } from './station.service.js';
import { stationRoutes } from './station.routes.js';

/** Kitchen stations: their tickets, fired, drawn, bumped and recalled. */
export const station: KindModule = {
  name: 'stations',
  topics: [{ family: 'station', id: /^[a-z0-9-]{1,40}$/, followers: ['KITCHEN', 'MANAGER', 'WAITER', 'CASHIER'] }],
  routes: stationRoutes,
  service: stationService,
  actor: listed(stationKind),
  fanOut: [
    {
      event: 'ticket.updated',
      socketEvent: 'ticket',
      rooms: (view: TicketView) => [TOPICS.station(view.stationId)],
      // From the send to the kitchen's screen: a ticket's first push is when the station took it.
      startedAt: (view: TicketView, fact) => (fact === 'TicketFired' ? view.firedAt : null),
    },
  ],
  projections: [listedProjection(stationLoad)],
};
