import type { Api } from '../lib/api.js';
import { Coalesced } from '../lib/versions.js';
import type { AuditEntry } from '../lib/contract.js';
import { auditQuery, type AuditFilter } from './manager-model.js';

/** How many entries the log shows. */
const SHOWN = 100;
/** A filtered read walks back this many seqs at a time, at most `WINDOWS` times. */
const WINDOW = 1000;
const WINDOWS = 20;
/** How many doubling steps the search for the last seq asks at once, and how close it gets before reading. */
const STEPS = 24;
const NEAR = 200;

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

  /**
   * The last seq. Doubling steps past the one known are asked all at once (one round trip for a log of up to
   * 16 million entries past it); halving narrows the gap between the highest that answered and the next to
   * `NEAR`, and one read of what lies between ends it.
   */
  private async lastSeq(): Promise<number> {
    const steps = Array.from({ length: STEPS }, (_, i) => this.last + 2 ** i);
    const found = await Promise.all(steps.map((seq) => this.exists(seq)));
    const k = found.lastIndexOf(true);
    let low = k < 0 ? this.last : steps[k]!;
    let high = steps[k + 1] ?? Number.MAX_SAFE_INTEGER;
    while (high - low > NEAR) {
      const mid = Math.floor((low + high) / 2);
      if (await this.exists(mid)) low = mid;
      else high = mid;
    }
    const { entries } = await this.api.get<{ entries: AuditEntry[] }>(`/api/audit?from=${Math.max(1, low)}&limit=${NEAR}`);
    return entries.at(-1)?.seq ?? low;
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
