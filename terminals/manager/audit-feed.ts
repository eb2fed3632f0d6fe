import type { Api } from '../lib/api.js';
import { Coalesced } from '../lib/versions.js';
import type { AuditEntry } from '../lib/contract.js';
import { auditQuery, type AuditFilter } from './manager-model.js';

/** How many entries the log shows. */
const SHOWN = 100;
/** A filtered read walks back this many seqs at a time, at most `WINDOWS` times. */
const WINDOW = 1000;
const WINDOWS = 20;

export type Verdict = { ok: true; entries: number } | { ok: false; brokenAt: number };

/**
 * The audit log, newest first. GET /api/audit answers in seq order from `from` on, so the newest entries are
 * read back from the last seq: found by probing (`from=n&limit=1` answers something while n is at most the
 * last seq), then read in windows back from it until a page is full. No DOM.
 */
export class AuditFeed {
  /** Newest first. */
  entries: AuditEntry[] = [];
  filter: AuditFilter = { userId: '', type: '' };
  verdict: Verdict | null = null;
  verifying = false;
  loaded = false;
  /** The last seq known to exist: the next probe starts from it. */
  private last = 0;

  constructor(
    private readonly api: Pick<Api, 'get'>,
    private readonly changed: () => void,
    private readonly failed: (error: unknown) => void,
  ) {}

  private async exists(seq: number): Promise<boolean> {
    const { entries } = await this.api.get<{ entries: AuditEntry[] }>(`/api/audit?from=${seq}&limit=1`);
    return entries.length > 0;
  }

  /** The last seq: doubling steps past the one known, then halving back. */
  private async lastSeq(): Promise<number> {
    let low = this.last;
    let high = 0;
    for (let step = 1; !high; step *= 2) {
      if (await this.exists(low + step)) low += step;
      else high = low + step;
    }
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (await this.exists(mid)) low = mid;
      else high = mid;
    }
    return low;
  }

  private readonly fetch = new Coalesced(async () => {
    const last = await this.lastSeq();
    this.last = last;
    const filtered = !!(this.filter.userId.trim() || this.filter.type.trim());
    const found: AuditEntry[] = [];
    for (let to = last, n = 0; to >= 1 && found.length < SHOWN && n < WINDOWS; to -= WINDOW, n++) {
      const size = filtered ? WINDOW : SHOWN;
      const from = Math.max(1, to - size + 1);
      const { entries } = await this.api.get<{ entries: AuditEntry[] }>(auditQuery(this.filter, from, to, size));
      found.push(...entries.reverse());
      if (!filtered) break;
    }
    this.entries = found.slice(0, SHOWN);
    this.loaded = true;
    this.changed();
  });

  /** Reads the newest entries again; settles once they are in (a failure goes to `failed`). */
  refresh(): Promise<void> {
    return this.fetch.request().catch(this.failed);
  }

  setFilter(filter: AuditFilter): void {
    this.filter = filter;
    void this.refresh();
  }

  async verify(): Promise<void> {
    this.verifying = true;
    this.verdict = null;
    this.changed();
    try {
      this.verdict = await this.api.get<Verdict>('/api/audit/verify');
    } catch (error) {
      this.failed(error);
    } finally {
      this.verifying = false;
      this.changed();
    }
  }
}
