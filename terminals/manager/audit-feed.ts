import type { Api } from '../lib/api.js';
import { timeOfDay } from '../lib/format.js';
import { t, type MessageKey } from '../lib/i18n.js';
import { Coalesced } from '../lib/versions.js';
import type { AuditEntry, DeviceView } from '../lib/contract.js';
import { servesText } from './device-words.js';
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

/** An entry in the manager's words where its type has them (a device set up or taken out, a drawer left open), else null. */
export function auditWords({ type, stream, userId, data }: AuditEntry): string | null {
  const device = stream ?? '';
  const by = userId ? t('mgrAuditBy', { user: userId }) : '';
  switch (type) {
    case 'PrinterConfigured': {
      const { config } = data as { config: Pick<DeviceView, 'kind' | 'serves' | 'mode' | 'backupId'> };
      return t('mgrAudit_PrinterConfigured', {
        kind: t(`mgrDeviceKind_${config.kind}` as MessageKey),
        device,
        by,
        serves: servesText(config),
        backup: config.backupId ? t('mgrAuditBackup', { device: config.backupId }) : '',
      });
    }
    case 'PrinterRemoved':
      return t('mgrAudit_PrinterRemoved', { device, by });
    case 'DrawerLeftOpen':
      return t('mgrAudit_DrawerLeftOpen', { device, time: timeOfDay(Date.parse((data as { since: string }).since)) });
    default:
      return null;
  }
}
