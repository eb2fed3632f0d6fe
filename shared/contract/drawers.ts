import type { Role } from './index.js';

export type DrawerStatus = 'CLOSED' | 'OPEN' | 'COUNTING';
/** Too much cash in it (DRAWER_MAX_CENTS); left open DRAWER_LEFT_OPEN_SECONDS, as its printer's sensor reads, until it shuts. */
export const DRAWER_ALERTS = ['DROP_NEEDED', 'LEFT_OPEN'] as const;
export type DrawerAlert = (typeof DRAWER_ALERTS)[number];
export type MovementType = 'FLOAT' | 'SALE' | 'REFUND' | 'PAY_IN' | 'PAY_OUT' | 'DROP' | 'NO_SALE';

/** Cash into or out of a drawer; `amountCents` is never negative, its type says which way it went. */
export interface MovementView {
  at: string;
  type: MovementType;
  amountCents: number;
  reason?: string;
  userId: string;
  approvedBy?: string;
  orderId?: string;
}

export interface LastCloseView {
  expectedCents: number;
  countedCents: number;
  /** `countedCents - expectedCents`: negative, the drawer is short. */
  overShortCents: number;
  closedAt: string;
  closedBy: string;
  /** Whose drawer it was: a manager may close a cashier's. */
  cashierId: string;
}

export interface DrawerView {
  id: string;
  terminalId: string;
  status: DrawerStatus;
  cashierId?: string;
  openedAt?: string;
  floatCents?: number;
  /** What should be in the drawer now; while COUNTING only a manager is told. */
  cashCents?: number;
  alerts: DrawerAlert[];
  /** This session's movements (the last one's once closed), oldest first. */
  movements: MovementView[];
  lastClose?: LastCloseView;
  version: number;
}

/**
 * The drawer as one role may see it. While a drawer is counted the count is blind: anyone but a manager is
 * told neither the cash it should hold nor what would add up to it (its movements, its drop alert); that it
 * hangs open says nothing of its cash.
 */
export function drawerSeenBy(view: DrawerView, role: Role | undefined): DrawerView {
  if (view.status !== 'COUNTING' || role === 'MANAGER') return view;
  const { cashCents: _cash, ...blind } = view;
  return { ...blind, alerts: view.alerts.filter((a) => a !== 'DROP_NEEDED'), movements: [] };
}
