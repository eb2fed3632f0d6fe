import { ref, list } from '../../shared/contract/schema.js';
import type { Route } from '../../shared/contract/routes.js';

/** The terminal's HTTP routes: the gateway's aliases and the OpenAPI document come from here. */
export const terminalRoutes: Route[] = [
  {
    method: 'GET',
    path: '/terminals',
    action: 'terminals.list',
    auth: true,
    summary: 'Every terminal: OFFLINE, LOCKED or IN_USE, its user and its open drawer',
    answer: list('terminals', ref('Terminal')),
  },
  {
    method: 'GET',
    path: '/terminals/:terminalId',
    action: 'terminals.get',
    auth: true,
    summary: 'One terminal',
    answer: ref('Terminal'),
  },
];
