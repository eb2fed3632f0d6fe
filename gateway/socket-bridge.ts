import type { Server as HttpServer } from 'node:http';
import type { ServiceBroker } from 'moleculer';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import { SOCKET_EVENTS } from '../shared/contract/index.js';
import type { RuntimeDeps } from '../shared/runtime/deps.js';
import type { TokenClaims, TokenSigner } from './tokens.js';

const TOPIC = /^(station:[a-z0-9-]{1,40}|order:[0-9a-f-]{36}|terminal:[a-z0-9-]{1,40}|terminals|orders|menu)$/;
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
    const ack = args.length > 1 && typeof last === 'function' ? (last as (answer: Answer) => void) : null;
    const fault = (error: unknown): Answer => {
      log.error({ err: error, event, socket: socket.id }, 'socket message failed');
      return refuse('INTERNAL', 'Something went wrong on our side with that message.');
    };
    let answer: Promise<Answer>;
    try {
      answer = Promise.resolve(handler(args[0])).catch(fault);
    } catch (error) {
      answer = Promise.resolve(fault(error));
    }
    void answer.then((a) => ack?.(a));
  });
}

/** The Socket.IO side of the gateway: who may connect, what each message does, and pushing views to rooms. */
export function socketBridge({ metrics, logger }: RuntimeDeps, tokens: TokenSigner) {
  let io: Server | null = null;
  const socketsOf = new Map<string, number>();
  const reporting = new Map<string, Promise<unknown>>();
  let resyncTimer: NodeJS.Timeout | null = null;

  function onSocket(socket: Socket, broker: ServiceBroker) {
    const user = socket.data.user as TokenClaims;
    const { terminalId } = user;
    metrics.socketClients.inc();
    listen(
      socket,
      SOCKET_EVENTS.subscribe,
      (payload) => {
        const topic = (payload as { topic?: unknown } | null)?.topic;
        if (typeof topic !== 'string' || !TOPIC.test(topic)) {
          return refuse('BAD_REQUEST', 'Topics are station:<id>, order:<id>, terminal:<id>, terminals, orders or menu.');
        }
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
          .call('terminals.presence', { terminalId, gatewayId: broker.nodeID, sockets, userId: user.sub })
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
      const left = (socketsOf.get(terminalId) ?? 1) - 1;
      if (left > 0) socketsOf.set(terminalId, left);
      else socketsOf.delete(terminalId);
      void presence(left);
    });
  }

  return {
    attach(server: HttpServer, broker: ServiceBroker, allowRequest?: ServerOptions['allowRequest']) {
      // No connection-state recovery: it buffers every packet for every room; screens re-fetch on reconnect instead.
      io = new Server(server, { serveClient: false, maxHttpBufferSize: 16 * 1024, allowRequest });
      io.use((socket, next) => {
        const refusal = (message: string) =>
          Object.assign(new Error('UNAUTHORIZED'), { data: { type: 'UNAUTHORIZED', message } });
        const auth = (socket.handshake.auth ?? {}) as { token?: unknown; terminalId?: unknown };
        const claims = tokens.verify(auth.token);
        if (!claims) return next(refusal('The token is missing, invalid or expired: log in again with your PIN.'));
        // The socket's terminal is the one the token was issued on: a screen cannot pass for another.
        if (auth.terminalId !== undefined && auth.terminalId !== claims.terminalId) {
          return next(refusal(`This token was issued on ${claims.terminalId}: log in on this terminal with your PIN.`));
        }
        socket.data.user = claims;
        next();
      });
      io.on('connection', (socket) => onSocket(socket, broker));
    },

    /** Emits to the rooms that have a socket here: Socket.IO encodes the whole view even for rooms nobody is in. */
    push(rooms: string[], event: string, payload: unknown) {
      if (io && rooms.some((room) => io!.sockets.adapter.rooms.has(room))) io.to(rooms).emit(event, payload);
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
      await new Promise<void>((resolve) => (io ? io.close(() => resolve()) : resolve()));
    },
  };
}

export type SocketBridge = ReturnType<typeof socketBridge>;
