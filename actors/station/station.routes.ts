import { ref, string, integer, time, maybe, object, list } from '../../shared/contract/schema.js';
import type { Route } from '../../shared/contract/routes.js';

/** The station's HTTP routes: the gateway's aliases and the OpenAPI document come from here. */
export const stationRoutes: Route[] = [
  {
    method: 'GET',
    path: '/stations/:stationId/tickets',
    action: 'stations.tickets',
    auth: true,
    summary: 'Open tickets, oldest first',
    answer: object({ version: integer, tickets: { type: 'array', items: ref('Ticket') } }),
  },
  {
    method: 'POST',
    path: '/stations/:stationId/tickets/:ticketId/bump',
    action: 'stations.bump',
    auth: true,
    summary: 'Bump a ticket',
    answer: ref('Ticket'),
  },
  {
    method: 'POST',
    path: '/stations/:stationId/tickets/:ticketId/recall',
    action: 'stations.recall',
    auth: true,
    summary: 'Put a bumped ticket back on the screen',
    answer: ref('Ticket'),
  },
  {
    method: 'GET',
    path: '/stations/load',
    action: 'stations.load',
    auth: true,
    summary: "Every station's open tickets, oldest ticket and late count (from the log's station-load projection)",
    answer: list('stations', object({ stationId: string, open: integer, oldestFiredAt: maybe(time), late: integer })),
  },
];
