import { string, integer, time, maybe, object, list } from '../../shared/contract/schema.js';
import type { Route } from '../../shared/contract/routes.js';

/** The audit's HTTP routes: the gateway's aliases and the OpenAPI document come from here. */
export const auditRoutes: Route[] = [
  {
    method: 'GET',
    path: '/audit',
    action: 'audit.entries',
    auth: true,
    summary: 'Manager: the audit log in seq order, filtered by ?from=&to= (seq), userId, type; limit up to 10000 (100)',
    answer: list(
      'entries',
      object(
        {
          seq: integer,
          at: time,
          type: string,
          stream: maybe(string),
          userId: maybe(string),
          approvedBy: string,
          terminalId: maybe(string),
          data: { type: 'object' },
          hash: string,
        },
        ['seq', 'at', 'type', 'stream', 'userId', 'terminalId', 'data', 'hash'],
      ),
    ),
  },
  {
    method: 'GET',
    path: '/audit/verify',
    action: 'audit.verify',
    auth: true,
    summary: 'Manager: walks the hash chain; { ok: true, entries } or { ok: false, brokenAt }',
    answer: object({ ok: { type: 'boolean' }, entries: integer, brokenAt: integer }, ['ok']),
  },
];
