import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { io, type Socket } from 'socket.io-client';
import { startNode, type RunningNode } from '../app.js';
import { configFromEnv, type ComandaConfig } from '../moleculer.config.js';
import type { TicketView } from '../shared/contract/index.js';
import { freePort, startEmbeddedPostgres } from '../shared/db/embedded.js';

// Nodes as processes live with the other process tools, which the bench shares.
export { spawnNode, waitHealthy, type NodeProcess } from './support/processes.js';

/** The Postgres tests use: the machine's own (TEST_PG_URL to change it), or an embedded one where none runs. */
const ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let embeddedAdmin: Promise<string> | null = null;

async function adminUrl(): Promise<string> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return ADMIN_URL;
  } catch (error) {
    if (process.env.CI === 'true') throw error;
    // A laptop with no Postgres running: an embedded one, for this test process only.
    embeddedAdmin ??= mkdtemp(path.join(os.tmpdir(), 'comanda-pg-')).then(async (dir) => {
      const { url } = await startEmbeddedPostgres(dir, pino({ level: 'warn' }));
      return url.replace(/\/comanda$/, '/postgres');
    });
    return embeddedAdmin;
  }
}

/** A database of its own for one test file, dropped at the end. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = await adminUrl();
  const name = `comanda_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export interface TestNode {
  node: RunningNode;
  baseUrl: string;
  port: number;
  databaseUrl: string;
  stop: () => Promise<void>;
}

/** One whole Comanda node in this process, on a free port and a fresh database. */
export async function startTestNode(overrides: Partial<ComandaConfig> = {}): Promise<TestNode> {
  const db = await watched('creating its database', createTestDatabase(), []);
  const node = await startNodeOn(db.url, overrides);
  return {
    ...node,
    async stop() {
      await node.stop();
      await db.drop();
    },
  };
}

/** A node on a database that outlives it: a restart, or a second gateway beside the first. */
export async function startNodeOn(databaseUrl: string, overrides: Partial<ComandaConfig> = {}): Promise<TestNode> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'comanda-data-'));
  const config = {
    ...configFromEnv({}),
    port,
    dataDir,
    logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    jwtSecret: 'test-secret',
    nodeId: `test-${port}`,
    // No unacknowledged-ticket alarms unless a test asks: they add events while tests count them.
    ackTimeoutSeconds: 3600,
    // The demo restaurant (its users, PINs and terminals) on the test's own database.
    demoData: true,
    // Tests send bursts from one token and one address: no rate limit unless a test sets one.
    rateLimit: { windowSeconds: 10, writesPerToken: 0, writesPerAddress: 0, loginsPerAddress: 0 },
    ...overrides,
    databaseUrl,
  };
  // Silent tests still keep the node's last lines: a start that hangs says where (once seen in CI, never here).
  const lines: string[] = [];
  const logger = process.env.TEST_LOG_LEVEL
    ? pino({ level: config.logLevel })
    : pino({ level: 'info' }, { write: (line: string) => void (lines.push(line) > 200 && lines.shift()) });
  const node = await watched(`starting node ${config.nodeId}`, startNode(config, logger), lines);
  return { node, port, baseUrl: `http://127.0.0.1:${port}`, databaseUrl, stop: () => node.stop() };
}

/** After a minute, tells stderr what is still pending and the last log lines, and goes on waiting. */
async function watched<T>(what: string, pending: Promise<T>, lines: string[]): Promise<T> {
  const timer = setTimeout(() => {
    process.stderr.write(`test harness: still ${what} after 60 s; its last log lines:\n${lines.join('')}\n`);
  }, 60_000);
  try {
    return await pending;
  } finally {
    clearTimeout(timer);
  }
}

export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** What a screen does over HTTP and Socket.IO, as the contract describes it. */
export class ApiClient {
  token: string | null = null;
  terminalId: string | null = null;

  constructor(public baseUrl: string) {}

  static async login(baseUrl: string, terminalId: string, pin: string): Promise<ApiClient> {
    const client = new ApiClient(baseUrl);
    const answer = await client.post<{ token: string }>('/api/auth/pin', { terminalId, pin });
    if (answer.status !== 200) throw new Error(`login failed: ${JSON.stringify(answer.body)}`);
    client.token = answer.body.token;
    client.terminalId = terminalId;
    return client;
  }

  async request<T = Record<string, unknown>>(method: string, url: string, body?: unknown): Promise<Answer<T>> {
    const res = await fetch(`${this.baseUrl}${url}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }

  get<T = Record<string, unknown>>(url: string) {
    return this.request<T>('GET', url);
  }

  post<T = Record<string, unknown>>(url: string, body: unknown) {
    return this.request<T>('POST', url, body);
  }

  /** Waits for the open ticket of that order at that station (tickets reach stations just after a send). */
  async ticketAt(stationId: string, orderId: string, timeoutMs = 5000): Promise<TicketView> {
    for (let waited = 0; waited < timeoutMs; waited += 25) {
      const { body } = await this.get<{ tickets: TicketView[] }>(`/api/stations/${stationId}/tickets`);
      const ticket = body.tickets.find((t) => t.orderId === orderId);
      if (ticket) return ticket;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no ticket of order ${orderId} at ${stationId} within ${timeoutMs} ms`);
  }

  /** Opens an order on this terminal and answers its id. */
  async openOrder(table: number | null = null): Promise<string> {
    const answer = await this.post<{ id: string }>('/api/orders', {
      commandId: randomUUID(),
      terminalId: this.terminalId,
      table,
    });
    if (answer.status !== 201) throw new Error(`open failed: ${JSON.stringify(answer.body)}`);
    return answer.body.id;
  }

  addItem(orderId: string, productId: string, extra: Record<string, unknown> = {}) {
    return this.post<{ items: { id: string; status: string }[]; version: number }>(`/api/orders/${orderId}/items`, {
      commandId: randomUUID(),
      productId,
      quantity: 1,
      ...extra,
    });
  }

  send(orderId: string, course?: number) {
    return this.post<{ kitchen: string; version: number }>(`/api/orders/${orderId}/send`, {
      commandId: randomUUID(),
      ...(course ? { course } : {}),
    });
  }

  /** A connected socket with this client's token, subscribed to the topics. */
  async socket(topics: string[] = []): Promise<Socket> {
    const socket = io(this.baseUrl, { auth: { token: this.token, terminalId: this.terminalId }, transports: ['websocket'] });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    for (const topic of topics) {
      const ack = (await socket.emitWithAck('subscribe', { topic })) as { ok: boolean };
      if (!ack.ok) throw new Error(`subscribe ${topic} refused`);
    }
    return socket;
  }
}

/** Resolves with the first message of that event that passes the test. */
export function nextMessage<T>(
  socket: Socket,
  event: string,
  test: (m: T) => boolean = () => true,
  timeoutMs = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no matching "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (message: T) => {
      if (!test(message)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(message);
    };
    socket.on(event, listener);
  });
}

/**
 * How many events the log holds: what bad input must leave unchanged. The terminals' are left out: their
 * sockets and sessions write them at their own time (a grace ends seconds after a socket left), not a request's.
 */
export async function eventCount(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM events WHERE stream_type <> 'terminal'");
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}
