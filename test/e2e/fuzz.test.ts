import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '../../shared/contract/index.js';
import { ApiClient, startTestNode, type TestNode } from '../harness.js';

/**
 * Generated bad input against every route of the OpenAPI document and every socket message: nothing answers
 * 5xx or hangs, every refusal is the contract's error body with a registered type, and nothing refused writes
 * an event. Bounded: a fixed number of runs; the seed is printed (FUZZ_SEED=... replays a run).
 */
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.FUZZ_RUNS ?? 250);
const settings = { seed: SEED, numRuns: RUNS, endOnFailure: true };

interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  query: string[];
  fields: Record<string, { type?: string; enum?: string[]; minimum?: number }>;
}

type Caller = 'waiter' | 'manager' | 'cook' | 'nobody' | 'forged';
type Session = 'waiter' | 'manager' | 'cook' | 'spare';

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => `a${String.fromCharCode(c)}b`);
const withControl = fc
  .array(fc.integer({ min: 0, max: 31 }), { minLength: 1, maxLength: 8 })
  .map((codes) => `x${String.fromCharCode(...codes)}\u0000y`);
const hugeString = fc.integer({ min: 300, max: 12_000 }).map((n) => 'é'.repeat(n));
const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  loneSurrogate,
  withControl,
  hugeString,
  fc.constantFrom(...PROTO_KEYS, '', ' ', '\u0000', '../..', 'null', 'NaN', '1e999', '0x10'),
);
const nastyScalar = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-1, 0, 1.5, 2 ** 53, 1e308, -0),
  nastyString,
);
const nastyKey = fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 12 }), loneSurrogate, withControl);
const nasty: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, nastyScalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.array(fc.tuple(nastyKey, tie('value')), { maxLength: 4 }).map((entries) => own({}, entries as [string, unknown][])),
})).value;
/** Ids for the path: raw (already percent-encoded) so that bad encodings reach the server too. */
const nastyId = fc.oneof(
  fc.constantFrom(...PROTO_KEYS, '%00', '%ED%A0%80', '%E0%A4%A', '%', '..%2F..', '%2e%2e', 'a'.repeat(500), '%20', '0'),
  fc.string({ maxLength: 30 }).map((s) => encodeURIComponent(s) || 'x'),
  fc.uuid().map((u) => u.toUpperCase()),
);
const rawBody = fc.constantFrom(
  '{',
  '[]',
  '[{}]',
  '"text"',
  '1',
  'null',
  'true',
  '{"__proto__":{"commandId":"x","admin":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  `{"a":${'['.repeat(3000)}${']'.repeat(3000)}}`,
  '{"commandId":"\\u0000"}',
  '{"notes":"\\ud800"}',
  '\u0000',
);

/** Own enumerable keys, `__proto__` included (a plain assignment would set the prototype instead). */
function own(target: Record<string, unknown>, entries: [string, unknown][]) {
  for (const [key, value] of entries)
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

const safeEncode = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
};

describe('fuzz: no input brings the node down', () => {
  let node: TestNode;
  let db: pg.Client;
  let operations: Operation[];
  const clients = {} as Record<Session, ApiClient>;
  const pathValues: Record<string, string> = { stationId: 'grill', productId: 'picanha' };
  const registered = new Set(Object.keys(ERRORS));

  // What a request wrote: a terminal's facts come from its sockets and sessions at their own time (harness.ts: eventCount).
  const COUNTED = { events: "events WHERE stream_type <> 'terminal'", outbox: 'outbox' };
  const count = async (table: keyof typeof COUNTED) =>
    Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${COUNTED[table]}`)).rows[0]!.n);

  beforeAll(async () => {
    console.info(`fuzz seed ${SEED} (FUZZ_SEED=${SEED} replays it), ${RUNS} runs per property`);
    // Logins the fuzz makes must not end the sessions it calls with (a fourth login ends a user's oldest).
    node = await startTestNode({ maxSessionsPerUser: 10_000 });
    db = new pg.Client({ connectionString: node.databaseUrl });
    await db.connect();
    clients.waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    clients.manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    clients.cook = await ApiClient.login(node.baseUrl, 'kds-grill', '3333');
    clients.spare = await ApiClient.login(node.baseUrl, 'pos-2', '2222');
    const orderId = await clients.waiter.openOrder(6);
    const added = await clients.waiter.addItem(orderId, 'picanha');
    await clients.waiter.send(orderId);
    const ticket = await clients.cook.ticketAt('grill', orderId);
    Object.assign(pathValues, { orderId, itemId: added.body.items[0]!.id, ticketId: ticket.id });
    await drained();

    const doc = (await (await fetch(`${node.baseUrl}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: unknown }>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => {
        const body = (op.requestBody as { content: { 'application/json': { schema: { properties: Operation['fields'] } } } })
          ?.content['application/json'].schema;
        return {
          method: method.toUpperCase(),
          path,
          pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
          query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
          fields: body?.properties ?? {},
        };
      }),
    );
    expect(operations.length).toBeGreaterThan(15);
  });
  afterAll(async () => {
    await db?.end();
    await node?.stop();
  });

  /** Waits until every follow-up of an accepted command is delivered, so the next count is the next request's. */
  async function drained() {
    for (let waited = 0; (await count('outbox')) > 0 && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
  }

  /** A value the field would take: the request is valid but for what the run changes. */
  function validValue(name: string, schema: Operation['fields'][string]): unknown {
    const known: Record<string, () => unknown> = {
      commandId: () => randomUUID(),
      productId: () => 'picanha',
      terminalId: () => 'pos-1',
      quantity: () => 1,
      course: () => 1,
      table: () => 5,
      covers: () => 2,
      pin: () => '1111',
      priceCents: () => 4990,
    };
    if (known[name]) return known[name]();
    if (schema.enum) return schema.enum[0];
    if (schema.type === 'integer' || schema.type === 'number') return schema.minimum ?? 1;
    if (schema.type === 'boolean') return true;
    return 'sem cebola';
  }

  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('field' as const), name: fc.oneof(fc.string({ maxLength: 8 }), nastyKey), value: nasty }),
    fc.record({ kind: fc.constant('known' as const), pick: fc.nat(), value: nasty }),
    fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('path' as const), pick: fc.nat(), value: nastyId }),
    fc.record({
      kind: fc.constant('query' as const),
      key: fc.oneof(nastyKey, fc.constantFrom('productId', 'orderId', 'commandId')),
      value: nastyString,
    }),
    fc.record({ kind: fc.constant('raw' as const), body: rawBody }),
    fc.record({
      kind: fc.constant('type' as const),
      value: fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/json; charset=utf-16',
        'multipart/form-data',
      ),
    }),
  );

  interface Request {
    body: Record<string, unknown>;
    path: Record<string, string>;
    query: [string, string][];
    raw: string | null;
    contentType: string;
    caller: Caller;
  }

  /** The operation's request, valid in every part: a run then changes some of it. */
  function baseline(op: Operation, caller: Caller = 'manager'): Request {
    const body: Record<string, unknown> = {};
    for (const [name, schema] of Object.entries(op.fields)) body[name] = validValue(name, schema);
    const path = Object.fromEntries(op.pathParams.map((p) => [p, pathValues[p] ?? 'x']));
    return { body, path, query: [], raw: null, contentType: 'application/json', caller };
  }

  /** Sends it and checks the answer: below 500, in time, and a refusal is the contract's body and wrote nothing. */
  async function call(op: Operation, r: Request): Promise<number> {
    const url =
      op.path.replace(/\{(\w+)\}/g, (_, name: string) => r.path[name] ?? 'x') +
      (r.query.length ? `?${r.query.map(([k, v]) => `${safeEncode(k)}=${safeEncode(v)}`).join('&')}` : '');
    // A lock ends its caller's session: it gets a session of its own, so the others keep theirs.
    const session = op.path === '/api/auth/lock' && r.caller !== 'nobody' && r.caller !== 'forged' ? 'spare' : r.caller;
    const token =
      session === 'nobody' ? null : session === 'forged' ? `${clients.waiter.token!.slice(0, -6)}AAAAAA` : clients[session].token;
    const before = await count('events');
    const res = await fetch(`${node.baseUrl}${url}`, {
      method: op.method,
      headers: {
        ...(op.method !== 'GET' && { 'content-type': r.contentType }),
        ...(token && { authorization: `Bearer ${token}` }),
      },
      body: op.method === 'GET' ? undefined : (r.raw ?? JSON.stringify(r.body)),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    const what = `${op.method} ${url.slice(0, 200)} ${(r.raw ?? JSON.stringify(r.body)).slice(0, 200)} → ${res.status} ${text.slice(0, 300)}`;
    expect(res.status, what).toBeLessThan(500);
    if (res.status < 400) {
      await drained();
      return res.status;
    }
    const error = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(error).sort(), what).toEqual(['code', 'data', 'message', 'name', 'type']);
    expect(registered.has(error.type as string), what).toBe(true);
    expect(error.code, what).toBe(res.status);
    expect(typeof error.message === 'string' && error.message.length > 0, what).toBe(true);
    expect(await count('events'), what).toBe(before);
    return res.status;
  }

  const writes = () => operations.filter((op) => op.method !== 'GET');

  it('every route, with generated bad input: no 5xx, no hang, the contract error body, nothing written', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.constantFrom<Caller>('waiter', 'manager', 'cook', 'nobody', 'forged'),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        async (pick, caller, mutations) => {
          const op = operations[pick % operations.length]!;
          const names = Object.keys(op.fields);
          const r = baseline(op, caller);
          for (const m of mutations) {
            if (m.kind === 'field') own(r.body, [[m.name, m.value]]);
            else if (m.kind === 'known' && names.length > 0) own(r.body, [[names[m.pick % names.length]!, m.value]]);
            else if (m.kind === 'drop' && names.length > 0) delete r.body[names[m.pick % names.length]!];
            else if (m.kind === 'path' && op.pathParams.length > 0)
              r.path[op.pathParams[m.pick % op.pathParams.length]!] = m.value;
            else if (m.kind === 'query') r.query.push([m.key, m.value]);
            else if (m.kind === 'raw') r.raw = m.body;
            else if (m.kind === 'type') r.contentType = m.value;
          }
          await call(op, r);
        },
      ),
      settings,
    );
  });

  // Random runs seldom make a request valid in all but one string: these make each one, for every field.
  it('every field of every write, made unstorable (NUL, a lone surrogate) or null, is refused as bad input', async () => {
    for (const op of writes()) {
      for (const [name, schema] of Object.entries(op.fields)) {
        for (const value of ['sem \u0000cebola', 'sem \ud83dcebola', 'sem cebola\udc00', null]) {
          const r = baseline(op);
          r.body[name] = value;
          const status = await call(op, r);
          if (value !== null || !(schema as { nullable?: boolean }).nullable) expect(status, `${op.path} ${name}`).toBe(400);
        }
      }
    }
  });

  it("every id of every route set to an object's own property names, and to bad encodings: refused, never a fault", async () => {
    for (const op of operations.filter((o) => o.pathParams.length > 0)) {
      for (const name of op.pathParams) {
        for (const value of [...PROTO_KEYS, '%00', '%ED%A0%80', '%E0%A4%A', '%']) {
          const r = baseline(op);
          r.path[name] = value;
          expect(await call(op, r), `${op.path} ${name}=${value}`).toBeGreaterThanOrEqual(400);
        }
      }
    }
  });

  it('every write with prototype keys in its body: refused or harmless, and no object polluted', async () => {
    for (const op of writes()) {
      for (const key of PROTO_KEYS) {
        const r = baseline(op);
        r.raw = JSON.stringify(r.body).replace(/^\{/, `{"${key}":{"polluted":true,"commandId":"x"},`);
        await call(op, r);
      }
    }
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  /** Resolves with whatever comes back for `timeoutMs`, so that a missing answer is seen, not waited on forever. */
  const answerOf = (socket: Socket, event: string, args: unknown[]) =>
    socket
      .timeout(5000)
      .emitWithAck(event, ...args)
      .then(
        (answer: unknown) => ({ answer }),
        (error: unknown) => ({ error }),
      );

  it('every socket message, with extra arguments and acks that are not functions: answered only through an ack, never fatal', async () => {
    const sockets = await Promise.all([clients.waiter.socket(), clients.cook.socket()]);
    const stray: unknown[] = [];
    for (const s of sockets) s.onAny((event, ...args) => stray.push([event, ...args]));
    const before = await count('events');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(0, 1),
        fc.constantFrom('subscribe', 'unsubscribe', 'ack'),
        // Under the 16 KiB message limit, over which a socket is closed by design (socket-abuse.test.ts).
        fc.array(nasty, { maxLength: 4 }).filter((args) => Buffer.byteLength(JSON.stringify(args)) < 12 * 1024),
        fc.boolean(),
        async (which, event, args, withAck) => {
          const socket = sockets[which]!;
          if (!withAck) return void socket.emit(event, ...args);
          const { answer, error } = (await answerOf(socket, event, args)) as { answer?: unknown; error?: unknown };
          expect(error, `${event} ${JSON.stringify(args).slice(0, 200)}: no answer`).toBeUndefined();
          const a = answer as { ok?: unknown; error?: { type?: unknown; message?: unknown } };
          if (a.ok === true) return;
          expect(a.ok, JSON.stringify(a)).toBe(false);
          expect(registered.has(a.error?.type as string), JSON.stringify(a)).toBe(true);
          expect(typeof a.error?.message, JSON.stringify(a)).toBe('string');
        },
      ),
      settings,
    );
    // The sockets still serve, nothing came back without an ack, and no message wrote an event.
    for (const s of sockets) expect(await answerOf(s, 'subscribe', [{ topic: 'menu' }])).toEqual({ answer: { ok: true } });
    expect(stray).toEqual([]);
    expect(sockets.every((s) => s.connected)).toBe(true);
    expect(await count('events')).toBe(before);
    for (const s of sockets) s.close();
  });

  it('every bad handshake is refused: tokens, terminals and origins', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ token: nasty, terminalId: fc.option(nasty) }),
          fc.record({ token: fc.constant('valid'), terminalId: fc.oneof(nastyString, fc.constant('pos-2')) }),
          fc.record({ token: fc.constant('valid'), origin: fc.constantFrom('http://evil.example', 'null', 'file://') }),
        ),
        async (auth) => {
          const { origin, ...rest } = auth as { token: unknown; terminalId?: unknown; origin?: string };
          const payload = rest.token === 'valid' ? { ...rest, token: clients.waiter.token } : rest;
          // A terminalId of pos-1 with the waiter's own token is a good handshake, not a bad one.
          fc.pre(!(rest.token === 'valid' && rest.terminalId === undefined && origin === undefined));
          const socket = io(node.baseUrl, {
            auth: payload as Record<string, unknown>,
            transports: ['websocket'],
            reconnection: false,
            timeout: 5000,
            ...(origin && { extraHeaders: { origin } }),
          });
          // Refused at the handshake, or the connection closed (an auth over the message size limit).
          const connected = await new Promise<boolean>((resolve) => {
            socket.once('connect', () => resolve(true));
            socket.once('connect_error', () => resolve(false));
            socket.io.once('close', () => resolve(false));
          });
          socket.close();
          expect(connected, JSON.stringify(auth).slice(0, 200)).toBe(false);
        },
      ),
      { ...settings, numRuns: Math.ceil(RUNS / 5) },
    );
    // Engine.io's own door, with junk: its refusals are its own, but never a fault.
    for (const query of [
      'EIO=9&transport=polling',
      'EIO=4&transport=bogus',
      'EIO=4&transport=polling&sid=__proto__',
      'EIO=4&transport=websocket',
    ]) {
      expect((await fetch(`${node.baseUrl}/socket.io/?${query}`)).status, query).toBeLessThan(500);
    }
  });

  it('answers health after it all', async () => {
    const res = await fetch(`${node.baseUrl}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });
});
