import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Redis } from 'ioredis';
import { ServiceBroker, type ServiceSchema } from 'moleculer';
import pino, { type Logger } from 'pino';
import { KINDS } from './actors/index.js';
import { DEMO_MENU } from './actors/menu/menu.data.js';
import { authService } from './gateway/auth.service.js';
import { gatewayService } from './gateway/gateway.service.js';
import { GATEWAY_TOPICS } from './gateway/access.js';
import { allRoutes } from './gateway/routes.js';
import { Sessions } from './gateway/sessions.js';
import { tokenSigner } from './gateway/tokens.js';
import { brokerOptions, type ComandaConfig } from './moleculer.config.js';
import { EventStore } from './shared/db/event-store.js';
import { migrate } from './shared/db/migrate.js';
import { seedDemoData } from './shared/db/seed.js';
import { connect, defineModels } from './shared/db/models.js';
import { createMetrics } from './shared/metrics.js';
import type { RuntimeDeps } from './shared/runtime/deps.js';
import { UnavailableError } from './shared/runtime/errors.js';
import { nodeHealthService, transporterLost } from './shared/runtime/node-health.js';
import { Outbox } from './shared/runtime/outbox.js';
import { watchPeers } from './shared/runtime/peer-watch.js';
import { AuditChain } from './shared/runtime/audit-chain.js';
import { Projector } from './shared/runtime/projector.js';
import { actorKindsOf, fanOutsOf, projectionsOf, topicsOf } from './shared/runtime/registry.js';
import { upgradeLog } from './shared/runtime/upgrade-log.js';
import { AcquirerClient } from './shared/payments/acquirer-client.js';
import type { PaymentPorts } from './shared/runtime/deps.js';
import { startAcquirer } from './simulators/acquirer/acquirer.js';
import { startPixPsp } from './simulators/pix-psp/pix-psp.js';

export interface RunningNode {
  broker: ServiceBroker;
  deps: RuntimeDeps;
  stop: () => Promise<void>;
}

/** The token secret: JWT_SECRET, or one made on first start and kept in the data folder. */
async function jwtSecret(config: ComandaConfig): Promise<string> {
  if (config.jwtSecret) return config.jwtSecret;
  const file = path.resolve(config.dataDir, 'jwt-secret');
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing) return existing.trim();
  const secret = randomBytes(32).toString('base64url');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, secret, { mode: 0o600, flag: 'wx' }).catch(async () => undefined);
  return (await readFile(file, 'utf8')).trim();
}

/**
 * The acquirers and the PIX PSP. With no ACQUIRERS, two simulated acquirers run in this process (the demo), and with
 * no PIX_WEBHOOK_SECRET a simulated PSP pays each PIX after 3 s, signing its webhook with a secret of this process.
 */
async function paymentPorts(config: ComandaConfig, logger: Logger): Promise<{ ports: PaymentPorts; stop: () => Promise<void> }> {
  const simulated = config.acquirers
    ? []
    : await Promise.all(['main', 'backup'].map((name) => startAcquirer({ port: 0, name, logger })));
  const acquirers = config.acquirers ?? simulated.map(({ name, url }) => ({ name, url }));
  const secret = config.pixWebhookSecret ?? randomBytes(32).toString('hex');
  const psp = config.pixWebhookSecret
    ? null
    : startPixPsp({ webhookUrl: `http://127.0.0.1:${config.port}/api/webhooks/pix`, secret, logger });
  if (simulated.length > 0 || psp)
    logger.info({ acquirers, pix: psp ? 'simulated' : 'PSP' }, 'payments are simulated (the demo)');
  return {
    ports: {
      acquirers: new AcquirerClient({ acquirers, timeoutMs: config.acquirerTimeoutMs, logger }),
      pix: { key: config.pix.key, merchantName: config.pix.merchantName, merchantCity: config.pix.merchantCity },
      pixWebhookSecret: secret,
      // A real PSP needs no word from us: the BR Code carries the charge, and the PSP calls back once it is paid.
      pixCharged: (charge) => void psp?.confirm(charge),
    },
    async stop() {
      psp?.close();
      await Promise.all(simulated.map((a) => a.close()));
    },
  };
}

/** Starts one node: connects to Postgres, migrates, and runs the services this node is told to. */
export async function startNode(
  config: ComandaConfig & { databaseUrl: string },
  logger: Logger = pino({ level: config.logLevel }),
): Promise<RunningNode> {
  const sequelize = connect(config.databaseUrl, config.dbPoolMax);
  await migrate(sequelize, logger);
  if (config.demoData && (await seedDemoData(sequelize, DEMO_MENU))) logger.info('demo restaurant written (demo PINs)');
  const broker = new ServiceBroker(brokerOptions(config));
  // Fail fast while Redis is down instead of queueing commands: callers fall back or report it.
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false }) : null;
  redis?.on('error', (error) => logger.warn({ err: error }, 'Redis connection error'));
  // Without an offline queue a command fails at once until Redis is connected: serve once it is (or give up
  // waiting after a few seconds; health then says Redis cannot be reached).
  if (redis && redis.status !== 'ready') {
    const ready = await Promise.race([
      new Promise<boolean>((resolve) => redis.once('ready', () => resolve(true))),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000).unref()),
    ]);
    if (!ready) logger.warn('Redis is not reachable yet: starting without it; what needs it answers 503 until it is');
  }
  const store = new EventStore(sequelize);
  await upgradeLog(sequelize, store, actorKindsOf(KINDS), logger);
  const projector = new Projector(sequelize, store, projectionsOf(KINDS), logger);
  const audit = new AuditChain(sequelize, logger, actorKindsOf(KINDS));
  const outbox = new Outbox(
    sequelize,
    async (entry) => {
      if (entry.kind === 'call') return void (await broker.call(entry.name, entry.payload));
      // A broadcast "sent" while the transporter is down reaches no other node: keep it for the relay.
      if (transporterLost(broker)) throw new UnavailableError('The transporter is disconnected.');
      await broker.broadcast(entry.name, { ...(entry.payload as object), view: entry.view?.data });
    },
    logger,
  );
  const payments = await paymentPorts(config, logger);
  const deps: RuntimeDeps = {
    sequelize,
    models: defineModels(sequelize),
    store,
    outbox,
    projector,
    audit,
    metrics: createMetrics(),
    logger: logger.child({ nodeID: config.nodeId }),
    clock: () => new Date(),
    settings: {
      currency: config.currency,
      locale: config.locale,
      ackTimeoutSeconds: config.ackTimeoutSeconds,
      serviceChargePercent: config.serviceChargePercent,
      redisPrefix: config.redisPrefix,
      demoData: config.demoData,
      payoutLimitCents: config.payoutLimitCents,
      drawerMaxCents: config.drawerMaxCents,
      terminalGraceSeconds: config.terminalGraceSeconds,
      printerFailoverSeconds: config.printerFailoverSeconds,
      refundLimitCents: config.refundLimitCents,
      drawerLeftOpenSeconds: config.drawerLeftOpenSeconds,
      restaurantName: config.restaurantName,
    },
    redis,
    payments: payments.ports,
  };
  const tokens = tokenSigner(await jwtSecret(config));
  const sessions = new Sessions(
    sequelize,
    { maxPerUser: config.maxSessionsPerUser, idleMs: config.idleLockMinutes * 60_000 },
    deps.clock,
    outbox,
  );
  const all: Record<string, () => ServiceSchema> = {
    ...Object.fromEntries(KINDS.map((kind) => [kind.name, () => kind.service(deps)])),
    auth: () => authService(deps, tokens, sessions),
    gateway: () =>
      gatewayService(deps, {
        port: config.port,
        tokens,
        screensDir: config.screensDir,
        transporter: config.transporter,
        sessions,
        fanOut: fanOutsOf(KINDS),
        routes: allRoutes(KINDS),
        topics: [...GATEWAY_TOPICS, ...topicsOf(KINDS)],
        allowedOrigins: config.allowedOrigins,
        rateLimit: config.rateLimit,
        securityHeaders: config.securityHeaders,
      }),
  };
  for (const name of config.services ?? Object.keys(all)) {
    // Own keys only: SERVICES=constructor names no service.
    const make = Object.hasOwn(all, name) ? all[name] : undefined;
    if (!make) throw new Error(`Unknown service "${name}" in SERVICES: known are ${Object.keys(all).join(', ')}.`);
    broker.createService(make());
  }
  broker.createService(nodeHealthService(sequelize, redis));
  await broker.start();
  // Without a system account, a dead peer is found by its missed heartbeats alone.
  const peers = config.natsSystemUrl && config.transporter ? await watchPeers(broker, config.natsSystemUrl, deps.logger) : null;
  outbox.start();
  projector.start();
  audit.start();
  return {
    broker,
    deps,
    async stop() {
      await outbox.stop();
      await projector.stop();
      await audit.stop();
      await peers?.stop();
      await broker.stop();
      await payments.stop();
      await sequelize.close();
      redis?.disconnect();
    },
  };
}
