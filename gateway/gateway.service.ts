import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Context, ServiceBroker, ServiceSchema } from 'moleculer';
import ApiGateway from 'moleculer-web';
import { Server, type Socket } from 'socket.io';
import {
  BUS_EVENTS,
  SOCKET_EVENTS,
  TOPICS,
  type OrderView,
  type ProductView,
  type TerminalView,
  type TicketView,
} from '../shared/contract/index.js';
import type { RuntimeDeps } from '../shared/runtime/deps.js';
import { checkNode, type NodeHealth } from '../shared/runtime/node-health.js';
import { CommandError } from '../shared/runtime/errors.js';
import { toHttpError } from './http-errors.js';
import { openApiDocument } from './openapi.js';
import { aliasesOf, ROUTES } from './routes.js';
import type { TokenClaims, TokenSigner } from './tokens.js';

export interface GatewayOptions {
  port: number;
  tokens: TokenSigner;
  /** The built screens, served at / . */
  screensDir: string;
  transporter: string | null;
}

type Req = IncomingMessage & {
  $action?: { name: string; roles?: string[] };
  $alias?: { method: string; fullPath: string };
  $params?: Record<string, unknown>;
};
type Broadcast<V> = Context<{ view: V; commandId?: string; event?: string }>;

const TOPIC = /^(station:[a-z0-9-]{1,40}|order:[0-9a-f-]{36}|terminal:[a-z0-9-]{1,40}|terminals|orders|menu)$/;

/** HTTP (moleculer-web) and Socket.IO on one port: the only door screens and scripts use. */
export function gatewayService(deps: RuntimeDeps, options: GatewayOptions): ServiceSchema {
  const { metrics, logger } = deps;
  const { tokens } = options;
  const isPublic = new Set(ROUTES.filter((r) => !r.auth).map((r) => `${r.method} /api${r.path}`));
  const statusOf = new Map(ROUTES.filter((r) => r.status).map((r) => [`${r.method} /api${r.path}`, r.status!]));
  let io: Server | null = null;
  const socketsOf = new Map<string, number>();
  const reporting = new Map<string, Promise<unknown>>();
  let resyncTimer: NodeJS.Timeout | null = null;

  /** Emits to the rooms that have a socket here: Socket.IO encodes the whole view even for rooms nobody is in. */
  function push(rooms: string[], event: string, payload: unknown) {
    if (io && rooms.some((room) => io!.sockets.adapter.rooms.has(room))) io.to(rooms).emit(event, payload);
  }

  /** Tells every screen here to re-fetch; when the cluster reforms several nodes ask at once, so once after the last. */
  function resyncSoon(reason: string) {
    logger.info({ reason }, 'screens will re-fetch');
    if (resyncTimer) clearTimeout(resyncTimer);
    resyncTimer = setTimeout(() => {
      resyncTimer = null;
      io?.emit(SOCKET_EVENTS.resync, { reason });
    }, 250);
  }

  function onSocket(socket: Socket, broker: ServiceBroker) {
    const user = socket.data.user as TokenClaims;
    const terminalId = (socket.handshake.auth as { terminalId?: unknown }).terminalId;
    metrics.socketClients.inc();
    socket.on(SOCKET_EVENTS.subscribe, (payload: unknown, ack?: (answer: unknown) => void) => {
      const topic = (payload as { topic?: unknown } | null)?.topic;
      if (typeof topic !== 'string' || !TOPIC.test(topic)) {
        ack?.({
          ok: false,
          error: {
            type: 'BAD_REQUEST',
            message: 'Topics are station:<id>, order:<id>, terminal:<id>, terminals, orders or menu.',
          },
        });
        return;
      }
      void socket.join(topic);
      ack?.({ ok: true });
    });
    socket.on(SOCKET_EVENTS.ack, (payload: unknown, ack?: (answer: unknown) => void) => {
      const { stationId, ticketId } = (payload ?? {}) as { stationId?: unknown; ticketId?: unknown };
      if (typeof terminalId !== 'string' || typeof stationId !== 'string' || typeof ticketId !== 'string') {
        ack?.({
          ok: false,
          error: { type: 'BAD_REQUEST', message: 'An ack names { stationId, ticketId } from a socket with a terminalId.' },
        });
        return;
      }
      // One ack per screen and ticket, however often the screen redraws it.
      broker.call('stations.ack', { stationId, ticketId, terminalId, commandId: `ack:${ticketId}:${terminalId}` }).then(
        () => ack?.({ ok: true }),
        (error: { type?: string; message?: string }) => ack?.({ ok: false, error: { type: error.type, message: error.message } }),
      );
    });
    socket.on(SOCKET_EVENTS.unsubscribe, (payload: unknown, ack?: (answer: unknown) => void) => {
      const topic = (payload as { topic?: unknown } | null)?.topic;
      if (typeof topic === 'string') void socket.leave(topic);
      ack?.({ ok: true });
    });
    // One terminal's counts are reported in the order they changed.
    const presence = (sockets: number) => {
      const id = terminalId as string;
      const report = (reporting.get(id) ?? Promise.resolve()).then(() =>
        broker
          .call('terminals.presence', { terminalId: id, gatewayId: broker.nodeID, sockets, userId: user.sub })
          .catch((error: unknown) => logger.warn({ err: error, terminalId: id }, 'could not record terminal presence')),
      );
      reporting.set(id, report);
      return report;
    };
    if (typeof terminalId === 'string') {
      const count = (socketsOf.get(terminalId) ?? 0) + 1;
      socketsOf.set(terminalId, count);
      void presence(count);
    }
    socket.on('disconnect', () => {
      metrics.socketClients.dec();
      if (typeof terminalId !== 'string') return;
      const count = (socketsOf.get(terminalId) ?? 1) - 1;
      if (count > 0) socketsOf.set(terminalId, count);
      else socketsOf.delete(terminalId);
      void presence(count);
    });
  }

  return {
    name: 'gateway',
    mixins: [ApiGateway],
    settings: {
      port: options.port,
      ip: '0.0.0.0',
      logRequest: 'debug',
      logResponse: 'debug',
      routes: [
        {
          path: '/api',
          authorization: true,
          mappingPolicy: 'restrict',
          aliases: aliasesOf(ROUTES),
          bodyParsers: { json: { strict: true, limit: '64kb' } },
          onBeforeCall(ctx: Context<unknown, { commandId?: string }>, _route: unknown, req: Req) {
            const commandId = (req.$params as { commandId?: unknown } | undefined)?.commandId;
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
            const status = req.$alias && statusOf.get(`${req.$alias.method} ${req.$alias.fullPath}`);
            if (status) ctx.meta.$statusCode = status;
            // A created resource says where it lives.
            const id = (data as { id?: unknown } | null)?.id;
            if (status === 201 && typeof id === 'string') ctx.meta.$location = `${req.$alias!.fullPath}/${id}`;
            return data;
          },
        },
        {
          path: '/metrics',
          authorization: false,
          mappingPolicy: 'restrict',
          aliases: { 'GET /': 'gateway.metrics' },
        },
      ],
      assets: { folder: path.resolve(options.screensDir) },
      onError(req: Req, res: ServerResponse, error: unknown) {
        const { status, body } = toHttpError(error);
        if (status >= 500) logger.error({ err: error, path: req.url }, 'request failed');
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.writeHead(status);
        res.end(JSON.stringify(body));
      },
    },
    methods: {
      /** Every /api route but the public ones needs a valid token; an action may name the roles it allows. */
      authorize(ctx: Context<unknown, { user?: unknown }>, _route: unknown, req: Req) {
        if (req.$alias && isPublic.has(`${req.$alias.method} ${req.$alias.fullPath}`)) return;
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
    },
    actions: {
      /** A node that just found this gateway (again): what it broadcast before then never reached these screens. */
      resync: {
        visibility: 'public',
        params: { reason: { type: 'string', max: 200 } },
        handler(ctx: Context<{ reason: string }>) {
          resyncSoon(ctx.params.reason);
        },
      },
      /** This node's reach, and every node of the cluster with its services and its own reach. */
      health: {
        async handler(ctx: Context<unknown, { $statusCode?: number }>) {
          const self = await checkNode(this.broker, deps.sequelize, deps.redis);
          const nodes = (this.broker.registry as unknown as { getNodeList(o: object): unknown }).getNodeList({
            onlyAvailable: true,
            withServices: true,
          }) as unknown as {
            id: string;
            services: { name: string }[];
          }[];
          const reach = await Promise.all(
            nodes.map((n) =>
              n.id === this.broker.nodeID
                ? self
                : (ctx.call('node-health.check', {}, { nodeID: n.id, timeout: 2000 }) as Promise<NodeHealth>).catch(() => ({
                    nodeID: n.id,
                    problems: ['not answering'],
                  })),
            ),
          );
          if (self.problems.length > 0) ctx.meta.$statusCode = 503;
          return {
            status: self.problems.length === 0 ? 'ok' : 'degraded',
            nodeID: this.broker.nodeID,
            // The kind of transporter, never its URL: that may hold credentials.
            transporter: options.transporter ? new URL(options.transporter).protocol.replace(':', '') : 'none',
            db: self.problems.some((p) => p.startsWith('Postgres')) ? 'unreachable' : 'ok',
            redis: deps.redis ? (self.problems.some((p) => p.startsWith('Redis')) ? 'unreachable' : 'ok') : 'none',
            problems: self.problems,
            nodes: nodes.map((n, i) => ({
              id: n.id,
              services: n.services.map((s) => s.name).filter((name) => !name.startsWith('$') && name !== 'node-health'),
              problems: reach[i]!.problems,
            })),
          };
        },
      },
      settings: {
        handler() {
          const { currency, locale, ackTimeoutSeconds } = deps.settings;
          return { currency, locale, ackTimeoutSeconds, serverTime: deps.clock().toISOString() };
        },
      },
      openapi: {
        handler() {
          const actions = this.broker.registry.getActionList({ withActions: true } as never) as unknown as {
            name: string;
            action?: { params?: Record<string, string | Record<string, unknown>> };
          }[];
          const byName = new Map(actions.map((a) => [a.name, a.action?.params]));
          return openApiDocument(ROUTES, (name) => byName.get(name));
        },
      },
      metrics: {
        async handler(ctx: Context<unknown, { $responseType?: string }>) {
          ctx.meta.$responseType = metrics.registry.contentType;
          return metrics.registry.metrics();
        },
      },
    },
    events: {
      [BUS_EVENTS.orderUpdated](ctx: Broadcast<OrderView>) {
        const { view, commandId } = ctx.params;
        push([TOPICS.order(view.id), TOPICS.terminal(view.terminalId), TOPICS.orders], SOCKET_EVENTS.order, view);
        logger.debug({ commandId, actorId: view.id, version: view.version }, 'order pushed to sockets');
      },
      [BUS_EVENTS.ticketUpdated](ctx: Broadcast<TicketView>) {
        const { view, commandId, event } = ctx.params;
        push([TOPICS.station(view.stationId)], SOCKET_EVENTS.ticket, view);
        if (event === 'FIRE_TICKET') metrics.sendToSocket.observe((deps.clock().getTime() - Date.parse(view.firedAt)) / 1000);
        logger.debug(
          { commandId, actorId: view.stationId, ticketId: view.id, version: view.version },
          'ticket pushed to sockets',
        );
      },
      [BUS_EVENTS.terminalUpdated](ctx: Broadcast<TerminalView>) {
        const { view } = ctx.params;
        push([TOPICS.terminals, TOPICS.terminal(view.id)], SOCKET_EVENTS.terminal, view);
      },
      [BUS_EVENTS.menuChanged](ctx: Broadcast<ProductView>) {
        push([TOPICS.menu], SOCKET_EVENTS.menu, ctx.params.view);
      },
    },
    started() {
      // No connection-state recovery: it buffers every packet for every room; screens re-fetch on reconnect instead.
      io = new Server(this.server, { serveClient: false });
      io.use((socket, next) => {
        const claims = tokens.verify((socket.handshake.auth as { token?: unknown }).token);
        if (!claims) {
          const refusal = new Error('UNAUTHORIZED') as Error & { data: unknown };
          refusal.data = {
            type: 'UNAUTHORIZED',
            message: 'The token is missing, invalid or expired: log in again with your PIN.',
          };
          return next(refusal);
        }
        socket.data.user = claims;
        next();
      });
      const broker = this.broker;
      io.on('connection', (socket) => onSocket(socket, broker));
      // Messages published while our NATS connection was down never reach us (NATS keeps none): after it comes
      // back, screens re-fetch. nats v2 reconnects by itself without telling Moleculer, so listen to it directly.
      const nats = (broker.transit as unknown as { tx?: { client?: { status?(): AsyncIterable<{ type: string }> } } })?.tx
        ?.client;
      if (nats?.status)
        void (async () => {
          for await (const status of nats.status!()) if (status.type === 'reconnect') resyncSoon('NATS reconnected');
        })();
    },
    async stopped() {
      if (resyncTimer) clearTimeout(resyncTimer);
      await new Promise<void>((resolve) => (io ? io.close(() => resolve()) : resolve()));
    },
  };
}
