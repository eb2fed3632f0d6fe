import pino from 'pino';
import { configFromEnv } from './moleculer.config.js';
import { startEmbeddedPostgres } from './shared/db/embedded.js';

/** `npm start` and `npm run node`: one node from the environment; without DATABASE_URL, with an embedded Postgres. */
const config = configFromEnv();
const logger = pino({ level: config.logLevel, base: { nodeID: config.nodeId } });

// The application loads while the embedded Postgres starts: both take about a second.
const app = import('./app.js');
const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir, logger);
const { startNode } = await app;
let node: Awaited<ReturnType<typeof startNode>> | null = null;
let stopping = false;

async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping');
  await node?.stop().catch((error: unknown) => logger.error({ err: error }, 'stopping the node failed'));
  await embedded?.stop().catch((error: unknown) => logger.error({ err: error }, 'stopping Postgres failed'));
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

try {
  node = await startNode({ ...config, databaseUrl: config.databaseUrl ?? embedded!.url }, logger);
  logger.info({ port: config.port, services: config.services ?? 'all' }, `Comanda is running: http://localhost:${config.port}/`);
} catch (error) {
  logger.fatal({ err: error }, 'could not start');
  await embedded?.stop().catch(() => undefined);
  process.exit(1);
}
