import pino from 'pino';
import { configFromEnv } from '../moleculer.config.js';
import { EventStore } from '../shared/db/event-store.js';
import { connect } from '../shared/db/models.js';
import { ACTOR_KINDS } from '../shared/runtime/actor-kinds.js';
import { rebuildViews } from '../shared/runtime/rebuild.js';

/** `npm run rebuild-views`: re-projects every read model from the event log (DATABASE_URL). */
const config = configFromEnv();
const logger = pino({ level: config.logLevel });
if (!config.databaseUrl) {
  logger.fatal('Set DATABASE_URL to the database whose views to rebuild (stop npm start first if it is the embedded one).');
  process.exit(2);
}
const sequelize = connect(config.databaseUrl, 2);
const rows = await rebuildViews(sequelize, new EventStore(sequelize), ACTOR_KINDS);
logger.info({ rows }, 'views rebuilt from the event log');
await sequelize.close();
