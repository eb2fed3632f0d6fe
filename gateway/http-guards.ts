import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import helmet from 'helmet';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateLimits } from '../moleculer.config.js';
import { CommandError } from '../shared/runtime/errors.js';
import { sendHttpError, toHttpError } from './http-errors.js';

export interface GuardOptions {
  allowedOrigins: string[];
  rateLimit: RateLimits;
  securityHeaders: boolean;
  /** Counts shared by every gateway; null: this node's memory. */
  redis: Redis | null;
  redisPrefix: string;
}

type Next = (error?: unknown) => void;
type Middleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void;

/**
 * The screens load only their own scripts and styles and talk only to this origin (REST and Socket.IO's
 * websocket: CSP 3's 'self' covers ws: and wss: of the same host). Lit's styles are constructed style sheets,
 * which CSP does not restrict. No upgrade-insecure-requests or HSTS: a restaurant's LAN serves plain HTTP, and
 * a TLS proxy in front sets its own.
 */
const headers = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      workerSrc: ["'self'"],
      manifestSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  strictTransportSecurity: false,
  referrerPolicy: { policy: 'no-referrer' },
});

/** Whether a page of that origin may call us: its own pages (same host as the request), or one configured. */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: string[]): boolean {
  // curl, scripts and same-origin navigations send no Origin: the origin check is for browsers' cross-site calls.
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** One limit per key in a window: in Redis when the node has it (every gateway counts together), else in memory. */
function limiter(name: string, points: number, options: GuardOptions): RateLimiterAbstract | null {
  if (points <= 0) return null;
  const duration = options.rateLimit.windowSeconds;
  const memory = new RateLimiterMemory({ keyPrefix: name, points, duration });
  if (!options.redis) return memory;
  // While Redis is down each gateway counts alone rather than refusing every write.
  return new RateLimiterRedis({
    storeClient: options.redis,
    keyPrefix: `${options.redisPrefix}-rl-${name}`,
    points,
    duration,
    insuranceLimiter: memory,
  });
}

const tokenKey = (authorization: string) => createHash('sha256').update(authorization).digest('base64url').slice(0, 22);

/**
 * What every HTTP answer goes through before moleculer-web sees the request: the security headers (on the API,
 * the screens, static files and 404s alike), the origin check on /api, and the rate limits on writes and logins.
 */
export function httpGuards(options: GuardOptions) {
  const writesPerToken = limiter('token', options.rateLimit.writesPerToken, options);
  const writesPerAddress = limiter('address', options.rateLimit.writesPerAddress, options);
  const loginsPerAddress = limiter('login', options.rateLimit.loginsPerAddress, options);

  /** Consumes one point of each limit; the longest wait of those exceeded, or 0. */
  async function waitFor(req: IncomingMessage): Promise<number> {
    const address = req.socket.remoteAddress ?? 'unknown';
    const login = req.url?.startsWith('/api/auth/pin') ?? false;
    const authorization = req.headers.authorization;
    const checks: [RateLimiterAbstract | null, string][] = login
      ? [[loginsPerAddress, address]]
      : [
          [writesPerAddress, address],
          [writesPerToken, authorization ? tokenKey(authorization) : ''],
        ];
    let wait = 0;
    for (const [limit, key] of checks) {
      if (!limit || !key) continue;
      await limit.consume(key).catch((refusal: unknown) => {
        // Over the limit: a RateLimiterRes. Anything else is the store failing: let the request through.
        if (refusal instanceof RateLimiterRes) wait = Math.max(wait, refusal.msBeforeNext);
      });
    }
    return wait;
  }

  const guard = async (req: IncomingMessage, res: ServerResponse, next: Next) => {
    if (!req.url?.startsWith('/api/')) return next();
    if (!originAllowed(req.headers.origin, req.headers.host, options.allowedOrigins)) {
      return sendHttpError(
        res,
        new CommandError(
          'ORIGIN_NOT_ALLOWED',
          `Pages of ${req.headers.origin} may not call this server: add that origin to ALLOWED_ORIGINS to allow them.`,
        ),
      );
    }
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    const wait = await waitFor(req);
    if (wait === 0) return next();
    const seconds = Math.max(1, Math.ceil(wait / 1000));
    res.setHeader('Retry-After', String(seconds));
    sendHttpError(
      res,
      new CommandError(
        'RATE_LIMITED',
        `Too many requests from this terminal or address: wait ${seconds} s, then send again (with the same commandId).`,
        { retryAfterSeconds: seconds },
      ),
    );
  };

  const chain: Middleware[] = [...(options.securityHeaders ? [headers] : []), (req, res, next) => void guard(req, res, next)];
  return (req: IncomingMessage, res: ServerResponse, last: () => void) => {
    const step = (i: number) => (i === chain.length ? last() : chain[i]!(req, res, () => step(i + 1)));
    step(0);
  };
}

/** The same origin rule for Socket.IO's handshake (engine.io's allowRequest). */
export function socketOriginCheck(allowedOrigins: string[]) {
  return (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => {
    const ok = originAllowed(req.headers.origin, req.headers.host, allowedOrigins);
    callback(ok ? null : 'ORIGIN_NOT_ALLOWED', ok);
  };
}

/**
 * What Node's HTTP parser refuses before any handler sees it (headers or URL over 16 KiB, a malformed request
 * line): Node would answer an empty 400 or 431; the client gets the contract's error body instead.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex) {
  if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const { status, body } = toHttpError(
    new CommandError(
      'BAD_REQUEST',
      tooLarge
        ? "The request's URL and headers are over 16 KiB: send the data in a JSON body."
        : 'That is not an HTTP request this server can read.',
    ),
  );
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} Bad Request\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(json)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${json}`,
  );
}
