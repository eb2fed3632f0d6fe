import type { DrawerStatus, DrawerView } from '../../shared/contract/index.js';
import type { ViewRow } from '../../shared/db/event-store.js';
import type { Snapshot } from '../../shared/runtime/decider.js';
import type { DrawerContext } from './drawer.machine.js';
import { expectedCash } from './expected-cash.js';

/** A drawer that was never opened: only its place is known. */
export const unopenedDrawer = (id: string, terminalId: string): DrawerView => ({
  id,
  terminalId,
  status: 'CLOSED',
  alerts: [],
  movements: [],
  version: 0,
});

/** The drawer view of the contract, whole: what a manager sees (drawerSeenBy says what others do). */
export function drawerView(id: string, version: number, snapshot: Snapshot<DrawerContext>): DrawerView {
  const { context } = snapshot;
  const status = snapshot.value as DrawerStatus;
  const { terminalId, cashierId, openedAt, floatCents, maxCents, movements, lastClose, sensor } = context;
  const session =
    cashierId !== null && openedAt !== null && floatCents !== null
      ? { cashierId, openedAt, floatCents, cashCents: expectedCash(movements) }
      : null;
  return {
    id,
    terminalId,
    status,
    ...session,
    alerts: [
      ...(session && session.cashCents > maxCents ? (['DROP_NEEDED'] as const) : []),
      ...(sensor?.leftOpen ? (['LEFT_OPEN'] as const) : []),
    ],
    // A snapshot's context is never changed in place, so the view may share its movements.
    movements,
    ...(lastClose ? { lastClose } : {}),
    version,
  };
}

/** Read model: one `drawer` row per drawer, its whole view at the latest version. */
export function projectDrawer(id: string, version: number, snapshot: Snapshot<DrawerContext>): ViewRow[] {
  return [{ kind: 'drawer', id, version, data: drawerView(id, version, snapshot) }];
}
