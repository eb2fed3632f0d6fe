import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug, type MigrationFn } from 'umzug';
import type { Logger } from 'pino';

export type Migration = MigrationFn<Sequelize>;

const here = path.dirname(fileURLToPath(import.meta.url));

/** Applies every pending migration. Names drop the extension so a .ts run and a .js build agree. */
export async function migrate(sequelize: Sequelize, logger: Logger): Promise<void> {
  const umzug = new Umzug<Sequelize>({
    migrations: {
      glob: ['migrations/*.{ts,js}', { cwd: here, ignore: ['**/*.d.ts'] }],
      resolve: ({ name, path: file, context }) => ({
        name: name.replace(/\.(ts|js)$/, ''),
        up: async () => (await import(file!)).up({ context, name, path: file }),
        down: async () => (await import(file!)).down({ context, name, path: file }),
      }),
    },
    context: sequelize,
    storage: new SequelizeStorage({ sequelize, tableName: 'migrations' }),
    logger: { info: (m) => logger.info(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m), debug: () => {} },
  });
  // Two nodes starting together must not run the same migration twice: the lock lives as long as this
  // transaction's connection, while umzug works on others from the pool.
  await sequelize.transaction(async (transaction) => {
    await sequelize.query('SELECT pg_advisory_xact_lock(7270001)', { transaction });
    await umzug.up();
  });
}
