import os from 'node:os';
import type { BrokerOptions } from 'moleculer';
import { parseAcquirers, type AcquirerEndpoint } from './shared/payments/acquirer-client.js';

/** Everything a node can be told, from the environment. The README's configuration table lists the same. */
export interface ComandaConfig {
  port: number;
  dataDir: string;
  databaseUrl: string | null;
  /** Postgres connections this node may hold; a cluster's nodes together must stay under the server's limit. */
  dbPoolMax: number;
  transporter: string | null;
  /** A system-account user on the transporter's nats-server: with it, a peer is dropped the moment its connection closes. */
  natsSystemUrl: string | null;
  redisUrl: string | null;
  /** Prefix of every Redis key and of the cache, so several restaurants (or test runs) can share one Redis. */
  redisPrefix: string;
  nodeId: string;
  /** Services this node runs; null: all of them. */
  services: string[] | null;
  jwtSecret: string | null;
  logLevel: string;
  screensDir: string;
  currency: string;
  locale: string;
  ackTimeoutSeconds: number;
  /** The service charge on orders with a table: this percent of the subtotal less discounts. */
  serviceChargePercent: number;
  payoutLimitCents: number;
  /** A refund over this needs a manager's approval. */
  refundLimitCents: number;
  drawerMaxCents: number;
  /** Card acquirers, primary first; null: none named (the demo's simulated ones). */
  acquirers: AcquirerEndpoint[] | null;
  /** How long one call to an acquirer may take before its outcome counts as unknown. */
  acquirerTimeoutMs: number;
  /** The secret the PSP signs PIX webhooks with; null: none (the demo's simulated PSP). */
  pixWebhookSecret: string | null;
  /** The restaurant's Pix key, and the name and city its BR Codes show the payer. */
  pix: { key: string; merchantName: string; merchantCity: string };
  /** Origins besides the node's own whose pages may call the API and open sockets. */
  allowedOrigins: string[];
  /** How many writes a token or a source address, and how many logins an address, may make per window. */
  rateLimit: RateLimits;
  /** Helmet's security headers on every answer; off only to measure what they cost. */
  securityHeaders: boolean;
  /** Write the demo restaurant into an empty database: by default only with the embedded one. */
  demoData: boolean;
  /** Open POS and MANAGER sessions one user may hold; a newer login ends the oldest. */
  maxSessionsPerUser: number;
  /** A POS or MANAGER session with no request for this long ends. */
  idleLockMinutes: number;
  /** A terminal goes offline this long after its last socket left, so a blink does not flap it. */
  terminalGraceSeconds: number;
  /** A printer unusable this long with jobs waiting moves them to its backup printer. */
  printerFailoverSeconds: number;
  /** A cash drawer its printer senses open this long raises an alert on the manager's screen. */
  drawerLeftOpenSeconds: number;
  /** The name at the head of every receipt and report. */
  restaurantName: string;
}

/** 0 turns a limit off. */
export interface RateLimits {
  windowSeconds: number;
  writesPerToken: number;
  writesPerAddress: number;
  loginsPerAddress: number;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ComandaConfig {
  return {
    port: Number(env.PORT ?? 3000),
    dataDir: env.DATA_DIR ?? './data',
    databaseUrl: env.DATABASE_URL || null,
    dbPoolMax: Number(env.DB_POOL_MAX ?? 20),
    transporter: env.TRANSPORTER || null,
    natsSystemUrl: env.NATS_SYSTEM_URL || null,
    redisUrl: env.REDIS_URL || null,
    redisPrefix: env.REDIS_PREFIX || 'comanda',
    nodeId: env.NODE_ID || `${os.hostname()}-${process.pid}`,
    services: env.SERVICES
      ? env.SERVICES.split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : null,
    jwtSecret: env.JWT_SECRET || null,
    logLevel: env.LOG_LEVEL ?? 'info',
    screensDir: env.SCREENS_DIR ?? 'terminals/dist',
    currency: env.CURRENCY ?? 'BRL',
    locale: env.LOCALE ?? 'pt-BR',
    ackTimeoutSeconds: Number(env.ACK_TIMEOUT_SECONDS ?? 5),
    serviceChargePercent: Number(env.SERVICE_CHARGE_PERCENT ?? 10),
    payoutLimitCents: Number(env.PAYOUT_LIMIT_CENTS ?? 20000),
    refundLimitCents: Number(env.REFUND_LIMIT_CENTS ?? 10000),
    drawerMaxCents: Number(env.DRAWER_MAX_CENTS ?? 500000),
    acquirers: env.ACQUIRERS ? parseAcquirers(env.ACQUIRERS) : null,
    acquirerTimeoutMs: Number(env.ACQUIRER_TIMEOUT_MS ?? 3000),
    pixWebhookSecret: env.PIX_WEBHOOK_SECRET || null,
    pix: {
      key: env.PIX_KEY || 'pix@comanda.example',
      merchantName: env.PIX_MERCHANT_NAME || 'Comanda',
      merchantCity: env.PIX_MERCHANT_CITY || 'Sao Paulo',
    },
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    rateLimit: {
      windowSeconds: Number(env.RATE_LIMIT_WINDOW_SECONDS ?? 10),
      writesPerToken: Number(env.RATE_LIMIT_WRITES_PER_TOKEN ?? 300),
      writesPerAddress: Number(env.RATE_LIMIT_WRITES_PER_ADDRESS ?? 1000),
      loginsPerAddress: Number(env.RATE_LIMIT_LOGINS_PER_ADDRESS ?? 30),
    },
    securityHeaders: env.SECURITY_HEADERS !== 'off',
    demoData: env.DEMO_DATA ? env.DEMO_DATA === 'true' : !env.DATABASE_URL,
    maxSessionsPerUser: Number(env.MAX_SESSIONS_PER_USER ?? 3),
    idleLockMinutes: Number(env.IDLE_LOCK_MINUTES ?? 15),
    terminalGraceSeconds: Number(env.TERMINAL_GRACE_SECONDS ?? 10),
    printerFailoverSeconds: Number(env.PRINTER_FAILOVER_SECONDS ?? 15),
    drawerLeftOpenSeconds: Number(env.DRAWER_LEFT_OPEN_SECONDS ?? 60),
    restaurantName: env.RESTAURANT_NAME || 'Comanda',
  };
}

/** One broker configuration for every node: embedded (no transporter) or part of a cluster. */
export function brokerOptions(config: ComandaConfig): BrokerOptions {
  return {
    namespace: 'comanda',
    nodeID: config.nodeId,
    // A NATS connection is named after its node: the server's disconnect advisories say which peer died (peer-watch.ts).
    transporter: config.transporter?.startsWith('nats://')
      ? { type: 'NATS', options: { url: config.transporter, name: config.nodeId } }
      : (config.transporter ?? undefined),
    cacher: config.redisUrl
      ? { type: 'Redis', options: { redis: config.redisUrl, prefix: `${config.redisPrefix}-cache` } }
      : 'Memory',
    logger: { type: 'Pino', options: { level: config.logLevel, pino: { options: { base: { nodeID: config.nodeId } } } } },
    // Actor commands are routed by Shard on each action; nothing may bypass it for a local copy.
    registry: { strategy: 'RoundRobin', preferLocal: false },
    // A dead node's actors should move in seconds, not the default minute.
    heartbeatInterval: 1,
    heartbeatTimeout: 3,
    requestTimeout: 10_000,
    validator: true,
  };
}
