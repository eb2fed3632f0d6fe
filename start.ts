import pino from 'pino';
import type { RunningNode } from './app.js';
import { configFromEnv } from './moleculer.config.js';
import { startEmbeddedPostgres } from './shared/db/embedded.js';

/** `npm start` and `npm run node`: one node from the environment; without DATABASE_URL, with an embedded Postgres. */
const config = configFromEnv();
const logger = pino({ level: config.logLevel, base: { nodeID: config.nodeId } });

let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | null = null;
let node: RunningNode | null = null;
let stopping = false;

async function shutdown(reason: string, exitCode: number) {
  if (stopping) return;
  stopping = true;
  logger.info({ reason }, 'stopping');
  // After a fault the broker may never finish stopping: Postgres is stopped and the process exits regardless.
  const stopNode = node?.stop().catch((error: unknown) => logger.error({ err: error }, 'stopping the node failed'));
  await Promise.race([stopNode, new Promise((resolve) => setTimeout(resolve, exitCode === 0 ? 30_000 : 5_000).unref())]);
  await embedded?.stop().catch((error: unknown) => logger.error({ err: error }, 'stopping Postgres failed'));
  process.exit(exitCode);
}
process.on('SIGINT', () => void shutdown('SIGINT', 0));
process.on('SIGTERM', () => void shutdown('SIGTERM', 0));

/**
 * A fault nothing caught leaves the process in a state nobody knows: say that it stops and why, stop the embedded
 * Postgres, and exit non-zero so that a supervisor (docker compose's `restart: unless-stopped`, systemd) starts it again.
 */
function crashed(what: string, cause: unknown) {
  const why = cause instanceof Error ? cause.message : String(cause);
  logger.fatal({ err: cause }, `Comanda stopped because of an ${what}: ${why}. It exits with code 1, to be restarted.`);
  void shutdown(what, 1);
}
process.on('uncaughtException', (error) => crashed('uncaught exception', error));
process.on('unhandledRejection', (reason) => crashed('unhandled rejection', reason));

try {
  // The application loads while the embedded Postgres starts: both take about a second.
  const app = import('./app.js');
  if (!config.databaseUrl) embedded = await startEmbeddedPostgres(config.dataDir, logger);
  const { startNode } = await app;
  node = await startNode({ ...config, databaseUrl: config.databaseUrl ?? embedded!.url }, logger);
  logger.info({ port: config.port, services: config.services ?? 'all' }, `Comanda is running: http://localhost:${config.port}/`);
} catch (error) {
  logger.fatal({ err: error }, 'could not start');
  await embedded?.stop().catch(() => undefined);
  process.exit(1);
}
