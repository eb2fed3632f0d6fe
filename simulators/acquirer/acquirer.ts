/**
 * A simulated card acquirer: a fake of the outside world, over HTTP, behaving as a real acquirer's sandbox does. It
 * keeps its charges and refunds in memory and shares no code with the runtime, so the runtime's acquirer client is
 * tested against what it will meet, not against its own idea of it.
 *
 * Idempotency follows the IETF draft "The Idempotency-Key HTTP Header Field" and Stripe: the first answer under a key
 * is stored and given again, the same status and body, with `Idempotent-Replayed: true`; the same key with another
 * body is 422 `idempotency_key_reused` and does nothing (Stripe refuses it too; Zuora and the draft say 422). A
 * request refused as bad input stores nothing under its key, so it may be sent again corrected.
 */
import { randomBytes, randomInt } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';

export const ACQUIRER_MODES = ['ok', 'down', 'slow'] as const;
/** ok: normal; down: every call answers 503 and does nothing; slow: every call does its work at once but answers late. */
export type AcquirerMode = (typeof ACQUIRER_MODES)[number];

export interface AcquirerOptions {
  /** 0: any free port (the answer's `url` says which). */
  port: number;
  name: string;
  /** How late a slow acquirer answers; 30 s, as the contract says, unless a test needs it shorter. */
  slowMs?: number;
  logger?: Logger;
}

export interface RunningAcquirer {
  name: string;
  url: string;
  close: () => Promise<void>;
}

interface Charge {
  id: string;
  idempotencyKey: string;
  status: 'approved' | 'declined';
  amountCents: number;
  authCode?: string;
  reason?: string;
  cardToken: string;
  refundedCents: number;
  at: string;
}

interface Refund {
  id: string;
  idempotencyKey: string;
  chargeId: string;
  amountCents: number;
  status: 'approved';
  at: string;
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** What a key was first used for, and what it answered, to answer again. */
interface Keyed {
  request: string;
  answer: Answer;
}

/** The sandbox's test cards, as Stripe's: the token decides the outcome. */
const CARDS: Record<string, { status: 'approved' } | { status: 'declined'; reason: string }> = {
  tok_visa: { status: 'approved' },
  tok_master: { status: 'approved' },
  tok_declined: { status: 'declined', reason: 'generic_decline' },
  tok_insufficient: { status: 'declined', reason: 'insufficient_funds' },
};

/** Stripe's limit for one charge in BRL: eight digits of cents. */
const MAX_AMOUNT_CENTS = 99_999_999;
const MAX_KEY_LENGTH = 255;
const MAX_BODY_BYTES = 16 * 1024;

const fail = (status: number, code: string, message: string): Answer => ({ status, body: { error: { code, message } } });

/** A request the acquirer refuses, with its answer. */
class Refusal extends Error {
  constructor(readonly answer: Answer) {
    super(JSON.stringify(answer.body));
  }
}
const badInput = (message: string) => new Refusal(fail(400, 'bad_request', message));

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () =>
      size > MAX_BODY_BYTES
        ? reject(new Refusal(fail(413, 'body_too_large', `The body is over ${MAX_BODY_BYTES} bytes.`)))
        : resolve(Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}

/** The body as an object holding exactly the fields named, or why not. */
function fieldsOf(raw: Buffer, allowed: string[]): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw badInput('The body is not JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badInput('The body is not a JSON object.');
  const unknown = Object.keys(body).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) throw badInput(`Unknown field ${unknown.join(', ')}: the body takes ${allowed.join(', ')}.`);
  return body as Record<string, unknown>;
}

function cents(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > MAX_AMOUNT_CENTS) {
    throw badInput(`${field} must be a whole number of cents from 1 to ${MAX_AMOUNT_CENTS}.`);
  }
  return value;
}

function idempotencyKey(req: http.IncomingMessage): string {
  const key = req.headers['idempotency-key'];
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw badInput(`The Idempotency-Key header is required: 1 to ${MAX_KEY_LENGTH} characters.`);
  }
  return key;
}

async function refusing(work: () => Promise<Answer>): Promise<Answer> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Refusal) return error.answer;
    throw error;
  }
}

function decodeKey(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badInput('The key in the path is not URL-encoded.');
  }
}

const publicCharge = ({ id, status, authCode, amountCents, reason }: Charge) => ({ id, status, authCode, amountCents, reason });

/** Starts one simulated acquirer on 127.0.0.1. */
export async function startAcquirer({ port, name, slowMs = 30_000, logger }: AcquirerOptions): Promise<RunningAcquirer> {
  let mode: AcquirerMode = 'ok';
  const charges: Charge[] = [];
  const refunds: Refund[] = [];
  const chargeKeys = new Map<string, Keyed>();
  const refundKeys = new Map<string, Keyed>();
  /** Timers of answers a slow acquirer still owes. */
  const owed = new Set<NodeJS.Timeout>();

  /** The answer stored under the key for this same request, 422 for another one, or a new answer stored. */
  function underKey(keys: Map<string, Keyed>, key: string, request: object, act: () => Answer): Answer {
    const fingerprint = JSON.stringify(request);
    const known = keys.get(key);
    if (known?.request === fingerprint) return { ...known.answer, headers: { 'idempotent-replayed': 'true' } };
    if (known) {
      return fail(422, 'idempotency_key_reused', `Idempotency-Key ${key} was used for another request: make a new key.`);
    }
    const answer = act();
    if (answer.status < 300) keys.set(key, { request: fingerprint, answer });
    return answer;
  }

  function charge(req: http.IncomingMessage, raw: Buffer): Answer {
    const key = idempotencyKey(req);
    const body = fieldsOf(raw, ['amountCents', 'cardToken']);
    const amountCents = cents(body.amountCents, 'amountCents');
    const cardToken = body.cardToken;
    if (typeof cardToken !== 'string') throw badInput('cardToken must be a string, e.g. tok_visa.');
    const card = Object.hasOwn(CARDS, cardToken) ? CARDS[cardToken] : undefined;
    if (!card) throw badInput(`No such card token: ${cardToken}. Test cards: ${Object.keys(CARDS).join(', ')}.`);
    return underKey(chargeKeys, key, { amountCents, cardToken }, () => {
      const made: Charge = {
        id: `ch_${randomBytes(12).toString('hex')}`,
        idempotencyKey: key,
        status: card.status,
        amountCents,
        ...(card.status === 'approved'
          ? { authCode: String(randomInt(0, 1_000_000)).padStart(6, '0') }
          : { reason: card.reason }),
        cardToken,
        refundedCents: 0,
        at: new Date().toISOString(),
      };
      charges.push(made);
      logger?.info({ acquirer: name, charge: made.id, key, status: made.status, amountCents }, 'charge');
      return { status: 201, body: publicCharge(made) };
    });
  }

  function chargeByKey(key: string): Answer {
    const made = charges.find((c) => c.idempotencyKey === key);
    return made ? { status: 200, body: publicCharge(made) } : fail(404, 'no_such_charge', `No charge was made under key ${key}.`);
  }

  function refund(req: http.IncomingMessage, raw: Buffer): Answer {
    const key = idempotencyKey(req);
    const body = fieldsOf(raw, ['chargeId', 'amountCents']);
    const amountCents = cents(body.amountCents, 'amountCents');
    const { chargeId } = body;
    if (typeof chargeId !== 'string' || chargeId.length === 0) throw badInput('chargeId must be the id of a charge.');
    return underKey(refundKeys, key, { chargeId, amountCents }, () => {
      const made = charges.find((c) => c.id === chargeId);
      if (!made) return fail(404, 'no_such_charge', `No charge has id ${chargeId}.`);
      if (made.status !== 'approved') {
        return fail(422, 'charge_not_approved', `Charge ${chargeId} was declined: nothing to refund.`);
      }
      const left = made.amountCents - made.refundedCents;
      if (amountCents > left) {
        return fail(
          422,
          'refund_exceeds_charge',
          `Only ${left} cents of charge ${chargeId} are left to refund, not ${amountCents}.`,
        );
      }
      made.refundedCents += amountCents;
      const back: Refund = {
        id: `re_${randomBytes(12).toString('hex')}`,
        idempotencyKey: key,
        chargeId,
        amountCents,
        status: 'approved',
        at: new Date().toISOString(),
      };
      refunds.push(back);
      logger?.info({ acquirer: name, refund: back.id, charge: chargeId, key, amountCents }, 'refund');
      return { status: 201, body: { id: back.id, status: back.status, chargeId, amountCents } };
    });
  }

  function setMode(raw: Buffer): Answer {
    const { mode: wanted } = fieldsOf(raw, ['mode']);
    if (!ACQUIRER_MODES.some((m) => m === wanted)) throw badInput(`mode must be one of ${ACQUIRER_MODES.join(', ')}.`);
    mode = wanted as AcquirerMode;
    logger?.info({ acquirer: name, mode }, 'mode');
    return { status: 200, body: { mode } };
  }

  /** The acquirer's own API, which `down` and `slow` act on. */
  function api(req: http.IncomingMessage, path: string, raw: Buffer): Answer {
    if (req.method === 'POST' && path === '/charges') return charge(req, raw);
    const byKey = /^\/charges\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && byKey) return chargeByKey(decodeKey(byKey[1]!));
    if (req.method === 'POST' && path === '/refunds') return refund(req, raw);
    return fail(404, 'not_found', `No route ${req.method} ${path}.`);
  }

  /** The answer, and whether it is to be given late: the mode the request arrived in decides both. */
  async function handle(req: http.IncomingMessage): Promise<{ answer: Answer; late: boolean }> {
    const path = new URL(req.url ?? '/', 'http://acquirer').pathname;
    // The simulator's own controls answer in every mode: they are the test's window on it, not the acquirer's API.
    if (req.method === 'POST' && path === '/mode') {
      return { answer: await refusing(async () => setMode(await readBody(req))), late: false };
    }
    if (req.method === 'GET' && path === '/ledger') return { answer: { status: 200, body: { charges, refunds } }, late: false };
    const arrivedIn = mode;
    if (arrivedIn === 'down') return { answer: fail(503, 'acquirer_unavailable', `Acquirer ${name} is down.`), late: false };
    return { answer: await refusing(async () => api(req, path, await readBody(req))), late: arrivedIn === 'slow' };
  }

  function send(res: http.ServerResponse, { status, body, headers }: Answer) {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  const server = http.createServer((req, res) => {
    handle(req).then(
      ({ answer, late }) => {
        if (!late) return send(res, answer);
        const timer = setTimeout(() => {
          owed.delete(timer);
          send(res, answer);
        }, slowMs);
        owed.add(timer);
      },
      (error: unknown) => {
        logger?.error({ err: error, acquirer: name }, 'acquirer simulator fault');
        send(res, fail(500, 'internal', 'The acquirer simulator failed: see its log.'));
      },
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  logger?.info({ acquirer: name, url, slowMs }, `acquirer ${name} listening on ${url}`);
  return {
    name,
    url,
    async close() {
      for (const timer of owed) clearTimeout(timer);
      owed.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
