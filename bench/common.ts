/**
 * What the bench's figures share: its sizes (small ones with BENCH_QUICK=1), a lean HTTP client, screens' sockets,
 * open and closed loops, the lone commit measured beside a round, one node as a child process, the rows of the final
 * table, and cleanup.
 * Processes themselves (spawning, killing, health, CPU meters) are test/support/processes.ts, shared with the tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import readline from 'node:readline';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { TOPICS } from '../shared/contract/index.js';
import { startAcquirer, type RunningAcquirer } from '../simulators/acquirer/acquirer.js';
import { createTestDatabase } from '../test/harness.js';
import { cpuMeter, ROOT, sleep, spawnNode, stopChild, track, waitHealthy, withTimeout } from '../test/support/processes.js';

/** BENCH_QUICK=1: small counts and short windows, to check the bench runs end to end while others use the machine. */
export const QUICK = process.env.BENCH_QUICK === '1';

/** BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' passes flags to the node under load (send-to-kds, add-item). */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

export const CLIENT_NOTE =
  'node:http with a keep-alive http.Agent (one socket per concurrent request), socket.io-client over websocket';

export const quantile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;

export const ms = (x: number) => `${x.toFixed(2)} ms`;
export const perSecond = (x: number) => `${Math.round(x).toLocaleString('en-US')}/s`;

/** Runs fn(0..count-1) with at most `limit` in flight; answers the results in order. */
export async function mapLimit<T>(count: number, limit: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      out[i] = await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return out;
}

/** A figure over its baseline, to two places. */
export const ratio = (measured: number, baseline: number) => (measured / baseline).toFixed(2);

export interface Reply {
  status: number;
  text: string;
}

/** A lean HTTP/1.1 client with keep-alive: cheaper per request than fetch, so the figure is the node's, not ours. */
export class HttpClient {
  private readonly agent: http.Agent;
  token: string | null = null;

  constructor(
    readonly baseUrl: string,
    maxSockets: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  request(method: string, url: string, body?: unknown, timeoutMs = 10_000): Promise<Reply> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: http.OutgoingHttpHeaders = {};
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    return new Promise((resolve, reject) => {
      const req = http.request(`${this.baseUrl}${url}`, { method, headers, agent: this.agent, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  async json<T>(method: string, url: string, body: unknown, expect: number): Promise<T> {
    const reply = await this.request(method, url, body);
    if (reply.status !== expect) throw new Error(`${method} ${url} answered ${reply.status}: ${reply.text.slice(0, 300)}`);
    return JSON.parse(reply.text) as T;
  }

  async login(terminalId: string, pin: string): Promise<string> {
    const { token } = await this.json<{ token: string }>('POST', '/api/auth/pin', { terminalId, pin }, 200);
    this.token = token;
    return token;
  }

  async openOrder(): Promise<string> {
    const { id } = await this.json<{ id: string }>('POST', '/api/orders', { commandId: randomUUID(), terminalId: 'pos-1' }, 201);
    return id;
  }

  addItem(orderId: string, productId: string): Promise<Reply> {
    return this.request('POST', `/api/orders/${orderId}/items`, { commandId: randomUUID(), productId, quantity: 1 });
  }

  close() {
    this.agent.destroy();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Screens' sockets

/** A screen's socket (websocket only, as the screens open it), subscribed to the topics; no reconnection: a drop fails the figure. */
export async function screenSocket(baseUrl: string, token: string, terminalId: string, topics: string[]): Promise<Socket> {
  const socket = io(baseUrl, { auth: { token, terminalId }, transports: ['websocket'], reconnection: false });
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      }),
      5_000,
      `${terminalId} socket connect`,
    );
    for (const topic of topics) {
      const ack = (await socket.timeout(5_000).emitWithAck('subscribe', { topic })) as { ok: boolean };
      if (!ack.ok) throw new Error(`subscribe ${topic} refused`);
    }
    return socket;
  } catch (error) {
    socket.close();
    throw error;
  }
}

/** What the manager's live screen follows (terminals/manager/manager-app.ts): its panels, and every station it lists. */
export async function managerTopics(manager: HttpClient): Promise<string[]> {
  const { stations } = await manager.json<{ stations: { stationId: string }[] }>('GET', '/api/stations/load', undefined, 200);
  return [TOPICS.terminals, TOPICS.drawers, TOPICS.day, TOPICS.alerts, ...stations.map((s) => TOPICS.station(s.stationId))];
}

// ---------------------------------------------------------------------------------------------------------------
// Open loops: commands on a schedule, each timed to its answer and to the push that shows it

export interface OpenLoopSize {
  /** Commands issued per second, whatever the answers. */
  rate: number;
  warmup: number;
  measured: number;
}

export interface PushFigure {
  /** Issued → the push on the socket, over the measured commands. */
  p50: number;
  p99: number;
  max: number;
  count: number;
  /** Measured commands whose push never came. */
  missing: number;
  /** Issued → the HTTP answer. */
  httpP50: number;
  httpP99: number;
  non200: number;
  /** The generator's worst lag behind its schedule: large, and the figure is the generator's. */
  maxLag: number;
}

/**
 * warm-up + measured commands, command i issued at i / rate as a floor of terminals sends them (an open loop: a slow
 * answer does not slow the next command), each timed to its HTTP answer and to its push, which the caller's socket
 * handler marks with `pushed(i)`. Only the measured commands are counted.
 */
export class OpenLoop {
  readonly total: number;
  private readonly issuedAt: number[];
  private readonly answeredAt: number[];
  private readonly pushedAt: number[];
  private pushes = 0;
  private allPushed: () => void = () => undefined;
  private readonly everyPush = new Promise<void>((resolve) => (this.allPushed = resolve));

  constructor(readonly size: OpenLoopSize) {
    this.total = size.warmup + size.measured;
    this.issuedAt = new Array<number>(this.total).fill(NaN);
    this.answeredAt = new Array<number>(this.total).fill(NaN);
    this.pushedAt = new Array<number>(this.total).fill(NaN);
  }

  /**
   * Command i's push came at `at` (now, unless the caller timed it where it arrived: a printer's last byte); false
   * when it had already come (a later version, a redelivery): time only the first.
   */
  pushed(i: number, at = performance.now()): boolean {
    if (!Number.isNaN(this.pushedAt[i]!)) return false;
    this.pushedAt[i] = at;
    if (++this.pushes === this.total) this.allPushed();
    return true;
  }

  /** Issues every command on schedule, waits for the answers and (up to 5 s more) the pushes. */
  async run(issue: (i: number) => Promise<Reply>): Promise<PushFigure> {
    const interval = 1000 / this.size.rate;
    let non200 = 0;
    let maxLag = 0;
    const t0 = performance.now() + 20;
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < this.total; i++) {
      const due = t0 + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      maxLag = Math.max(maxLag, performance.now() - due);
      this.issuedAt[i] = performance.now();
      inFlight.push(
        issue(i).then(
          (reply) => {
            this.answeredAt[i] = performance.now();
            if (reply.status !== 200) non200++;
          },
          () => {
            non200++;
          },
        ),
      );
    }
    await Promise.all(inFlight);
    await withTimeout(this.everyPush, 5_000, 'pushes').catch(() => undefined);

    const { warmup, measured } = this.size;
    const latencies = (to: number[]) =>
      Array.from({ length: measured }, (_, k) => to[warmup + k]! - this.issuedAt[warmup + k]!)
        .filter((x) => !Number.isNaN(x))
        .sort((a, b) => a - b);
    const pushes = latencies(this.pushedAt);
    const answers = latencies(this.answeredAt);
    return {
      p50: quantile(pushes, 0.5),
      p99: quantile(pushes, 0.99),
      max: pushes.at(-1) ?? NaN,
      count: pushes.length,
      missing: measured - pushes.length,
      httpP50: quantile(answers, 0.5),
      httpP99: quantile(answers, 0.99),
      non200,
      maxLag,
    };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Children's logs and cleanup

const cleanups: (() => Promise<void>)[] = [];

/** Runs at the end of the bench (or when it is interrupted), last registered first; answers how to take it back. */
export function atCleanup(step: () => Promise<void>): () => void {
  cleanups.push(step);
  return () => {
    const at = cleanups.indexOf(step);
    if (at >= 0) cleanups.splice(at, 1);
  };
}

export async function cleanUp() {
  while (cleanups.length > 0) {
    const step = cleanups.pop()!;
    await withTimeout(step(), 20_000, 'cleanup').catch((error: unknown) =>
      process.stderr.write(`bench: cleanup failed: ${String(error)}\n`),
    );
  }
}

/** How often each distinct log message of a child was seen; the first few are shown, the rest counted. */
const logCounts = new Map<string, number>();
const SHOWN_PER_MESSAGE = 2;

/** Echoes a child's log lines to stderr, the first few of each message; the rest are counted for the summary. */
export function echoLogs(child: ChildProcess, label: string): ChildProcess {
  const onLine = (line: string) => {
    if (!line.trim() || line.startsWith('> ')) return; // npm's banner
    let key = line;
    try {
      const parsed = JSON.parse(line) as { msg?: unknown; err?: { message?: unknown } };
      key = `${String(parsed.msg)}${parsed.err?.message ? ` (${String(parsed.err.message)})` : ''}`;
    } catch {
      // not a pino line
    }
    key = `[${label}] ${key}`;
    const seen = (logCounts.get(key) ?? 0) + 1;
    logCounts.set(key, seen);
    if (seen <= SHOWN_PER_MESSAGE) process.stderr.write(`[${label}] ${line.length > 600 ? `${line.slice(0, 600)}…` : line}\n`);
  };
  for (const stream of [child.stdout, child.stderr]) if (stream) readline.createInterface({ input: stream }).on('line', onLine);
  return child;
}

export function logSummary() {
  const repeated = [...logCounts].filter(([, n]) => n > SHOWN_PER_MESSAGE).sort((a, b) => b[1] - a[1]);
  if (repeated.length === 0) return;
  console.log('\nchild log lines seen more than twice (shown twice above):');
  for (const [key, n] of repeated)
    console.log(`  ${String(n).padStart(6)} × ${key.length > 200 ? `${key.slice(0, 200)}…` : key}`);
}

export interface ChildNode {
  baseUrl: string;
  pid: number;
  databaseUrl: string;
  stop: () => Promise<void>;
}

/** One Comanda node as a child process (`node --import tsx start.ts`) on a fresh database, dropped at cleanup; `env` adds settings. */
export async function startChildNode(env: Record<string, string> = {}): Promise<ChildNode> {
  const db = await createTestDatabase();
  atCleanup(() => db.drop());
  const proc = await spawnNode({ DATABASE_URL: db.url, LOG_LEVEL: 'warn', JWT_SECRET: 'bench', ...env }, 'tsx', NODE_ARGS);
  echoLogs(proc.child, 'node');
  const stop = async () => void (await stopChild(proc.child));
  atCleanup(stop);
  await waitHealthy(proc.baseUrl, 60_000, proc.child);
  return { baseUrl: proc.baseUrl, pid: proc.child.pid!, databaseUrl: db.url, stop };
}

/**
 * Two simulated card acquirers (main, backup) in the bench's process on free ports, started once and closed at cleanup.
 * The shared node charges cards through them (ACQUIRERS), so a card payment's figure includes the acquirer's HTTP round
 * trip, as it would with a real one, rather than a simulator running inside the node's own event loop (the demo's).
 */
let acquirers: Promise<RunningAcquirer[]> | null = null;
export function benchAcquirers(): Promise<RunningAcquirer[]> {
  return (acquirers ??= Promise.all(['main', 'backup'].map((name) => startAcquirer({ port: 0, name }))).then((running) => {
    atCleanup(async () => void (await Promise.all(running.map((a) => a.close()))));
    return running;
  }));
}

/** The node the single-node figures share (`Run.oneNode`): startChildNode with ACQUIRERS at the bench's acquirers. */
export async function startSharedNode(): Promise<ChildNode> {
  const running = await benchAcquirers();
  return startChildNode({ ACQUIRERS: running.map(({ name, url }) => `${name}=${url}`).join(',') });
}

/**
 * A figure's file run again as a child of its own, with a GC it may force (`--expose-gc`) and a fresh heap, talking to
 * the bench over IPC; stopped at cleanup. Its node runs in it, so what it measures is the node's memory alone.
 */
export function gcChild(file: string, label: string): ChildProcess {
  const child = track(
    spawn(process.execPath, ['--expose-gc', '--import', 'tsx', file], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      detached: true,
    }),
  );
  echoLogs(child, label);
  atCleanup(async () => void (await stopChild(child)));
  return child;
}

/** This process's memory once its work settled and a few forced GCs ran (in a `gcChild`). */
export async function settledMemory(gc: () => void): Promise<NodeJS.MemoryUsage> {
  await sleep(300); // outbox flushes (50 ms), sockets idle
  for (let i = 0; i < 4; i++) {
    gc();
    await sleep(20);
  }
  return process.memoryUsage();
}

// ---------------------------------------------------------------------------------------------------------------
// A lone commit beside a measured round

export interface ProbeFigure {
  p99: number;
  max: number;
  count: number;
}

/**
 * A single-row durable INSERT every 10 ms on its own connection to the same Postgres, for as long as a round runs.
 * When the server or its disk holds commits back, this lone writer sees it too: a round's p99 can then be told
 * apart from the runtime's own cost.
 */
export async function commitProbe(databaseUrl: string): Promise<() => Promise<ProbeFigure>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(
    'CREATE TABLE IF NOT EXISTS bench_commit_probe (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())',
  );
  const latencies: number[] = [];
  let stopped = false;
  const loop = (async () => {
    const t0 = performance.now();
    for (let i = 0; !stopped; i++) {
      const wait = t0 + i * 10 - performance.now();
      if (wait > 0) await sleep(wait);
      const started = performance.now();
      await client.query('INSERT INTO bench_commit_probe DEFAULT VALUES');
      latencies.push(performance.now() - started);
    }
  })();
  return async () => {
    stopped = true;
    await loop.finally(() => client.end());
    latencies.sort((a, b) => a - b);
    return { p99: quantile(latencies, 0.99), max: latencies.at(-1) ?? NaN, count: latencies.length };
  };
}

export const probeLine = (probe: ProbeFigure) =>
  `a lone commit beside it (one-row INSERT every 10 ms, ${probe.count} of them): p99 ${ms(probe.p99)}, max ${ms(probe.max)}`;

// ---------------------------------------------------------------------------------------------------------------
// Closed loops

export interface RateFigure {
  rate: number;
  accepted: number;
  refused: number;
  p50: number;
  p99: number;
  perSecond: number[];
  cpu: string;
}

export interface LoopWindow {
  warmupMs: number;
  durationMs: number;
}

/** `clients` closed loops of `op` for warm-up + duration; counts what completes inside the measured window. */
export async function closedLoop(
  clients: number,
  op: (client: number) => Promise<boolean>,
  nodePid: number | null,
  window: LoopWindow,
): Promise<RateFigure> {
  const start = performance.now();
  const from = start + window.warmupMs;
  const end = from + window.durationMs;
  let accepted = 0;
  let refused = 0;
  const latencies: number[] = [];
  const buckets = new Array<number>(Math.ceil(window.durationMs / 1000)).fill(0);
  let stopMeter: ReturnType<typeof cpuMeter> | null = null;
  const meterAt = setTimeout(() => (stopMeter = cpuMeter(nodePid)), window.warmupMs);
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (performance.now() < end) {
        const issued = performance.now();
        const ok = await op(client).catch(() => false);
        const now = performance.now();
        if (now < from || now > end) continue;
        if (ok) {
          accepted++;
          latencies.push(now - issued);
          buckets[Math.min(buckets.length - 1, Math.floor((now - from) / 1000))]!++;
        } else refused++;
      }
    }),
  );
  clearTimeout(meterAt);
  const cpu = (stopMeter as ReturnType<typeof cpuMeter> | null)?.().line ?? '';
  latencies.sort((a, b) => a - b);
  return {
    rate: accepted / (window.durationMs / 1000),
    accepted,
    refused,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    perSecond: buckets,
    cpu,
  };
}

export const PRODUCTS = ['picanha', 'batata-frita', 'fraldinha', 'coxinha', 'caipirinha', 'pudim'];

// ---------------------------------------------------------------------------------------------------------------
// Figures and the table

/** One line of the table: what was measured, the baseline measured beside it in the same run, their ratio, the target. */
export interface Row {
  figure: string;
  measured: string;
  baseline: string;
  ratio: string;
  target: string;
}

export interface Run {
  /** The one node the single-node figures share: started on first use, stopped at the end of the run. */
  oneNode(): Promise<ChildNode>;
  /** What earlier figures of this run measured, for later ones to compare with. */
  measured: {
    oneNodeSend?: { p50: number; p99: number };
    /** add-item/s, ADD.clients clients, 10-item orders opened beforehand, on the shared node (add-item.ts). */
    oneNodeAddItem?: number;
  };
}

export interface Figure {
  /** What `npm run bench -- <name>` runs. */
  name: string;
  run(bench: Run): Promise<Row[]>;
}

export function table(rows: Row[]) {
  const header: Row = { figure: 'figure', measured: 'measured', baseline: 'baseline', ratio: 'ratio', target: 'target' };
  const columns = ['figure', 'measured', 'baseline', 'ratio', 'target'] as const;
  const all = [header, ...rows];
  const width = columns.map((c) => Math.max(...all.map((r) => r[c].length)));
  const line = (r: Row) => columns.map((c, i) => r[c].padEnd(width[i]!)).join('  |  ');
  console.log(line(header));
  console.log(width.map((w) => '-'.repeat(w)).join('--+--'));
  for (const r of rows) console.log(line(r));
}
