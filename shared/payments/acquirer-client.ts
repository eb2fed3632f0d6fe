/**
 * The runtime's side of the card acquirers: charges and refunds over HTTP, each under an idempotency key, with
 * fallback from the primary to the next acquirer only where it cannot charge the card twice.
 *
 * What an attempt tells decides what comes next. A decline is final. A failure whose outcome is known (the
 * connection refused, a 5xx, a 408 or a 429: the acquirer did nothing) moves the charge to the next acquirer, under
 * the same key. A request sent and not answered (a timeout, a connection dropped, an answer that makes no sense) may
 * have charged the card: only that acquirer can tell, so it is asked for the key's charge before anyone else is
 * tried, and while it cannot tell, the outcome stays unknown (Adyen's "verify the transaction status" rather than
 * retrying or refunding).
 */
import type { Logger } from 'pino';

export interface AcquirerEndpoint {
  name: string;
  /** Its API's base URL, with no trailing slash. */
  url: string;
}

export type ChargeResult =
  | { status: 'approved'; acquirer: string; chargeId: string; authCode: string }
  | { status: 'declined'; acquirer: string; reason?: string }
  /** Every acquirer failed with a known outcome: nothing was charged. */
  | { status: 'unavailable' }
  /** The card may have been charged there: keep the payment pending and charge again later with `unknownAt`. */
  | { status: 'unknown'; acquirer: string };

export type RefundResult =
  | { status: 'approved'; acquirer: string; refundId: string }
  /** Nothing was refunded. */
  | { status: 'unavailable'; acquirer: string }
  /** It may have been refunded: the same key again is safe, it refunds at most once. */
  | { status: 'unknown'; acquirer: string };

/** An acquirer refused the request itself (bad input, a key used for another charge): sending it elsewhere would not help. */
export class AcquirerRefusal extends Error {
  constructor(
    readonly acquirer: string,
    readonly httpStatus: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'AcquirerRefusal';
  }
}

export interface AcquirerClientOptions {
  /** Primary first. */
  acquirers: AcquirerEndpoint[];
  /** How long one call may take before its outcome counts as unknown (ACQUIRER_TIMEOUT_MS). */
  timeoutMs?: number;
  /** How many times a charge whose outcome is unknown is asked for by its key. */
  queryAttempts?: number;
  /** The wait before the second query; it doubles before each one after. */
  queryBackoffMs?: number;
  logger?: Logger;
}

const NAME = /^[A-Za-z0-9_-]+$/;

/** `ACQUIRERS`: `name=url,name=url`, primary first. */
export function parseAcquirers(text: string): AcquirerEndpoint[] {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new Error('ACQUIRERS names no acquirer: give name=url,name=url, primary first.');
  const acquirers = entries.map((entry) => {
    const equals = entry.indexOf('=');
    const name = entry.slice(0, Math.max(equals, 0)).trim();
    const url = entry.slice(equals + 1).trim();
    if (!NAME.test(name)) throw new Error(`ACQUIRERS: "${entry}" is not name=url (a name of letters, digits, - and _).`);
    if (!URL.canParse(url) || !['http:', 'https:'].includes(new URL(url).protocol)) {
      throw new Error(`ACQUIRERS: the URL of ${name}, "${url}", is not an http(s) URL.`);
    }
    return { name, url: url.replace(/\/+$/, '') };
  });
  const names = acquirers.map((a) => a.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) throw new Error(`ACQUIRERS names ${twice} twice.`);
  return acquirers;
}

/**
 * What one call says of the request: answered (2xx, its body); not done, so another acquirer may be tried (never
 * connected, a 5xx, 408 Request Timeout, 429 Too Many Requests); unknown (sent and not answered, or 409: the same key
 * still in progress there); or refused, which no other acquirer would take either.
 */
type Reply =
  | { kind: 'answered'; body: unknown }
  | { kind: 'not done'; why: string }
  | { kind: 'unknown'; why: string }
  | { kind: 'refused'; status: number; body: unknown };

/** Errors that say the connection was never made: the request cannot have reached the acquirer. */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function neverConnected(error: unknown): boolean {
  const cause = error instanceof Error ? (error.cause as { code?: unknown; errors?: unknown[] } | undefined) : undefined;
  if (!cause) return false;
  // A host with several addresses fails with one error per address tried.
  if (Array.isArray(cause.errors) && cause.errors.length > 0) return cause.errors.every((e) => neverConnected({ cause: e }));
  return typeof cause.code === 'string' && NOT_CONNECTED.has(cause.code);
}

function replyOf(status: number, body: unknown): Reply {
  if (status < 300) return { kind: 'answered', body };
  if (status >= 500 || status === 408 || status === 429) return { kind: 'not done', why: `HTTP ${status}` };
  if (status === 409) return { kind: 'unknown', why: 'HTTP 409: a request under the same key is in progress' };
  return { kind: 'refused', status, body };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The charges and refunds of card payments, through the acquirers in order. */
export class AcquirerClient {
  private readonly acquirers: AcquirerEndpoint[];
  private readonly timeoutMs: number;
  private readonly queryAttempts: number;
  private readonly queryBackoffMs: number;
  private readonly logger: Logger | undefined;

  constructor({ acquirers, timeoutMs = 3000, queryAttempts = 3, queryBackoffMs = 250, logger }: AcquirerClientOptions) {
    if (acquirers.length === 0) throw new Error('The acquirer client needs at least one acquirer.');
    this.acquirers = acquirers;
    this.timeoutMs = timeoutMs;
    this.queryAttempts = queryAttempts;
    this.queryBackoffMs = queryBackoffMs;
    this.logger = logger;
  }

  /**
   * Charges the card, the primary first. `unknownAt` retries a charge whose outcome was unknown there: that acquirer
   * is asked for the key's charge first, and only once it says it has none does the charge go on, from it.
   */
  async charge(
    key: string,
    amountCents: number,
    cardToken: string,
    { unknownAt }: { unknownAt?: string } = {},
  ): Promise<ChargeResult> {
    let order = this.acquirers;
    if (unknownAt !== undefined) {
      const first = this.named(unknownAt);
      const found = await this.chargeUnder(first, key, amountCents);
      if (found) return found;
      order = [first, ...this.acquirers.filter((a) => a !== first)];
    }
    for (const acquirer of order) {
      const reply = await this.call(acquirer, 'POST', '/charges', key, { amountCents, cardToken });
      const result = reply.kind === 'answered' ? chargeResult(acquirer.name, reply.body, amountCents) : null;
      if (result) return result;
      if (reply.kind === 'refused') throw refusal(acquirer.name, reply);
      if (reply.kind === 'not done') {
        this.logger?.warn(
          { acquirer: acquirer.name, key, why: reply.why },
          'acquirer failed, charging nothing: trying the next one',
        );
        continue;
      }
      // Sent, and not answered (or answered with no charge in it): only this acquirer can tell what it did.
      this.logger?.warn({ acquirer: acquirer.name, key, reply }, 'charge outcome unknown: asking the acquirer for its key');
      const found = await this.chargeUnder(acquirer, key, amountCents);
      if (found) return found;
    }
    return { status: 'unavailable' };
  }

  /**
   * The longest a charge may take here: each acquirer tried, and asked for its key after a call with no answer
   * (each call at most the timeout, the waits between the queries doubling). A charge requested longer ago with no
   * outcome was left by a node that stopped.
   */
  get longestChargeMs(): number {
    const waits = Array.from({ length: this.queryAttempts - 1 }, (_, i) => this.queryBackoffMs * 2 ** i).reduce(
      (a, b) => a + b,
      0,
    );
    return this.acquirers.length * (this.timeoutMs * (1 + this.queryAttempts) + waits);
  }

  /**
   * The charge made under the key at whichever acquirer has it, for a charge whose request was stored but whose
   * outcome never was (the node stopped while it waited): any of them may have made it, so each is asked before
   * anything is charged again. Null when every one says it has none; `unknown` at the first that cannot tell.
   */
  async find(key: string, amountCents: number): Promise<ChargeResult | null> {
    let unknown: ChargeResult | null = null;
    for (const acquirer of this.acquirers) {
      const found = await this.chargeUnder(acquirer, key, amountCents);
      if (found?.status === 'unknown') unknown ??= found;
      else if (found) return found;
    }
    return unknown;
  }

  /** Refunds through the acquirer that charged: the same key again refunds at most once. */
  async refund(acquirerName: string, key: string, chargeId: string, amountCents: number): Promise<RefundResult> {
    const acquirer = this.named(acquirerName);
    const reply = await this.call(acquirer, 'POST', '/refunds', key, { chargeId, amountCents });
    if (reply.kind === 'not done') return { status: 'unavailable', acquirer: acquirer.name };
    if (reply.kind === 'refused') throw refusal(acquirer.name, reply);
    const answer = reply.kind === 'answered' ? reply.body : null;
    if (isObject(answer) && answer.status === 'approved' && typeof answer.id === 'string') {
      return { status: 'approved', acquirer: acquirer.name, refundId: answer.id };
    }
    this.logger?.warn({ acquirer: acquirer.name, key, reply }, 'refund outcome unknown');
    return { status: 'unknown', acquirer: acquirer.name };
  }

  private named(name: string): AcquirerEndpoint {
    const acquirer = this.acquirers.find((a) => a.name === name);
    if (!acquirer) {
      throw new Error(`No acquirer is named ${name}: ACQUIRERS has ${this.acquirers.map((a) => a.name).join(', ')}.`);
    }
    return acquirer;
  }

  /**
   * The charge the acquirer made under the key, asked a few times with backoff: null once it says it has none
   * (nothing was charged there), `unknown` while it cannot tell.
   */
  private async chargeUnder(acquirer: AcquirerEndpoint, key: string, amountCents: number): Promise<ChargeResult | null> {
    for (let attempt = 0; attempt < this.queryAttempts; attempt++) {
      if (attempt > 0) await sleep(this.queryBackoffMs * 2 ** (attempt - 1));
      const reply = await this.call(acquirer, 'GET', `/charges/${encodeURIComponent(key)}`);
      if (reply.kind === 'refused' && reply.status === 404) return null;
      if (reply.kind === 'refused') throw refusal(acquirer.name, reply);
      const result = reply.kind === 'answered' ? chargeResult(acquirer.name, reply.body, amountCents) : null;
      if (result) return result;
    }
    this.logger?.warn({ acquirer: acquirer.name, key }, 'charge outcome still unknown: the acquirer cannot tell yet');
    return { status: 'unknown', acquirer: acquirer.name };
  }

  private async call(
    acquirer: AcquirerEndpoint,
    method: 'GET' | 'POST',
    path: string,
    key?: string,
    body?: object,
  ): Promise<Reply> {
    try {
      const res = await fetch(`${acquirer.url}${path}`, {
        method,
        headers: { ...(key !== undefined && { 'idempotency-key': key }), ...(body && { 'content-type': 'application/json' }) },
        body: body && JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      return replyOf(res.status, parseJson(await res.text()));
    } catch (error) {
      const why =
        error instanceof Error
          ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}`
          : String(error);
      return { kind: neverConnected(error) ? 'not done' : 'unknown', why };
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** An answer that names a charge; null for one that does not (its outcome is still unknown). */
function chargeResult(acquirer: string, body: unknown, amountCents: number): ChargeResult | null {
  if (!isObject(body) || typeof body.id !== 'string') return null;
  // The key was used for another amount: a bug upstream, which no retry or fallback may paper over.
  if (body.amountCents !== amountCents) {
    throw new AcquirerRefusal(
      acquirer,
      200,
      'amount_mismatch',
      `Charge ${body.id} at ${acquirer} is of ${String(body.amountCents)} cents, not ${amountCents}.`,
    );
  }
  if (body.status === 'approved' && typeof body.authCode === 'string') {
    return { status: 'approved', acquirer, chargeId: body.id, authCode: body.authCode };
  }
  if (body.status === 'declined') {
    return { status: 'declined', acquirer, ...(typeof body.reason === 'string' && { reason: body.reason }) };
  }
  return null;
}

function refusal(acquirer: string, { status, body }: { status: number; body: unknown }): AcquirerRefusal {
  const error = isObject(body) && isObject(body.error) ? body.error : {};
  const code = typeof error.code === 'string' ? error.code : undefined;
  const message = typeof error.message === 'string' ? error.message : `HTTP ${status}`;
  return new AcquirerRefusal(acquirer, status, code, `${acquirer} refused the request: ${message}`);
}
