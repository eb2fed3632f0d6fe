/** The cashier's drawer as the POS shows it: the server's view, with what still waits in the outbox. */
import type { DrawerStatus, DrawerView, Role } from '../lib/contract.js';
import type { OutboxEntry } from '../lib/outbox.js';

/** The drawer commands of the contract, by the last segment of their path. */
export type DrawerAction = 'open' | 'pay-in' | 'pay-out' | 'drop' | 'no-sale' | 'count' | 'close';

/** The contract's PAYOUT_LIMIT_CENTS, for a server whose settings do not say it. */
export const DEFAULT_PAYOUT_LIMIT_CENTS = 20000;

export const drawerPath = (drawerId: string, action: DrawerAction) => `/api/drawers/${encodeURIComponent(drawerId)}/${action}`;

/** The drawer this terminal holds (the demo's drawer-1 at pos-1). */
export const drawerAt = (drawers: DrawerView[], terminalId: string) => drawers.find((d) => d.terminalId === terminalId) ?? null;

/** A pay-out over the limit needs a manager's PIN, unless a manager makes it. */
export const payOutNeedsApproval = (amountCents: number, role: Role, limitCents: number) =>
  role !== 'MANAGER' && amountCents > limitCents;

/** Opening the drawer with no sale always needs a manager, unless a manager does it. */
export const noSaleNeedsApproval = (role: Role) => role !== 'MANAGER';

const actionOf = (entry: OutboxEntry): DrawerAction | null =>
  entry.kind === 'drawer' ? ((entry.path.split('/').pop() ?? null) as DrawerAction | null) : null;

const AFTER: Partial<Record<DrawerAction, DrawerStatus>> = { open: 'OPEN', count: 'COUNTING', close: 'CLOSED' };

export interface DrawerShown {
  view: DrawerView;
  /** The status once what waits has gone out: a count sent offline starts the count on screen at once. */
  status: DrawerStatus;
  /** Drawer commands still in the outbox. */
  waiting: number;
  /** A close waits: its over/short comes with the server's answer. */
  closing: boolean;
}

export function drawerShown(view: DrawerView, pending: OutboxEntry[]): DrawerShown {
  const mine = pending.filter((e) => e.kind === 'drawer' && e.order === view.id);
  let status = view.status;
  for (const entry of mine) status = AFTER[actionOf(entry) ?? 'drop'] ?? status;
  return { view, status, waiting: mine.length, closing: mine.some((e) => actionOf(e) === 'close') };
}

/** A newer view of the drawer replaces the one held; an older or equal one is dropped. */
export const newer = (held: DrawerView | null, next: DrawerView) => !held || held.id !== next.id || next.version > held.version;
