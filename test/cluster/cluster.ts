/**
 * A Comanda cluster for tests and the bench: its own nats-server and redis-server on free ports (the shared ones on
 * 4222/6379 are never touched), optionally its own Postgres (for a test that stops it), and every node as its own OS
 * process (`spawnNode`), so a test can `kill -9` one, restart NATS or stop Postgres under load.
 *
 * Also here: clients that retry a failed command with the same commandId and keep a record of every attempt, kitchen
 * and POS screens running the screens' own feeds (terminals/lib: drop old versions, re-fetch on a gap, a reconnect or a
 * resync), and the end-state checks the cluster tests share. Processes and servers are test/support/processes.ts.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceBroker } from 'moleculer';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { businessDayKind } from '../../actors/business-day/business-day.kind.js';
import { terminalKind } from '../../actors/terminal/terminal.kind.js';
import { KINDS } from '../../actors/index.js';
import { SOCKET_EVENTS, TOPICS, type OrderView, type TicketView } from '../../shared/contract/index.js';
import { PEER_GONE_REASON } from '../../shared/runtime/peer-watch.js';
import { isOrder, isTicket } from '../../terminals/lib/contract.js';
import { OrderFeed } from '../../terminals/lib/order-feed.js';
import { Rooms } from '../../terminals/lib/rooms.js';
import { StationFeed } from '../../terminals/lib/station-feed.js';
import { createTestDatabase } from '../harness.js';
import {
  hasExited,
  killGroup,
  sleep,
  spawnNode,
  startNats,
  startRedis,
  waitHealthy,
  type NatsServer,
  type NodeProcess,
  type ServerProcess,
} from '../support/processes.js';

/** Every kind of the restaurant runs on each runtime node. */
export const RUNTIME_SERVICES = KINDS.map((kind) => kind.name).join(',');
export const GATEWAY_SERVICES = 'gateway,auth,menu';
export const STATIONS = ['grill', 'fryer', 'cold', 'bar'] as const;

// ---------------------------------------------------------------------------------------------------------------
// Moleculer's Shard strategy, computed the same way, to say which node owns an actor

/** The node Moleculer's Shard strategy (vnodes 10, md5) picks for a key among these nodes. */
export function shardOwner(key: string, nodeIds: string[]): string {
  const ids = [...nodeIds].sort();
  const total = ids.length * 10;
  const ringSize = 2 ** 32;
  const slice = ringSize / total;
  const ring = Array.from({ length: total }, (_, n) => ({
    key: n === total - 1 ? ringSize : Math.floor(slice * (n + 1)),
    id: ids[n % ids.length]!,
  }));
  const hash = parseInt(createHash('md5').update(key).digest('hex').slice(0, 8), 16);
  return ring.find((r) => hash <= r.key)!.id;
}

// ---------------------------------------------------------------------------------------------------------------
// The cluster

export interface ClusterNode {
  id: string;
  role: 'runtime' | 'gateway';
  baseUrl: string;
  proc: NodeProcess;
  killedAt: number | null;
}

export interface ClusterOptions {
  runtimes: number;
  gateways: number;
  /** A database of the test's own making (e.g. on its own Postgres); by default a fresh one on the shared Postgres. */
  databaseUrl?: string;
  /** Extra environment for every node. */
  env?: Record<string, string>;
  /** Every node logs in to the nats-server's system account (NATS_SYSTEM_URL) and drops a peer on its disconnect advisory. */
  peerWatch?: boolean;
}

export class Cluster {
  readonly nodes: ClusterNode[] = [];
  private probe: ServiceBroker | null = null;
  private dropDatabase: (() => Promise<void>) | null = null;

  private constructor(
    readonly nats: NatsServer,
    readonly redis: ServerProcess,
    readonly databaseUrl: string,
    readonly tag: string,
  ) {}

  get runtimes(): ClusterNode[] {
    return this.nodes.filter((n) => n.role === 'runtime');
  }

  get gateways(): ClusterNode[] {
    return this.nodes.filter((n) => n.role === 'gateway');
  }

  get alive(): ClusterNode[] {
    return this.nodes.filter((n) => n.killedAt === null);
  }

  /** Starts NATS, Redis and the nodes, and waits until every node sees every other one. */
  static async start(options: ClusterOptions): Promise<Cluster> {
    const [nats, redis] = await Promise.all([startNats(), startRedis()]);
    const db = options.databaseUrl ? null : await createTestDatabase();
    const cluster = new Cluster(nats, redis, options.databaseUrl ?? db!.url, randomUUID().slice(0, 6));
    cluster.dropDatabase = db?.drop ?? null;
    try {
      const specs = [
        ...Array.from({ length: options.runtimes }, (_, i) => ({ role: 'runtime' as const, id: `runtime-${i + 1}` })),
        ...Array.from({ length: options.gateways }, (_, i) => ({ role: 'gateway' as const, id: `gateway-${i + 1}` })),
      ];
      // The first node migrates and seeds the empty database; the others start once it has.
      const [first, ...rest] = specs;
      const env = { ...(options.peerWatch ? { NATS_SYSTEM_URL: nats.systemUrl } : {}), ...options.env };
      await cluster.spawn(first!.id, first!.role, env);
      await cluster.waitStarted(cluster.nodes[0]!);
      await Promise.all(rest.map((s) => cluster.spawn(s.id, s.role, env)));
      await Promise.all(cluster.gateways.map((g) => waitHealthy(g.baseUrl, 90_000)));
      await cluster.waitFormed();
      // The probe would show in every gateway's health as a node with no services: it leaves once the cluster formed.
      await cluster.closeProbe();
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  private async spawn(id: string, role: 'runtime' | 'gateway', env: Record<string, string> = {}): Promise<ClusterNode> {
    const nodeId = `${id}-${this.tag}`;
    const proc = await spawnNode({
      TRANSPORTER: this.nats.url,
      REDIS_URL: this.redis.url,
      DATABASE_URL: this.databaseUrl,
      SERVICES: role === 'runtime' ? RUNTIME_SERVICES : GATEWAY_SERVICES,
      NODE_ID: nodeId,
      ACK_TIMEOUT_SECONDS: '3600',
      // Two clusters of five nodes may run at once against the shared Postgres (100 connections).
      DB_POOL_MAX: '8',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      ...env,
    });
    const node: ClusterNode = { id: nodeId, role, baseUrl: proc.baseUrl, proc, killedAt: null };
    this.nodes.push(node);
    return node;
  }

  /** A node without a gateway has no health route: it is started once the cluster can see it. */
  private async waitStarted(node: ClusterNode, timeoutMs = 90_000): Promise<void> {
    const probe = await this.probeBroker();
    for (const started = Date.now(); Date.now() - started < timeoutMs; await sleep(100)) {
      if (hasExited(node.proc.child)) throw new Error(`${node.id} exited at start:\n${node.proc.output()}`);
      if (probe.registry.nodes.get(node.id)?.available) return;
    }
    throw new Error(`${node.id} did not join within ${timeoutMs} ms:\n${node.proc.output()}`);
  }

  /** A broker of the test's own on the cluster's NATS, with no services: it asks nodes what they see. */
  async probeBroker(): Promise<ServiceBroker> {
    if (this.probe) return this.probe;
    const probe = new ServiceBroker({
      namespace: 'comanda',
      nodeID: `probe-${this.tag}-${process.pid}`,
      transporter: this.nats.url,
      logger: false,
      heartbeatInterval: 1,
      heartbeatTimeout: 3,
    });
    await probe.start();
    this.probe = probe;
    return probe;
  }

  async closeProbe(): Promise<void> {
    const probe = this.probe;
    this.probe = null;
    await probe?.stop().catch(() => undefined);
  }

  /** The node ids this node sees as available. */
  async seenBy(node: ClusterNode): Promise<string[]> {
    const probe = await this.probeBroker();
    const list = await probe.call<{ id: string; available: boolean }[], Record<string, unknown>>(
      '$node.list',
      { onlyAvailable: true },
      { nodeID: node.id, timeout: 2000 },
    );
    return list.map((n) => n.id);
  }

  /** Waits until every living node sees every other living node (what Shard rings are built from). */
  async waitFormed(timeoutMs = 60_000): Promise<number> {
    const started = Date.now();
    let last = '';
    while (Date.now() - started < timeoutMs) {
      const expected = this.alive.map((n) => n.id).sort();
      const views = await Promise.all(this.alive.map((n) => this.seenBy(n).catch(() => [] as string[])));
      const missing = views.flatMap((seen, i) =>
        expected.filter((id) => !seen.includes(id)).map((id) => `${this.alive[i]!.id} misses ${id}`),
      );
      if (missing.length === 0) return Date.now() - started;
      last = missing.join('; ');
      await sleep(200);
    }
    throw new Error(`the cluster did not form within ${timeoutMs} ms: ${last}`);
  }

  /** kill -9 a node's whole process group. */
  async kill(node: ClusterNode): Promise<void> {
    node.killedAt = Date.now();
    killGroup(node.proc.child, 'SIGKILL');
    await node.proc.exited;
  }

  /** Node ids of living runtime nodes: the members of every actor service's Shard ring. */
  runtimeIds(): string[] {
    return this.runtimes.filter((n) => n.killedAt === null).map((n) => n.id);
  }

  /** Nodes that died by themselves (not killed by the test), with the end of their output. */
  crashed(): string[] {
    return this.nodes
      .filter((n) => n.killedAt === null && hasExited(n.proc.child))
      .map((n) => `${n.id} exited (${n.proc.child.exitCode ?? n.proc.child.signalCode}): ${n.proc.output().slice(-2000)}`);
  }

  /** When each living node logged dropping `peerId` on the server's disconnect advisory (its own clock, ms). */
  peerDrops(peerId: string): { node: string; at: number }[] {
    return this.alive.flatMap((node) =>
      node.proc
        .output()
        .split('\n')
        .flatMap((line) => {
          try {
            const entry = JSON.parse(line) as { peer?: string; reason?: string; time?: number };
            return entry.peer === peerId && entry.reason === PEER_GONE_REASON ? [{ node: node.id, at: entry.time ?? NaN }] : [];
          } catch {
            return [];
          }
        }),
    );
  }

  /** Warnings and errors the nodes logged, counted by node and message, with one example each: what the report quotes. */
  warnings(): string[] {
    const seen = new Map<string, { n: number; example: string }>();
    for (const node of this.nodes) {
      for (const line of node.proc.output().split('\n')) {
        let key: string;
        try {
          const entry = JSON.parse(line) as {
            level?: number;
            msg?: string;
            err?: { message?: string };
            type?: string;
            reason?: string;
          };
          if ((entry.level ?? 0) < 40) continue;
          key = `[${node.id}] ${entry.msg ?? ''}${entry.err?.message ? ` (${entry.err.message})` : ''}`;
        } catch {
          if (!line.trim()) continue;
          key = `[${node.id}] ${line.slice(0, 200)}`;
        }
        const known = seen.get(key);
        if (known) known.n++;
        else seen.set(key, { n: 1, example: line.length > 600 ? `${line.slice(0, 600)}…` : line });
      }
    }
    return [...seen].map(([key, { n, example }]) => `${String(n).padStart(5)} × ${key}\n        e.g. ${example}`);
  }

  async stop(): Promise<void> {
    for (const node of this.nodes) killGroup(node.proc.child, 'SIGKILL');
    // CLUSTER_LOGS=<folder> keeps every node's whole output, for reading a failure the report only sums up.
    const keep = process.env.CLUSTER_LOGS;
    if (keep) {
      mkdirSync(keep, { recursive: true });
      for (const node of this.nodes) writeFileSync(join(keep, `${node.id}.log`), node.proc.output());
    }
    await Promise.all(this.nodes.map((n) => Promise.race([n.proc.exited, sleep(5000)])));
    await this.closeProbe();
    await Promise.all([this.nats.kill(), this.redis.kill()]);
    await this.dropDatabase?.().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Clients that retry, and what they record

export interface Attempt {
  at: number;
  ms: number;
  /** HTTP status; 0 when no answer came (refused connection, reset, timeout). */
  status: number;
  type?: string;
  message?: string;
}

/** `drawer`: any command to a cash drawer (open, pay-in, pay-out, drop, ...). */
export type CommandKind = 'open' | 'addItem' | 'send' | 'bump' | 'drawer';

export interface CommandRecord {
  kind: CommandKind;
  actorId: string;
  url: string;
  body: Record<string, unknown> & { commandId: string };
  gateway: string;
  attempts: Attempt[];
  /** accepted: a 2xx; refused: a 4xx; failed: only 5xx or no answer until the client gave up. */
  outcome: 'accepted' | 'refused' | 'failed' | 'pending';
  answer: unknown;
}

/** How long a command to that actor kept failing before it succeeded: first failed attempt to the 2xx. */
export const outageOf = (c: CommandRecord): number => {
  const firstFailure = c.attempts.find((a) => a.status === 0 || a.status >= 500);
  const success = c.attempts.at(-1)!;
  return firstFailure && c.outcome === 'accepted' ? success.at + success.ms - firstFailure.at : 0;
};

export interface RetryPolicy {
  /** How long a client keeps retrying a command that fails with 5xx or no answer. */
  retryForMs: number;
  backoffMs: number;
  /** Per attempt. */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retryForMs: 15_000, backoffMs: 250, timeoutMs: 12_000 };

/** A POS or kitchen client on one gateway that retries failed commands with the same commandId, as a screen's outbox does. */
export class RetryingClient {
  token: string | null = null;
  terminalId: string | null = null;

  constructor(
    public baseUrl: string,
    readonly records: CommandRecord[],
    readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  private async once(method: string, url: string, body?: unknown): Promise<{ status: number; body: unknown; ms: number }> {
    const started = performance.now();
    try {
      const res = await fetch(`${this.baseUrl}${url}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.retry.timeoutMs),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: kept as text for the report
      }
      return { status: res.status, body: parsed, ms: performance.now() - started };
    } catch (error) {
      return {
        status: 0,
        body: { message: error instanceof Error ? error.message : String(error) },
        ms: performance.now() - started,
      };
    }
  }

  async login(terminalId: string, pin: string): Promise<this> {
    // Login is retried for at least 15 s whatever the policy: it is not what the tests look at.
    for (const started = Date.now(); Date.now() - started < Math.max(this.retry.retryForMs, 15_000); await sleep(250)) {
      const answer = await this.once('POST', '/api/auth/pin', { terminalId, pin });
      if (answer.status === 200) {
        this.token = (answer.body as { token: string }).token;
        this.terminalId = terminalId;
        return this;
      }
      if (answer.status > 0 && answer.status < 500) throw new Error(`login refused: ${JSON.stringify(answer.body)}`);
    }
    throw new Error(`login on ${this.baseUrl} failed for 15 s`);
  }

  /** A read, retried on 5xx and no answer like a command. */
  async get<T>(url: string): Promise<{ status: number; body: T }> {
    let answer = await this.once('GET', url);
    for (
      const started = Date.now();
      (answer.status === 0 || answer.status >= 500) && Date.now() - started < this.retry.retryForMs;
    ) {
      await sleep(this.retry.backoffMs);
      answer = await this.once('GET', url);
    }
    return { status: answer.status, body: answer.body as T };
  }

  /** One command, retried with the same body (and so the same commandId) while it fails with 5xx or no answer. */
  async command(kind: CommandKind, actorId: string, url: string, body: CommandRecord['body']): Promise<CommandRecord> {
    const record: CommandRecord = {
      kind,
      actorId,
      url,
      body,
      gateway: this.baseUrl,
      attempts: [],
      outcome: 'pending',
      answer: null,
    };
    this.records.push(record);
    const started = Date.now();
    for (;;) {
      const at = Date.now();
      const answer = await this.once('POST', url, body);
      const error = (answer.body ?? {}) as { type?: string; message?: string };
      record.attempts.push({
        at,
        ms: answer.ms,
        status: answer.status,
        ...(answer.status >= 300 || answer.status === 0 ? { type: error.type, message: error.message } : {}),
      });
      record.answer = answer.body;
      if (answer.status >= 200 && answer.status < 300) record.outcome = 'accepted';
      else if (answer.status >= 300 && answer.status < 500) record.outcome = 'refused';
      else if (Date.now() - started >= this.retry.retryForMs) record.outcome = 'failed';
      if (record.outcome !== 'pending') return record;
      await sleep(this.retry.backoffMs);
    }
  }

  open(terminalId: string, table: number | null): Promise<CommandRecord> {
    const commandId = randomUUID();
    // The order id is made from the commandId on the server; the actor is known once the answer comes.
    return this.command('open', `open:${commandId}`, '/api/orders', { commandId, terminalId, table }).then((r) => {
      const id = (r.answer as { id?: string } | null)?.id;
      if (r.outcome === 'accepted' && id) r.actorId = id;
      return r;
    });
  }

  addItem(orderId: string, productId: string, quantity = 1): Promise<CommandRecord> {
    return this.command('addItem', orderId, `/api/orders/${orderId}/items`, { commandId: randomUUID(), productId, quantity });
  }

  send(orderId: string): Promise<CommandRecord> {
    return this.command('send', orderId, `/api/orders/${orderId}/send`, { commandId: randomUUID() });
  }

  bump(stationId: string, ticketId: string): Promise<CommandRecord> {
    return this.command('bump', stationId, `/api/stations/${stationId}/tickets/${ticketId}/bump`, { commandId: randomUUID() });
  }

  /** A command to a cash drawer: `action` is its route's last step (`open`, `pay-in`, `pay-out`, `drop`, ...). */
  drawer(drawerId: string, action: string, body: Record<string, unknown>): Promise<CommandRecord> {
    return this.command('drawer', drawerId, `/api/drawers/${drawerId}/${action}`, { commandId: randomUUID(), ...body });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Screens: the KDS's and the POS's own code (terminals/lib) on a socket of the test's

/**
 * What the screens' code reads over HTTP, through a retrying client. Every read is kept while in flight, so a test
 * can wait for the repairs the screen started, and `seen` sees each answer.
 */
class ScreenApi {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    readonly client: RetryingClient,
    private readonly seen: (url: string, body: unknown) => void,
  ) {}

  get<T>(url: string): Promise<T> {
    const read = this.client.get<T>(url).then(({ status, body }) => {
      if (status !== 200) throw new Error(`GET ${url} answered ${status}`);
      this.seen(url, body);
      return body;
    });
    this.inFlight.add(read);
    void read.then(
      () => this.inFlight.delete(read),
      () => this.inFlight.delete(read),
    );
    return read;
  }

  /** Until no read is in flight, also none that a finished one started (a coalesced fetch runs once more). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) {
      await Promise.allSettled([...this.inFlight]);
      await sleep(0);
    }
  }
}

/** A screen's socket, its rooms kept by the screens' own `Rooms`; answers once they are joined the first time. */
async function screenSocket(client: RetryingClient, topics: string[]): Promise<{ socket: Socket; rooms: Rooms }> {
  const socket = io(client.baseUrl, {
    auth: { token: client.token, terminalId: client.terminalId },
    transports: ['websocket'],
    reconnectionDelay: 200,
    reconnectionDelayMax: 1000,
  });
  let joined: () => void = () => undefined;
  const first = new Promise<void>((resolve) => (joined = resolve));
  const rooms = new Rooms(socket, () => joined());
  for (const topic of topics) rooms.watch(topic);
  await Promise.race([first, new Promise<never>((_, reject) => socket.once('connect_error', reject))]);
  return { socket, rooms };
}

/** A failed read shows at the end in what the screen holds, which the end state compares with HTTP. */
const ignoreFailedRead = () => undefined;

interface StationScreen {
  feed: StationFeed;
  /** Version gaps the feed saw on the socket (each starts a re-read). */
  gaps: number;
  /** The station's version as of the latest re-fetch: it showed every ticket fired up to it as it then was. */
  refetchedVersion: number;
}

/**
 * A kitchen display subscribed to stations, one `StationFeed` (the KDS's own) per station: it drops old versions and
 * re-reads a station on a version gap, a reconnect or a resync. The test watches what it then shows.
 */
export class KdsScreen {
  readonly stations = new Map<string, StationScreen>();
  /** Ticket ids that were shown open (by socket, or by a re-fetch after a gap or a resync), with when. */
  readonly arrived = new Map<string, number>();
  /** How often the gateway said `resync`. */
  resyncs = 0;
  /** Tickets drawn from a re-fetch because their message never came. */
  fetchedOnly = 0;
  onTicket: (ticket: TicketView) => void = () => undefined;

  private constructor(
    private readonly api: ScreenApi,
    readonly socket: Socket,
  ) {}

  get client(): RetryingClient {
    return this.api.client;
  }

  static async open(client: RetryingClient, stations: readonly string[]): Promise<KdsScreen> {
    const api = new ScreenApi(client, (url, body) => {
      const stationId = /^\/api\/stations\/([^/]+)\/tickets$/.exec(url)?.[1];
      const station = stationId ? screen.stations.get(stationId) : undefined;
      if (station) station.refetchedVersion = Math.max(station.refetchedVersion, (body as { version: number }).version);
    });
    const { socket, rooms } = await screenSocket(
      client,
      stations.map((s) => TOPICS.station(s)),
    );
    const screen: KdsScreen = new KdsScreen(api, socket);
    for (const stationId of stations) {
      const feed = new StationFeed(api, stationId, () => screen.drawn(feed), ignoreFailedRead);
      screen.stations.set(stationId, { feed, gaps: 0, refetchedVersion: 0 });
      rooms.onResync(() => feed.resync());
      feed.resync();
    }
    rooms.on(SOCKET_EVENTS.ticket, (payload) => isTicket(payload) && screen.apply(payload));
    socket.on(SOCKET_EVENTS.resync, () => screen.resyncs++);
    await api.settled();
    return screen;
  }

  private apply(t: TicketView): void {
    const station = this.stations.get(t.stationId);
    if (!station) return;
    if (station.feed.apply(t) === 'gap') station.gaps++;
    // A ticket reached the screen when it arrived open: a bump arriving for a ticket never shown does not count.
    if (t.status === 'OPEN' && !this.arrived.has(t.id)) this.arrived.set(t.id, Date.now());
    this.onTicket(t);
  }

  /** After a re-fetch: an open ticket the screen now shows whose message never came is drawn now, and its cook bumps it. */
  private drawn(feed: StationFeed): void {
    for (const t of feed.tickets.values()) {
      if (t.status !== 'OPEN' || this.arrived.has(t.id)) continue;
      this.arrived.set(t.id, Date.now());
      this.fetchedOnly++;
      this.onTicket(t);
    }
  }

  /** The station's highest version the screen knows. */
  last(stationId: string): number {
    return this.stations.get(stationId)!.feed.tickets.lastVersion ?? 0;
  }

  settled(): Promise<void> {
    return this.api.settled();
  }

  /** The open tickets this screen shows: id → version. */
  showing(stationId: string): Map<string, number> {
    const tickets = this.stations.get(stationId)!.feed.tickets.values();
    return new Map(tickets.filter((t) => t.status === 'OPEN').map((t) => [t.id, t.version]));
  }

  close(): void {
    this.socket.close();
  }
}

/**
 * A POS subscribed to its terminal's orders through the POS's own `OrderFeed`: the open orders' list on every
 * (re)connect and resync, each order message on top, one order re-read on its version gap.
 */
export class PosScreen {
  /** Orders re-read one by one: the feed's repair of a version gap. */
  gaps = 0;
  resyncs = 0;

  private constructor(
    private readonly api: ScreenApi,
    readonly socket: Socket,
    readonly feed: OrderFeed,
  ) {}

  static async open(client: RetryingClient, terminalId: string): Promise<PosScreen> {
    const api = new ScreenApi(client, (url) => {
      if (/^\/api\/orders\/[^/?]+$/.test(url)) screen.gaps++;
    });
    // The lists the POS asks for: its checks still at their tables.
    const feed = new OrderFeed(
      api,
      () => ['?status=OPEN', '?status=PAID'],
      () => undefined,
      ignoreFailedRead,
    );
    const { socket, rooms } = await screenSocket(client, [TOPICS.terminal(terminalId)]);
    const screen: PosScreen = new PosScreen(api, socket, feed);
    rooms.on(SOCKET_EVENTS.order, (payload) => isOrder(payload) && feed.apply(payload));
    rooms.onResync(() => feed.resync());
    socket.on(SOCKET_EVENTS.resync, () => screen.resyncs++);
    feed.resync();
    await api.settled();
    return screen;
  }

  settled(): Promise<void> {
    return this.api.settled();
  }

  close(): void {
    this.socket.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// A restaurant's evening: waiters on both gateways, cooks bumping what they see

/** Products over the four stations; each order takes a few. */
export const PRODUCTS = ['picanha', 'batata-frita', 'salada-caprese', 'caipirinha', 'fraldinha', 'coxinha', 'pudim', 'chopp'];

export interface Rush {
  records: CommandRecord[];
  kds: KdsScreen[];
  pos: PosScreen[];
  cooks: RetryingClient[];
  /** Orders whose open was accepted. */
  orders: string[];
  /** Tickets the cooks bumped from the final sweep over HTTP, never having seen them on a socket. */
  sweptTickets: string[];
  close: () => void;
}

export interface RushOptions {
  orders: number;
  waiters: number;
  /** Called once, when this many orders are opened: where a test kills a node or restarts NATS. */
  midpoint: { at: number; run: () => Promise<void> };
  retry?: RetryPolicy;
}

/**
 * `orders` orders (open, 2 to 4 items, send) from `waiters` clients spread over every gateway, with a KDS socket (all
 * four stations) and a POS socket (terminal:pos-1) on each gateway. The cook of each gateway bumps the tickets of
 * half the stations as they appear on its screen.
 */
export async function rush(cluster: Cluster, options: RushOptions): Promise<Rush> {
  const records: CommandRecord[] = [];
  const gateways = cluster.gateways.map((g) => g.baseUrl);
  const retry = options.retry ?? DEFAULT_RETRY;
  const kds: KdsScreen[] = [];
  const pos: PosScreen[] = [];
  const cooks: RetryingClient[] = [];
  const bumps: Promise<unknown>[] = [];
  const bumped = new Set<string>();
  const bump = (cook: RetryingClient, stationId: string, ticketId: string) => {
    if (bumped.has(ticketId)) return;
    bumped.add(ticketId);
    // A cook takes a moment before bumping.
    bumps.push(sleep(50 + Math.random() * 250).then(() => cook.bump(stationId, ticketId)));
  };
  for (const [g, baseUrl] of gateways.entries()) {
    const cook = await new RetryingClient(baseUrl, records, retry).login('kds-grill', '3333');
    cooks.push(cook);
    const screen = await KdsScreen.open(cook, STATIONS);
    const mine = STATIONS.filter((_, s) => s % gateways.length === g);
    screen.onTicket = (t) => {
      if (t.status === 'OPEN' && mine.includes(t.stationId as (typeof STATIONS)[number])) bump(cook, t.stationId, t.id);
    };
    kds.push(screen);
    pos.push(await PosScreen.open(await new RetryingClient(baseUrl, records, retry).login('pos-1', '1111'), 'pos-1'));
  }

  const waiters = await Promise.all(
    Array.from({ length: options.waiters }, (_, w) =>
      new RetryingClient(gateways[w % gateways.length]!, records, retry).login(w % 4 < 2 ? 'pos-1' : 'pos-2', '1111'),
    ),
  );
  const orders: string[] = [];
  let opened = 0;
  let midpoint: Promise<void> | null = null;
  await Promise.all(
    waiters.map(async (waiter, w) => {
      while (opened < options.orders) {
        const n = opened++;
        if (n === options.midpoint.at) midpoint = options.midpoint.run();
        const open = await waiter.open(waiter.terminalId!, (n % 12) + 1);
        if (open.outcome !== 'accepted') continue;
        const orderId = open.actorId;
        orders.push(orderId);
        const count = 2 + ((n + w) % 3);
        for (let i = 0; i < count; i++) await waiter.addItem(orderId, PRODUCTS[(n * 3 + i) % PRODUCTS.length]!);
        await waiter.send(orderId);
      }
    }),
  );
  await midpoint;
  while (bumps.length > 0) await Promise.all(bumps.splice(0));

  // Whatever a cook never saw on its screen is bumped from the list over HTTP (and counted: a screen missed it).
  const sweptTickets: string[] = [];
  for (const stationId of STATIONS) {
    const cook = cooks[STATIONS.indexOf(stationId) % cooks.length]!;
    const { body } = await cook.get<{ tickets: TicketView[] }>(`/api/stations/${stationId}/tickets`);
    for (const t of body.tickets ?? []) {
      if (bumped.has(t.id)) continue;
      sweptTickets.push(t.id);
      bump(cook, stationId, t.id);
    }
  }
  while (bumps.length > 0) await Promise.all(bumps.splice(0));
  return {
    records,
    kds,
    pos,
    cooks,
    orders,
    sweptTickets,
    close: () => [...kds, ...pos].forEach((s) => s.close()),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The end state, from the database and from the screens

async function query<R extends pg.QueryResultRow>(databaseUrl: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Waits until the outbox is empty: every accepted event delivered (the relay re-sends what a dead node left). */
export async function waitOutboxEmpty(databaseUrl: string, timeoutMs = 40_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const [{ n }] = (await query<{ n: string }>(databaseUrl, 'SELECT count(*) AS n FROM outbox')) as [{ n: string }];
    if (Number(n) === 0) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`${n} outbox entries still undelivered after ${timeoutMs} ms`);
    await sleep(250);
  }
}

export interface Invariants {
  /** Streams whose versions are not exactly 1..n. */
  gappyStreams: string[];
  /** commandIds with more than one event. */
  duplicateCommands: string[];
  /** commands rows without an event, and events without a commands row. */
  commandsWithoutEvent: string[];
  eventsWithoutCommand: string[];
  /** Per event type: events and distinct commandIds. */
  byType: { type: string; events: number; commands: number }[];
}

/** What must hold of the log whatever happened: no gap, nothing twice, nothing half-written. */
export async function logInvariants(databaseUrl: string): Promise<Invariants> {
  const gappy = await query<{ stream_id: string }>(
    databaseUrl,
    'SELECT stream_id FROM events GROUP BY stream_id HAVING min(version) <> 1 OR max(version) <> count(*) OR count(DISTINCT version) <> count(*)',
  );
  const duplicates = await query<{ command_id: string }>(
    databaseUrl,
    'SELECT command_id FROM events GROUP BY command_id HAVING count(*) > 1',
  );
  const orphanCommands = await query<{ command_id: string }>(
    databaseUrl,
    'SELECT c.command_id FROM commands c LEFT JOIN events e ON e.command_id = c.command_id WHERE e.command_id IS NULL',
  );
  const orphanEvents = await query<{ command_id: string }>(
    databaseUrl,
    'SELECT e.command_id FROM events e LEFT JOIN commands c ON c.command_id = e.command_id WHERE c.command_id IS NULL',
  );
  const byType = await query<{ type: string; events: string; commands: string }>(
    databaseUrl,
    'SELECT type, count(*) AS events, count(DISTINCT command_id) AS commands FROM events GROUP BY type ORDER BY type',
  );
  return {
    gappyStreams: gappy.map((r) => r.stream_id),
    duplicateCommands: duplicates.map((r) => r.command_id),
    commandsWithoutEvent: orphanCommands.map((r) => r.command_id),
    eventsWithoutCommand: orphanEvents.map((r) => r.command_id),
    byType: byType.map((r) => ({ type: r.type, events: Number(r.events), commands: Number(r.commands) })),
  };
}

export interface EndState {
  invariants: Invariants;
  /** Accepted commands with no event of their commandId in the log. */
  acceptedButMissing: string[];
  /** Events whose commandId no client ever sent (other than follow-ups made from one). */
  unknownEvents: string[];
  /** Orders not as their accepted commands say: items missing, unsent items, unbumped tickets. */
  wrongOrders: string[];
  /** Per screen and station: tickets never seen on the socket, final version not reached, what it shows vs HTTP. */
  screens: string[];
  /** Refusals (4xx) of commands a correct client sent: conflicts or stale state surfacing. */
  refusals: string[];
  /** Commands that never got a 2xx within the retry window. */
  failed: string[];
  /** Longest outage per actor, longest first. */
  outages: { actorId: string; kind: CommandKind; ms: number; attempts: number }[];
  gapsRepaired: number;
  /** Times a gateway told its screens to `resync`, and tickets that reached a screen only by a re-fetch. */
  resyncs: number;
  fetchedOnly: number;
  /** Tickets a screen missed that another screen's cook bumped before this screen's re-fetch. */
  closedBeforeDrawn: number;
}

/** Everything the cluster tests assert at the end, gathered so a failure prints all of it. */
export async function endState(cluster: Cluster, run: Rush): Promise<EndState> {
  const { databaseUrl } = cluster;
  const invariants = await logInvariants(databaseUrl);
  const events = await query<{
    stream_id: string;
    stream_type: string;
    version: number;
    type: string;
    command_id: string;
    data: Record<string, unknown>;
  }>(databaseUrl, 'SELECT stream_id, stream_type, version, type, command_id, data FROM events ORDER BY stream_id, version');
  const byCommand = new Map(events.map((e) => [e.command_id, e]));
  const accepted = run.records.filter((r) => r.outcome === 'accepted');
  const acceptedButMissing = accepted.filter((r) => !byCommand.has(r.body.commandId)).map((r) => `${r.kind} ${r.body.commandId}`);
  const sent = new Set(run.records.map((r) => r.body.commandId));
  // Follow-ups (stations.fire, orders.ticketBumped) carry `<commandId>:<what>`; acks and alarms are not in this run,
  // nor is the business day the demo opened at start, nor the terminals' presence and sessions (logins, screens).
  const notFromClients = new Set([businessDayKind.type, terminalKind.type]);
  const unknownEvents = events
    .filter((e) => !notFromClients.has(e.stream_type) && !sent.has(e.command_id.split(':')[0]!))
    .map((e) => `${e.stream_id} v${e.version} ${e.type} ${e.command_id}`);

  const wrongOrders: string[] = [];
  const reader = run.cooks[0]!;
  for (const orderId of run.orders) {
    const { status, body: order } = await reader.get<OrderView>(`/api/orders/${orderId}`);
    if (status !== 200) {
      wrongOrders.push(`${orderId}: GET answered ${status}`);
      continue;
    }
    const items = events
      .filter((e) => e.stream_id === orderId && e.type === 'ItemAdded')
      .map((e) => (e.data.item as { id: string }).id);
    const acceptedItems = accepted.filter((r) => r.kind === 'addItem' && r.actorId === orderId).length;
    const problems: string[] = [];
    if (order.items.length !== items.length)
      problems.push(`${order.items.length} items in the view, ${items.length} ItemAdded facts`);
    if (items.length < acceptedItems) problems.push(`${acceptedItems} add-items accepted, ${items.length} in the log`);
    const sentOk = accepted.some((r) => r.kind === 'send' && r.actorId === orderId);
    if (sentOk && order.items.some((i) => i.status === 'NEW')) problems.push('accepted send, but items still NEW');
    if (sentOk && order.kitchen !== 'READY') problems.push(`kitchen ${order.kitchen} after every ticket was bumped`);
    if (order.tickets.some((t) => t.status !== 'BUMPED'))
      problems.push(
        `tickets not bumped: ${order.tickets
          .filter((t) => t.status !== 'BUMPED')
          .map((t) => t.id)
          .join(', ')}`,
      );
    if (problems.length > 0) wrongOrders.push(`${orderId} (#${order.number}): ${problems.join('; ')}`);
  }
  for (const r of accepted.filter((c) => c.kind === 'bump')) {
    const { body: tickets } = await reader.get<{ tickets: TicketView[] }>(`/api/stations/${r.actorId}/tickets`);
    const ticketId = r.url.split('/')[5]!;
    if (tickets.tickets?.some((t) => t.id === ticketId)) wrongOrders.push(`ticket ${ticketId}: bump accepted, still OPEN`);
  }

  // Screens: every fired ticket on every KDS socket; the station's last version reached; what it shows equals HTTP.
  const screens: string[] = [];
  let gapsRepaired = 0;
  let resyncs = 0;
  let fetchedOnly = 0;
  let closedBeforeDrawn = 0;
  const fired = events.filter((e) => e.type === 'TicketFired');
  const finalVersion = new Map<string, number>();
  for (const e of events)
    if (e.stream_type === 'station') finalVersion.set(e.stream_id, Math.max(finalVersion.get(e.stream_id) ?? 0, e.version));
  for (const [k, screen] of run.kds.entries()) {
    await screen.settled();
    resyncs += screen.resyncs;
    fetchedOnly += screen.fetchedOnly;
    const where = `KDS on gateway ${k + 1}`;
    // A ticket the screen never drew is fine only if a later re-fetch found it already bumped.
    const missed = fired.filter(
      (e) =>
        !screen.arrived.has((e.data.ticket as { id: string }).id) &&
        screen.stations.get(e.stream_id)!.refetchedVersion < e.version,
    );
    closedBeforeDrawn += fired.filter((e) => !screen.arrived.has((e.data.ticket as { id: string }).id)).length - missed.length;
    if (missed.length > 0)
      screens.push(
        `${where}: ${missed.length} tickets fired and never drawn, and no later re-fetch (${missed
          .slice(0, 5)
          .map((e) => `${e.stream_id} v${e.version}`)
          .join(', ')})`,
      );
    for (const stationId of STATIONS) {
      gapsRepaired += screen.stations.get(stationId)!.gaps;
      const final = finalVersion.get(stationId) ?? 0;
      const last = screen.last(stationId);
      if (last < final)
        screens.push(`${where}, ${stationId}: last version seen ${last}, the log has ${final} (a gap no screen can notice)`);
      const { body } = await screen.client.get<{ tickets: TicketView[] }>(`/api/stations/${stationId}/tickets`);
      const http = new Map((body.tickets ?? []).map((t) => [t.id, t.version]));
      const shown = screen.showing(stationId);
      const differs = [...new Set([...http.keys(), ...shown.keys()])].filter((id) => http.get(id) !== shown.get(id));
      if (differs.length > 0)
        screens.push(
          `${where}, ${stationId}: shows ${shown.size} open tickets, HTTP has ${http.size}; differ: ${differs.slice(0, 5).join(', ')}`,
        );
    }
  }
  const pos1 = new Set(accepted.filter((r) => r.kind === 'open' && r.body.terminalId === 'pos-1').map((r) => r.actorId));
  for (const [k, screen] of run.pos.entries()) {
    await screen.settled();
    gapsRepaired += screen.gaps;
    resyncs += screen.resyncs;
    const stale: string[] = [];
    for (const orderId of pos1) {
      const { body } = await reader.get<OrderView>(`/api/orders/${orderId}`);
      const shown = screen.feed.orders.get(orderId);
      if (!shown || shown.version !== body.version)
        stale.push(`${orderId} shows v${shown?.version ?? 'none'}, HTTP v${body.version}`);
    }
    if (stale.length > 0)
      screens.push(
        `POS on gateway ${k + 1}: ${stale.length} of ${pos1.size} pos-1 orders stale (${stale.slice(0, 3).join('; ')})`,
      );
  }

  const describe = (r: CommandRecord) => {
    const last = r.attempts.at(-1)!;
    return `${r.kind} ${r.actorId} via ${r.gateway}: ${last.status} ${last.type ?? ''} "${last.message ?? ''}" after ${r.attempts.length} attempts`;
  };
  const outages = new Map<string, { actorId: string; kind: CommandKind; ms: number; attempts: number }>();
  for (const r of accepted) {
    const ms = outageOf(r);
    if (ms > (outages.get(r.actorId)?.ms ?? 0))
      outages.set(r.actorId, { actorId: r.actorId, kind: r.kind, ms, attempts: r.attempts.length });
  }
  return {
    invariants,
    acceptedButMissing,
    unknownEvents,
    wrongOrders,
    screens,
    refusals: run.records.filter((r) => r.outcome === 'refused').map(describe),
    failed: run.records.filter((r) => r.outcome === 'failed').map(describe),
    outages: [...outages.values()].sort((a, b) => b.ms - a.ms),
    gapsRepaired,
    resyncs,
    fetchedOnly,
    closedBeforeDrawn,
  };
}

/** Failed attempts grouped by status, type and message: what clients saw while the cluster was disturbed. */
export function failureSummary(records: CommandRecord[]): string[] {
  const counts = new Map<string, number>();
  for (const r of records)
    for (const a of r.attempts)
      if (a.status === 0 || a.status >= 400) {
        const key = `${a.status} ${a.type ?? '-'}: ${a.message ?? ''}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([key, n]) => `${String(n).padStart(5)} × ${key}`);
}
