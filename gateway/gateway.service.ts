import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Context, ServiceBroker, ServiceSchema } from 'moleculer';
import ApiGateway from 'moleculer-web';
import { BUS_EVENTS, localDate, SOCKET_EVENTS, TOPICS, type AlertView } from '../shared/contract/index.js';
import type { RateLimits } from '../moleculer.config.js';
import type { RuntimeDeps } from '../shared/runtime/deps.js';
import type { FanOut, Topic } from '../shared/runtime/registry.js';
import { health } from './health.js';
import { answerClientError, httpGuards, socketOriginCheck } from './http-guards.js';
import { httpHooks } from './http-hooks.js';
import { openApiDocument } from './openapi.js';
import type { Route } from '../shared/contract/routes.js';
import { aliasesOf } from './routes.js';
import { announceEnded, SessionCache, type Sessions } from './sessions.js';
import { socketBridge } from './socket-bridge.js';
import type { TokenSigner } from './tokens.js';

export interface GatewayOptions {
  port: number;
  tokens: TokenSigner;
  /** The built screens, served at / . */
  screensDir: string;
  transporter: string | null;
  /** How each bus event reaches the screens, from the list of kinds. */
  fanOut: FanOut<unknown>[];
  /** Every HTTP route: the gateway's own and the kinds'. */
  routes: Route[];
  /** Every socket topic: the gateway's own and the kinds'. */
  topics: Topic[];
  sessions: Sessions;
  /** Origins besides our own whose pages may call us. */
  allowedOrigins: string[];
  rateLimit: RateLimits;
  securityHeaders: boolean;
}

type Broadcast<V> = Context<{ view: V; commandId?: string; event?: string }>;

/** HTTP (moleculer-web) and Socket.IO on one port: the only door screens and scripts use. */
export function gatewayService(deps: RuntimeDeps, options: GatewayOptions): ServiceSchema {
  const { metrics, logger } = deps;
  let broker: ServiceBroker | null = null;
  const sessions = new SessionCache(
    options.sessions,
    deps.clock,
    (ids) => void (broker && announceEnded(broker, ids, 'IDLE')),
    (error) => logger.warn({ err: error }, 'could not record the use of a session'),
  );
  const hooks = httpHooks(deps, options.tokens, options.routes, sessions);
  const sockets = socketBridge(deps, options.tokens, sessions, options.topics);
  /** Broadcasts sent while this gateway was cut off never reached it: read sessions again, re-fetch screens. */
  const resync = (reason: string) => {
    sessions.clear();
    sockets.resyncSoon(reason);
  };
  const guards = httpGuards({ ...options, redis: deps.redis, redisPrefix: deps.settings.redisPrefix });
  const moleculerWeb = ApiGateway.methods!.httpHandler as (req: IncomingMessage, res: ServerResponse, next?: unknown) => void;

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
          aliases: aliasesOf(options.routes),
          // The raw bytes are kept beside the parsed body (a reference, no copy): a signed webhook is checked on them.
          bodyParsers: {
            json: {
              strict: true,
              limit: '64kb',
              verify: (req: IncomingMessage & { $rawBody?: Buffer }, _res: unknown, buf: Buffer) => (req.$rawBody = buf),
            },
          },
          onBeforeCall: hooks.onBeforeCall,
          onAfterCall: hooks.onAfterCall,
        },
        {
          path: '/metrics',
          authorization: false,
          mappingPolicy: 'restrict',
          aliases: { 'GET /': 'gateway.metrics' },
        },
      ],
      assets: { folder: path.resolve(options.screensDir) },
      onError: hooks.onError,
    },
    methods: {
      authorize: hooks.authorize,
      // Every request, whatever it asks for (API, screens, static files, a 404), passes the guards first.
      httpHandler(req: IncomingMessage, res: ServerResponse, next?: unknown) {
        guards(req, res, () => moleculerWeb.call(this, req, res, next));
      },
    },
    actions: {
      /** A node that just found this gateway (again): what it broadcast before then never reached these screens. */
      resync: {
        visibility: 'public',
        params: { reason: { type: 'string', max: 200 } },
        handler(ctx: Context<{ reason: string }>) {
          resync(ctx.params.reason);
        },
      },
      /**
       * From an actor, through the outbox: an alert its fact raised, for the managers of every gateway. A redelivery
       * sends it again with the same `at`, which the manager's screen already shows.
       */
      alert: {
        visibility: 'public',
        params: { alert: 'object', commandId: 'string' },
        async handler(ctx: Context<{ alert: AlertView }>) {
          await ctx.broadcast(BUS_EVENTS.alert, { alert: ctx.params.alert });
        },
      },
      health: {
        handler(ctx: Context<unknown, { $statusCode?: number }>) {
          return health(this.broker, deps, options.transporter, ctx);
        },
      },
      settings: {
        handler() {
          const { currency, locale, ackTimeoutSeconds, payoutLimitCents, refundLimitCents } = deps.settings;
          const serverTime = deps.clock().toISOString();
          // The POS asks for a manager's PIN before a pay-out or a refund the server would refuse without one.
          return {
            currency,
            locale,
            ackTimeoutSeconds,
            serverTime,
            today: localDate(serverTime),
            payoutLimitCents,
            refundLimitCents,
          };
        },
      },
      openapi: {
        handler() {
          const actions = this.broker.registry.getActionList({ withActions: true } as never) as unknown as {
            name: string;
            action?: { params?: Record<string, string | Record<string, unknown>> };
          }[];
          const byName = new Map(actions.map((a) => [a.name, a.action?.params]));
          return openApiDocument(options.routes, (name) => byName.get(name));
        },
      },
      metrics: {
        async handler(ctx: Context<unknown, { $responseType?: string }>) {
          ctx.meta.$responseType = metrics.registry.contentType;
          return metrics.registry.metrics();
        },
      },
    },
    // Every kind's views reach the rooms it names: the list of kinds (actors/index.ts) says which.
    events: {
      ...Object.fromEntries(
        options.fanOut.map((fan) => [
          fan.event,
          (ctx: Broadcast<unknown>) => {
            const { view, commandId, event } = ctx.params;
            sockets.push(fan.rooms(view), fan.socketEvent, view, fan.seenBy);
            const startedAt = fan.startedAt?.(view, event);
            if (startedAt) metrics.sendToSocket.observe((deps.clock().getTime() - Date.parse(startedAt)) / 1000);
            logger.debug({ commandId, event: fan.event }, 'pushed to sockets');
          },
        ]),
      ),
      [BUS_EVENTS.sessionEnded](ctx: Context<{ ids: string[] }>) {
        sessions.ended(ctx.params.ids);
        sockets.endSessions(ctx.params.ids);
      },
      [BUS_EVENTS.alert](ctx: Context<{ alert: AlertView }>) {
        sockets.push([TOPICS.alerts], SOCKET_EVENTS.alert, ctx.params.alert);
      },
    },
    started() {
      broker = this.broker;
      sockets.attach(this.server, broker, socketOriginCheck(options.allowedOrigins));
      (this.server as HttpServer).on('clientError', answerClientError);
      // Messages published while our NATS connection was down never reach us (NATS keeps none): after it comes
      // back, screens re-fetch. nats v2 reconnects by itself without telling Moleculer, so listen to it directly.
      const nats = (broker.transit as unknown as { tx?: { client?: { status?(): AsyncIterable<{ type: string }> } } })?.tx
        ?.client;
      if (nats?.status)
        void (async () => {
          for await (const status of nats.status!()) if (status.type === 'reconnect') resync('NATS reconnected');
        })();
    },
    stopped() {
      return sockets.close();
    },
  };
}
