import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'moleculer';
import type { RuntimeDeps } from '../shared/runtime/deps.js';
import { CommandError } from '../shared/runtime/errors.js';
import { sendHttpError } from './http-errors.js';
import { canonicalCommandId, checkInput } from './http-input.js';
import { ACTS_FOR_OTHER_TERMINALS, customerCall } from './access.js';
import type { Route } from '../shared/contract/routes.js';
import type { SessionCache } from './sessions.js';
import type { TokenSigner } from './tokens.js';

export type Req = IncomingMessage & {
  $action?: { name: string; roles?: string[]; params?: Record<string, unknown> };
  $alias?: { method: string; fullPath: string };
  $params?: Record<string, unknown>;
  body?: unknown;
  /** The body as it was sent, for a route that checks its signature. */
  $rawBody?: Buffer;
  /** A customer display's read by id: the answer must be an order of its POS. */
  $onlyOrderOf?: string;
};

/** A PIN travels only in a JSON body: a query string ends up in logs and browser history. */
const SECRET_IN_QUERY = /^(?:pin|approval)\b/i;

/** What moleculer-web runs around every /api call: who is calling, where the command goes, what status it answers. */
export function httpHooks({ logger }: RuntimeDeps, tokens: TokenSigner, routes: Route[], sessions: SessionCache) {
  const key = (method: string, path: string) => `${method} ${path}`;
  const routeOf = new Map(routes.map((r) => [key(r.method, `/api${r.path}`), r]));
  const isPublic = new Set(routes.filter((r) => !r.auth).map((r) => key(r.method, `/api${r.path}`)));
  const statusOf = new Map(routes.filter((r) => r.status).map((r) => [key(r.method, `/api${r.path}`), r.status!]));
  const pathParamsOf = new Map(
    routes.map((r) => [key(r.method, `/api${r.path}`), [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]!)]),
  );

  /**
   * What reaches the action. A write takes its body and its path parameters only (moleculer-web would let the query
   * string override a body field); a read takes its query and path. Either is refused if it cannot be stored.
   */
  function inputOf(req: Req): Record<string, unknown> {
    const merged = req.$params ?? {};
    if (!req.$alias || req.$alias.method === 'GET') {
      checkInput(merged, req.$action?.params);
      return merged;
    }
    const body = req.body ?? {};
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new CommandError('BAD_REQUEST', 'The body must be one JSON object (Content-Type: application/json).');
    }
    checkInput(body as Record<string, unknown>, req.$action?.params);
    // moleculer-web merged the path's values last: they are the path's, whatever the body or query said.
    const names = pathParamsOf.get(key(req.$alias.method, req.$alias.fullPath)) ?? [];
    const path = Object.fromEntries(names.map((name) => [name, merged[name]]));
    checkInput(path, undefined);
    const params: Record<string, unknown> = { ...body, ...path };
    if (Object.hasOwn(params, 'commandId')) params.commandId = canonicalCommandId(params.commandId);
    return params;
  }

  return {
    /**
     * Every /api route but the public ones needs a valid token of an open session; an action may name the
     * roles it allows; a customer display reads only its POS's orders; a command for a terminal is the
     * session's own terminal's unless the role may act for another.
     */
    async authorize(ctx: Context<unknown, { user?: unknown }>, _route: unknown, req: Req) {
      const query = new URLSearchParams(req.url?.split('?')[1] ?? '');
      if ([...query.keys()].some((name) => SECRET_IN_QUERY.test(name))) {
        throw new CommandError('BAD_REQUEST', 'A PIN goes in the JSON body, never in the query string.');
      }
      if (req.$alias && isPublic.has(key(req.$alias.method, req.$alias.fullPath))) return;
      const header = req.headers.authorization ?? '';
      const claims = tokens.verify(header.startsWith('Bearer ') ? header.slice(7) : '');
      if (!claims) {
        throw new CommandError(
          'UNAUTHORIZED',
          header
            ? 'The token is invalid or expired: log in again with your PIN.'
            : 'Log in first: send Authorization: Bearer <token> from POST /api/auth/pin.',
        );
      }
      const session = await sessions.open(claims.sid, true);
      if (!session) {
        throw new CommandError(
          'SESSION_ENDED',
          'This session ended (locked, idle, or replaced by a newer login): log in again with your PIN.',
        );
      }
      const roles = req.$action?.roles;
      if (roles && !roles.includes(claims.role)) {
        throw new CommandError(
          'FORBIDDEN',
          `A ${claims.role.toLowerCase()} may not do this; it takes ${roles.join(' or ').toLowerCase()}.`,
        );
      }
      const route = req.$alias ? routeOf.get(key(req.$alias.method, req.$alias.fullPath)) : undefined;
      const params = req.$params ?? {};
      if (session.kind === 'CUSTOMER') {
        const { refusal, ownOrder } = customerCall(session, route ? `${route.method} ${route.path}` : '', params);
        if (refusal) throw new CommandError('FORBIDDEN', refusal);
        if (ownOrder) req.$onlyOrderOf = session.pairedWith!;
      }
      const actsFor = route?.actsFor && (req.body as Record<string, unknown> | undefined)?.[route.actsFor];
      if (actsFor !== undefined && actsFor !== claims.terminalId && !ACTS_FOR_OTHER_TERMINALS.includes(claims.role)) {
        throw new CommandError(
          'FORBIDDEN',
          `This session is on ${claims.terminalId}: a ${claims.role.toLowerCase()} acts for no other terminal (here ${String(actsFor)}).`,
        );
      }
      ctx.meta.user = { id: claims.sub, role: claims.role, terminalId: claims.terminalId, sessionId: session.id };
    },

    onBeforeCall(ctx: Context<unknown, { commandId?: string; rawBody?: string; signature?: string }>, _route: unknown, req: Req) {
      req.$params = inputOf(req);
      if (req.$alias && routeOf.get(key(req.$alias.method, req.$alias.fullPath))?.rawBody) {
        ctx.meta.rawBody = req.$rawBody?.toString('utf8') ?? '';
        const signature = req.headers['x-signature'];
        if (typeof signature === 'string') ctx.meta.signature = signature;
      }
      const commandId = req.$params.commandId;
      if (typeof commandId === 'string') ctx.meta.commandId = commandId;
      // moleculer-web chose the node before it had the request's params, so Shard saw no actor id:
      // choose again with them, so every command of one actor goes to the node that holds it.
      if (req.$action) {
        const endpoint = ctx.broker.findNextActionEndpoint(req.$action.name, {}, {
          params: req.$params ?? {},
          meta: {},
        } as never);
        if (!(endpoint instanceof Error)) (req as Req & { $endpoint?: unknown }).$endpoint = endpoint;
      }
      logger.info({ commandId, action: req.$action?.name, path: req.url }, 'request');
    },

    onAfterCall(
      ctx: Context<unknown, { $statusCode?: number; $location?: string }>,
      _route: unknown,
      req: Req,
      _res: ServerResponse,
      data: unknown,
    ) {
      if (req.$onlyOrderOf && (data as { terminalId?: unknown } | null)?.terminalId !== req.$onlyOrderOf) {
        throw new CommandError('FORBIDDEN', `A customer display reads only the orders of ${req.$onlyOrderOf}.`);
      }
      const status = req.$alias && statusOf.get(key(req.$alias.method, req.$alias.fullPath));
      if (status) ctx.meta.$statusCode = status;
      // A created resource says where it lives.
      const id = (data as { id?: unknown } | null)?.id;
      if (status === 201 && typeof id === 'string') ctx.meta.$location = `${req.$alias!.fullPath}/${id}`;
      return data;
    },

    onError(req: Req, res: ServerResponse, error: unknown) {
      const { status } = sendHttpError(res, error);
      if (status >= 500) logger.error({ err: error, path: req.url }, 'request failed');
    },
  };
}
