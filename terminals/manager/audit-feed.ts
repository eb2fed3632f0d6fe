import type { Api } from '../lib/api.js';
import { Coalesced } from '../lib/versions.js';
import type { AuditEntry } from '../lib/contract.js';
import { auditQuery, type AuditFilter } from './manager-model.js';

/** How many entries the log shows. */
const SHOWN = 100;

export type Verdict = { ok: true; entries: number } | { ok: false; brokenAt: number };

/** The audit log, newest first, as GET /api/audit?order=desc answers it. No DOM. */
export class AuditFeed {
  /** Newest first. */
  entries: AuditEntry[] = [];
  filter: AuditFilter = { userId: '', type: '' };
  verdict: Verdict | null = null;
  verifying = false;
  loaded = false;

  constructor(
    private readonly api: Pick<Api, 'get'>,
    private readonly changed: () => void,
    private readonly failed: (error: unknown) => void,
  ) {}

  private readonly fetch = new Coalesced(async () => {
    const { entries } = await this.api.get<{ entries: AuditEntry[] }>(auditQuery(this.filter, SHOWN));
    this.entries = entries;
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
