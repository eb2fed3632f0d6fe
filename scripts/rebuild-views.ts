import pino from 'pino';
import { KINDS } from '../actors/index.js';
import { configFromEnv } from '../moleculer.config.js';
import { EventStore } from '../shared/db/event-store.js';
import { connect } from '../shared/db/models.js';
import { rebuildReadModels } from '../shared/runtime/rebuild.js';

/** `npm run rebuild-views`: folds every registered read model again from the event log (DATABASE_URL). */
const config = configFromEnv();
const logger = pino({ level: config.logLevel });
if (!config.databaseUrl) {
  logger.fatal('Set DATABASE_URL to the database whose views to rebuild (stop npm start first if it is the embedded one).');
  process.exit(2);
}
const sequelize = connect(config.databaseUrl, 2);
const rebuilt = await rebuildReadModels(sequelize, new EventStore(sequelize), KINDS, logger);
logger.info(rebuilt, 'read models rebuilt from the event log');
await sequelize.close();
