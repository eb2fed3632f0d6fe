import { ApiError, NetworkError, request } from './api.js';
import { t } from './i18n.js';

/** A write command waiting to reach the server, kept in IndexedDB until the server answers it. */
export interface OutboxEntry {
  /** IndexedDB key: the order of replay. */
  seq?: number;
  commandId: string;
  /** `drawer`: a cash drawer's movement that carries no approval (an approved one is sent online, never kept). */
  kind: 'open' | 'item' | 'send' | 'void' | 'bump' | 'recall' | 'serve' | 'drawer';
  /** Under /api; `{order}` stands for the id of `order` once its open is answered. */
  path: string;
  body: Record<string, unknown>;
  /** The actor the command is about (an order, or a drawer): an id, or `new:<commandId of its open>` while that open waits. */
  order: string;
  /** The token of the person who made it: a replay acts as them. */
  token: string;
  at: number;
}

export type OutboxEvent =
  { type: 'answer'; entry: OutboxEntry; body: unknown } | { type: 'rejected'; entry: OutboxEntry; error: ApiError };

/**
 * What a command's error answer means for it. A 5xx, a rate limit or a version conflict may pass on another try,
 * and a 401 once the waiter has logged in again; any other 4xx is the server refusing that command, which no
 * retry changes: it is dropped, and the waiter told why.
 */
export function verdictOf(error: ApiError): 'retry' | 'reauth' | 'drop' {
  if (error.status >= 500 || error.status === 429 || error.type === 'VERSION_CONFLICT') return 'retry';
  if (error.status === 401) return 'reauth';
  return 'drop';
}

/** Why a command was dropped, in the waiter's language where we know the refusal, else in the server's words. */
export function refusalText(error: ApiError): string {
  const known: Partial<Record<string, Parameters<typeof t>[0]>> = {
    BAD_REQUEST: 'refusedBadInput',
    BODY_TOO_LARGE: 'refusedTooLarge',
    FORBIDDEN: 'refusedForbidden',
    APPROVAL_REQUIRED: 'refusedApprovalRequired',
    DAY_NOT_OPEN: 'refusedDayNotOpen',
    NOT_ENOUGH_CASH: 'refusedNotEnoughCash',
    NOT_YOUR_DRAWER: 'refusedNotYourDrawer',
  };
  const key = Object.hasOwn(known, error.type) ? known[error.type] : undefined;
  return t('rejected', { message: key ? t(key) : error.message });
}

const STORE = 'commands';
const REFS = 'refs';

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/**
 * The command outbox. Every write goes through it: it is kept in IndexedDB (a reload keeps it),
 * sent in order, one at a time, and removed only when the server has answered. A replay carries
 * the same commandId, so the server's idempotency makes it exactly-once. A network failure stops
 * the queue until the connection returns; a refusal (4xx) drops that command and says so.
 */
export class Outbox extends EventTarget {
  /** What waits, oldest first. */
  entries: OutboxEntry[] = [];
  /** True while the last attempt could not reach the server. */
  blocked = false;
  private db: IDBDatabase | null = null;
  private readonly refs = new Map<string, string>();
  private flushing = false;
  private again = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private backoffMs = 1000;

  constructor(
    private readonly name: string,
    private readonly currentToken: () => string | null,
  ) {
    super();
    addEventListener('online', () => void this.flush());
  }

  async open(): Promise<void> {
    const req = indexedDB.open(this.name, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore(STORE, { keyPath: 'seq', autoIncrement: true });
      req.result.createObjectStore(REFS);
    };
    this.db = await done(req);
    const tx = this.db.transaction([STORE, REFS], 'readonly');
    this.entries = await done(tx.objectStore(STORE).getAll() as IDBRequest<OutboxEntry[]>);
    const keys = await done(tx.objectStore(REFS).getAllKeys());
    const values = await done(tx.objectStore(REFS).getAll() as IDBRequest<string[]>);
    keys.forEach((k, i) => this.refs.set(String(k), values[i]!));
    this.changed();
  }

  /** The server's id for an order made offline, once its open has been answered. */
  resolve(order: string): string | undefined {
    return order.startsWith('new:') ? this.refs.get(order) : order;
  }

  /** Keeps the command (durably) and starts sending. */
  async enqueue(entry: Omit<OutboxEntry, 'seq' | 'at'>): Promise<void> {
    const db = this.requireDb();
    const full: OutboxEntry = { ...entry, at: Date.now() };
    const tx = db.transaction(STORE, 'readwrite');
    const seq = await done(tx.objectStore(STORE).add(full));
    await committed(tx);
    this.entries.push({ ...full, seq: Number(seq) });
    this.changed();
    void this.flush();
  }

  /** Sends what waits, in order. Safe to call any time (on reconnect, on 'online'). */
  async flush(): Promise<void> {
    if (!this.db) return;
    if (this.flushing) {
      this.again = true;
      return;
    }
    this.flushing = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    try {
      do {
        this.again = false;
        while (this.entries.length) {
          const outcome = await this.deliver(this.entries[0]!);
          if (outcome === 'wait') return this.retryLater();
          await this.remove(this.entries[0]!);
        }
      } while (this.again);
      this.setBlocked(false);
      this.backoffMs = 1000;
    } finally {
      this.flushing = false;
    }
  }

  private async deliver(entry: OutboxEntry): Promise<'done' | 'wait'> {
    const orderId = this.resolve(entry.order);
    if (!orderId && entry.path.includes('{order}')) {
      // Its open was refused: nothing to attach it to.
      this.emit({ type: 'rejected', entry, error: new ApiError(422, 'UNKNOWN_ORDER', 'its order was not opened') });
      return 'done';
    }
    const path = entry.path.replace('{order}', orderId ?? '');
    let token = entry.token;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const body = await request<unknown>('POST', path, token, entry.body);
        this.setBlocked(false);
        if (entry.kind === 'open') await this.remember(`new:${entry.commandId}`, (body as { id: string }).id);
        this.emit({ type: 'answer', entry, body });
        return 'done';
      } catch (error) {
        if (error instanceof NetworkError) {
          this.setBlocked(true);
          return 'wait';
        }
        if (!(error instanceof ApiError)) throw error;
        const verdict = verdictOf(error);
        if (verdict === 'retry') return 'wait';
        if (verdict === 'reauth') {
          const fresh = this.currentToken();
          if (fresh && fresh !== token) {
            token = fresh;
            continue;
          }
          return 'wait';
        }
        this.emit({ type: 'rejected', entry, error });
        return 'done';
      }
    }
    return 'wait';
  }

  private retryLater(): void {
    this.retryTimer = setTimeout(() => void this.flush(), this.backoffMs);
    this.backoffMs = Math.min(this.backoffMs * 2, 15_000);
  }

  private async remember(ref: string, id: string): Promise<void> {
    this.refs.set(ref, id);
    const tx = this.requireDb().transaction(REFS, 'readwrite');
    tx.objectStore(REFS).put(id, ref);
    await committed(tx);
  }

  private async remove(entry: OutboxEntry): Promise<void> {
    const tx = this.requireDb().transaction(STORE, 'readwrite');
    tx.objectStore(STORE).delete(entry.seq!);
    await committed(tx);
    this.entries = this.entries.filter((e) => e !== entry);
    this.changed();
  }

  private requireDb(): IDBDatabase {
    if (!this.db) throw new Error('outbox not open');
    return this.db;
  }

  private setBlocked(blocked: boolean): void {
    if (blocked === this.blocked) return;
    this.blocked = blocked;
    this.changed();
  }

  private changed(): void {
    this.dispatchEvent(new Event('change'));
  }

  private emit(detail: OutboxEvent): void {
    this.dispatchEvent(new CustomEvent<OutboxEvent>('result', { detail }));
  }
}
