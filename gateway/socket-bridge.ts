import type { Server as HttpServer } from 'node:http';
import type { ServiceBroker } from 'moleculer';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import { SOCKET_EVENTS } from '../shared/contract/index.js';
import type { RuntimeDeps } from '../shared/runtime/deps.js';
import type { Follower, Topic } from '../shared/runtime/registry.js';
import { ackRefusal, subscribeRefusal, topicOf } from './access.js';
import type { SessionCache } from './sessions.js';
import type { TokenClaims, TokenSigner } from './tokens.js';

/** How often a gateway reads again the sessions of its sockets: the bound on a missed `session.ended`. */
const RECHECK_MS = 30_000;
/** A screen shows a handful of topics; a socket asking for more is not a screen. */
export const MAX_TOPICS_PER_SOCKET = 64;

type Answer = { ok: true } | { ok: false; error: { type: string; message: string } };
const refuse = (type: string, message: string): Answer => ({ ok: false, error: { type, message } });

/**
 * Listens to one client message. Whatever the client sends, the handler's answer goes back through the
 * acknowledgement when the client gave a function, and never otherwise; nothing it throws leaves the
 * listener (Socket.IO calls listeners inside the connection's own callback, where a throw ends the process).
 */
function listen(
  socket: Socket,
  event: string,
  handler: (payload: unknown) => Answer | Promise<Answer>,
  log: RuntimeDeps['logger'],
) {
  socket.on(event, (...args: unknown[]) => {
    const last = args.at(-1);
    // Only the client's acknowledgement arrives as a function; a message may carry it alone, with no payload.
    const ack = typeof last === 'function' ? (last as (answer: Answer) => void) : null;
    const payload = ack && args.length === 1 ? undefined : args[0];
    const fault = (error: unknown): Answer => {
      log.error({ err: error, event, socket: socket.id }, 'socket message failed');
      return refuse('INTERNAL', 'Something went wrong on our side with that message.');
    };
    let answer: Promise<Answer>;
    try {
      answer = Promise.resolve(handler(payload)).catch(fault);
    } catch (error) {
      answer = Promise.resolve(fault(error));
    }
    void answer.then((a) => ack?.(a));
  });
}

/** The Socket.IO side of the gateway: who may connect, what each message does, and pushing views to rooms. */
export function socketBridge(
  { metrics, logger }: RuntimeDeps,
  tokens: TokenSigner,
  sessions: SessionCache,
  /** The topics screens may follow: the gateway's and every kind's. */
  topics: readonly Topic[],
) {
  const names = topics.map((t) => (t.id ? `${t.family}:<id>` : t.family)).join(', ');
  let io: Server | null = null;
  const socketsOf = new Map<string, number>();
  /** The sockets of each session, to drop them when it ends. */
  const socketsOfSession = new Map<string, Set<Socket>>();
  let recheck: NodeJS.Timeout | null = null;
  const reporting = new Map<string, Promise<unknown>>();
  let resyncTimer: NodeJS.Timeout | null = null;

  function onSocket(socket: Socket, broker: ServiceBroker) {
    const { terminalId, sid } = socket.data.user as TokenClaims;
    metrics.socketClients.inc();
    const mine = socketsOfSession.get(sid) ?? new Set<Socket>();
    socketsOfSession.set(sid, mine.add(socket));
    /** The socket's session if it is still open; else the socket is dropped. */
    const session = async () => {
      const open = await sessions.open(sid, false);
      if (!open) socket.disconnect(true);
      return open;
    };
    const ended = refuse('SESSION_ENDED', 'This session ended: log in again with your PIN.');
    listen(
      socket,
      SOCKET_EVENTS.subscribe,
      async (payload) => {
        const asked = (payload as { topic?: unknown } | null)?.topic;
        const topic = typeof asked === 'string' && asked.length <= 100 ? asked : '';
        const known = topicOf(topics, topic);
        if (!known) return refuse('BAD_REQUEST', `Topics are ${names}.`);
        const open = await session();
        if (!open) return ended;
        const refusal = subscribeRefusal(open, topic, known);
        if (refusal) return refuse('FORBIDDEN', refusal);
        // socket.rooms holds the socket's own id too.
        if (!socket.rooms.has(topic) && socket.rooms.size > MAX_TOPICS_PER_SOCKET) {
          return refuse(
            'BAD_REQUEST',
            `A screen may follow at most ${MAX_TOPICS_PER_SOCKET} topics: unsubscribe from some first.`,
          );
        }
        void socket.join(topic);
        return { ok: true };
      },
      logger,
    );
    listen(
      socket,
      SOCKET_EVENTS.unsubscribe,
      (payload) => {
        const topic = (payload as { topic?: unknown } | null)?.topic;
        if (typeof topic !== 'string' || topic === socket.id) return refuse('BAD_REQUEST', 'An unsubscribe names { topic }.');
        void socket.leave(topic);
        return { ok: true };
      },
      logger,
    );
    listen(
      socket,
      SOCKET_EVENTS.ack,
      async (payload) => {
        const { stationId, ticketId } = (payload ?? {}) as { stationId?: unknown; ticketId?: unknown };
        if (typeof stationId !== 'string' || typeof ticketId !== 'string' || stationId.length > 40 || ticketId.length > 120) {
          return refuse('BAD_REQUEST', 'An ack names { stationId, ticketId } of a ticket this screen drew.');
        }
        // Only a screen that serves the station acks there, so a ticket's acks are at most one per such screen.
        const open = await session();
        if (!open) return ended;
        const refusal = ackRefusal(open, stationId);
        if (refusal) return refuse('FORBIDDEN', refusal);
        // One ack per screen and ticket, however often the screen redraws it.
        return broker.call('stations.ack', { stationId, ticketId, terminalId, commandId: `ack:${ticketId}:${terminalId}` }).then(
          (): Answer => ({ ok: true }),
          (error: { type?: string; message?: string }) => refuse(error.type ?? 'INTERNAL', error.message ?? 'The ack failed.'),
        );
      },
      logger,
    );
    // One terminal's counts are reported in the order they changed.
    const presence = (sockets: number) => {
      const report = (reporting.get(terminalId) ?? Promise.resolve()).then(() =>
        broker
          .call('terminals.presence', { terminalId, gatewayId: broker.nodeID, sockets })
          .catch((error: unknown) => logger.warn({ err: error, terminalId }, 'could not record terminal presence')),
      );
      reporting.set(terminalId, report);
      return report;
    };
    const count = (socketsOf.get(terminalId) ?? 0) + 1;
    socketsOf.set(terminalId, count);
    void presence(count);
    socket.on('disconnect', () => {
      metrics.socketClients.dec();
      mine.delete(socket);
      if (mine.size === 0 && socketsOfSession.get(sid) === mine) socketsOfSession.delete(sid);
      const left = (socketsOf.get(terminalId) ?? 1) - 1;
      if (left > 0) socketsOf.set(terminalId, left);
      else socketsOf.delete(terminalId);
      void presence(left);
    });
  }

  /** Reads the sessions of this gateway's sockets again: a broadcast may have been missed, a session gone idle. */
  async function recheckSessions() {
    for (const [id, sockets] of socketsOfSession) {
      const open = await sessions.open(id, false).catch((error: unknown) => {
        logger.warn({ err: error }, 'could not check the session of a socket');
        return true;
      });
      if (!open) for (const socket of sockets) socket.disconnect(true);
    }
  }

  return {
    attach(server: HttpServer, broker: ServiceBroker, allowRequest?: ServerOptions['allowRequest']) {
      // No connection-state recovery: it buffers every packet for every room; screens re-fetch on reconnect instead.
      // WebSocket only: every screen speaks it, and long-polling answers would be HTTP answers outside helmet's.
      io = new Server(server, { serveClient: false, transports: ['websocket'], maxHttpBufferSize: 16 * 1024, allowRequest });
      io.use((socket, next) => {
        const refusal = (message: string, type = 'UNAUTHORIZED') => Object.assign(new Error(type), { data: { type, message } });
        const auth = (socket.handshake.auth ?? {}) as { token?: unknown; terminalId?: unknown };
        const claims = tokens.verify(auth.token);
        if (!claims) return next(refusal('The token is missing, invalid or expired: log in again with your PIN.'));
        // The socket's terminal is the one the token was issued on: a screen cannot pass for another.
        if (auth.terminalId !== undefined && auth.terminalId !== claims.terminalId) {
          return next(refusal(`This token was issued on ${claims.terminalId}: log in on this terminal with your PIN.`));
        }
        socket.data.user = claims;
        sessions.open(claims.sid, true).then(
          (session) => next(session ? undefined : refusal('This session ended: log in again with your PIN.', 'SESSION_ENDED')),
          (error: unknown) => {
            logger.warn({ err: error }, 'could not check a socket handshake');
            next(refusal('The session cannot be checked right now: try again in a moment.', 'UNAVAILABLE'));
          },
        );
      });
      io.on('connection', (socket) => onSocket(socket, broker));
      recheck = setInterval(() => void recheckSessions(), RECHECK_MS);
    },

    /** Drops the sockets of sessions that ended (the `session.ended` broadcast). */
    endSessions(ids: string[]) {
      for (const id of ids) for (const socket of socketsOfSession.get(id) ?? []) socket.disconnect(true);
    },

    /** Emits to the rooms that have a socket here: Socket.IO encodes the whole view even for rooms nobody is in. */
    push(rooms: string[], event: string, payload: unknown, seenBy?: (follower: Follower, view: never) => unknown) {
      if (!io || !rooms.some((room) => io!.sockets.adapter.rooms.has(room))) return;
      if (!seenBy) return void io.to(rooms).emit(event, payload);
      // Each follower gets what it may see: one emit per socket, for the few messages that differ between them.
      const ids = new Set(rooms.flatMap((room) => [...(io!.sockets.adapter.rooms.get(room) ?? [])]));
      for (const id of ids) {
        const socket = io.sockets.sockets.get(id);
        const seen = socket && seenBy(socket.data.user as TokenClaims, payload as never);
        if (seen) socket.emit(event, seen);
      }
    },

    /** Tells every screen here to re-fetch; when the cluster reforms several nodes ask at once, so once after the last. */
    resyncSoon(reason: string) {
      logger.info({ reason }, 'screens will re-fetch');
      if (resyncTimer) clearTimeout(resyncTimer);
      resyncTimer = setTimeout(() => {
        resyncTimer = null;
        io?.emit(SOCKET_EVENTS.resync, { reason });
      }, 250);
    },

    async close() {
      if (resyncTimer) clearTimeout(resyncTimer);
      if (recheck) clearInterval(recheck);
      await new Promise<void>((resolve) => (io ? io.close(() => resolve()) : resolve()));
    },
  };
}

export type SocketBridge = ReturnType<typeof socketBridge>;
