import { ref, string, integer, time, object } from '../shared/contract/schema.js';
import type { Route } from '../shared/contract/routes.js';
import { routesOf, type KindModule } from '../shared/runtime/registry.js';

/** The gateway's own routes: health, login and lock, this document and the settings. */
export const GATEWAY_ROUTES: Route[] = [
  {
    method: 'GET',
    path: '/health',
    action: 'gateway.health',
    auth: false,
    summary: 'What this node runs and what it can reach',
    answer: ref('Health'),
  },
  {
    method: 'POST',
    path: '/auth/pin',
    action: 'auth.login',
    auth: false,
    summary: "Log in on a terminal with a PIN (or, on a locked terminal, with another manager's approval); answers a token",
    answer: object({ token: string, user: ref('User') }),
  },
  {
    method: 'POST',
    path: '/auth/lock',
    action: 'auth.lock',
    auth: true,
    summary: "End the caller's session: its token is refused and its sockets dropped",
    answer: object({ ok: { type: 'boolean' } }),
  },
  {
    method: 'GET',
    path: '/openapi.json',
    action: 'gateway.openapi',
    auth: false,
    summary: 'This document',
    answer: { type: 'object', description: 'This document.' },
  },
  {
    method: 'GET',
    path: '/settings',
    action: 'gateway.settings',
    auth: false,
    summary: "Currency, locale, the ack timeout and the server's clock",
    answer: object(
      {
        currency: string,
        locale: string,
        payoutLimitCents: integer,
        refundLimitCents: integer,
        ackTimeoutSeconds: integer,
        serverTime: time,
        today: { type: 'string', format: 'date' },
      },
      ['currency', 'locale', 'ackTimeoutSeconds', 'serverTime'],
    ),
  },
];

/** Every HTTP route: the gateway's, then each kind's from the list of kinds. */
export const allRoutes = (kinds: readonly KindModule[]): Route[] => [...GATEWAY_ROUTES, ...routesOf(kinds)];

export const aliasesOf = (routes: Route[]) => Object.fromEntries(routes.map((r) => [`${r.method} ${r.path}`, r.action]));
