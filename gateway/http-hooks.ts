import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'moleculer';
import type { RuntimeDeps } from '../shared/runtime/deps.js';
import { CommandError } from '../shared/runtime/errors.js';
import { sendHttpError } from './http-errors.js';
import { canonicalCommandId, checkInput } from './http-input.js';
import type { Route } from './routes.js';
import type { TokenSigner } from './tokens.js';

export type Req = IncomingMessage & {
  $action?: { name: string; roles?: string[]; params?: Record<string, unknown> };
  $alias?: { method: string; fullPath: string };
  $params?: Record<string, unknown>;
  body?: unknown;
};

/** What moleculer-web runs around every /api call: who is calling, where the command goes, what status it answers. */
export function httpHooks({ logger }: RuntimeDeps, tokens: TokenSigner, routes: Route[]) {
  const key = (method: string, path: string) => `${method} ${path}`;
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
    /** Every /api route but the public ones needs a valid token; an action may name the roles it allows. */
    authorize(ctx: Context<unknown, { user?: unknown }>, _route: unknown, req: Req) {
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
      const roles = req.$action?.roles;
      if (roles && !roles.includes(claims.role)) {
        throw new CommandError(
          'FORBIDDEN',
          `A ${claims.role.toLowerCase()} may not do this; it takes ${roles.join(' or ').toLowerCase()}.`,
        );
      }
      ctx.meta.user = { id: claims.sub, role: claims.role, terminalId: claims.terminalId };
    },

    onBeforeCall(ctx: Context<unknown, { commandId?: string }>, _route: unknown, req: Req) {
      req.$params = inputOf(req);
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
