import type { DeviceView } from '../lib/contract.js';
import { t } from '../lib/i18n.js';

/** What a device serves, in words: the devices panel's column and the audit log's line of its configuration. */
export function servesText({ kind, serves, mode }: Pick<DeviceView, 'kind' | 'serves' | 'mode'>): string {
  const { stationId, receiptsOf, terminalId } = serves;
  if (stationId) return t('mgrServesStation', { station: stationId });
  if (receiptsOf) return t('mgrServesReceipts', { terminal: receiptsOf });
  if (terminalId && kind === 'scale') return t('mgrServesScale', { terminal: terminalId });
  // A pole display says which command set its switch is on: the first thing to check when it shows garbage.
  if (terminalId) return t('mgrServesPole', { terminal: terminalId, mode: mode ?? '' });
  return '—';
}
