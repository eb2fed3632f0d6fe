import type { DeviceView } from '../../shared/contract/index.js';
import type { ViewRow } from '../../shared/db/event-store.js';
import type { Snapshot } from '../../shared/runtime/decider.js';
import type { PrinterContext } from './printer.machine.js';

/** The device view of the contract; a printer is configured before anything else reaches it. */
export function deviceView(id: string, version: number, snapshot: Snapshot<PrinterContext>): DeviceView {
  const { config, status, statusAt, drawer } = snapshot.context;
  return {
    id,
    ...config!,
    status,
    statusAt: statusAt!,
    version,
    ...(drawer ? { drawer } : {}),
    ...(snapshot.matches('REMOVED') ? { removed: true as const } : {}),
  };
}

/** Read model: one `device` row per device, its whole view at the latest version (a removed one says so). */
export function projectDevice(id: string, version: number, snapshot: Snapshot<PrinterContext>): ViewRow[] {
  return [{ kind: 'device', id, version, data: deviceView(id, version, snapshot) }];
}
