import { describe, expect, it } from 'vitest';
import type { DrawerView } from '../lib/contract.js';
import type { OutboxEntry } from '../lib/outbox.js';
import { drawerAt, drawerPath, drawerShown, newer, noSaleNeedsApproval, payOutNeedsApproval } from './drawer-model.js';
import { voidNeedsApproval } from './pos-model.js';

const drawer = (over: Partial<DrawerView> = {}): DrawerView => ({
  id: 'drawer-1',
  terminalId: 'pos-1',
  status: 'CLOSED',
  alerts: [],
  movements: [],
  version: 0,
  ...over,
});

const waiting = (action: string, order = 'drawer-1'): OutboxEntry => ({
  commandId: crypto.randomUUID(),
  kind: 'drawer',
  path: drawerPath(order, action as 'open'),
  body: {},
  order,
  token: 't',
  at: 0,
});

describe('what needs a manager', () => {
  it("voids of food the kitchen has, unless a manager's", () => {
    expect(voidNeedsApproval('NEW', 'WAITER')).toBe(false);
    expect(voidNeedsApproval('FIRED', 'WAITER')).toBe(true);
    expect(voidNeedsApproval('READY', 'CASHIER')).toBe(true);
    expect(voidNeedsApproval('FIRED', 'MANAGER')).toBe(false);
  });

  it('a pay-out over the limit, not at it, and every no-sale, unless a manager makes them', () => {
    expect(payOutNeedsApproval(20000, 'CASHIER', 20000)).toBe(false);
    expect(payOutNeedsApproval(20001, 'CASHIER', 20000)).toBe(true);
    expect(payOutNeedsApproval(90000, 'MANAGER', 20000)).toBe(false);
    expect(noSaleNeedsApproval('CASHIER')).toBe(true);
    expect(noSaleNeedsApproval('MANAGER')).toBe(false);
  });
});

describe('the drawer on screen', () => {
  it("is the terminal's own", () => {
    const drawers = [drawer(), drawer({ id: 'drawer-2', terminalId: 'pos-2' })];
    expect(drawerAt(drawers, 'pos-2')?.id).toBe('drawer-2');
    expect(drawerAt(drawers, 'pos-9')).toBeNull();
  });

  it('follows what waits in the outbox: an open, then a count, then a close sent offline', () => {
    expect(drawerShown(drawer(), [waiting('open')])).toMatchObject({ status: 'OPEN', waiting: 1, closing: false });
    expect(drawerShown(drawer({ status: 'OPEN' }), [waiting('pay-in'), waiting('count')]).status).toBe('COUNTING');
    expect(drawerShown(drawer({ status: 'COUNTING' }), [waiting('close')])).toMatchObject({ status: 'CLOSED', closing: true });
    expect(drawerShown(drawer({ status: 'OPEN' }), [waiting('count', 'drawer-2')])).toMatchObject({ status: 'OPEN', waiting: 0 });
  });

  it('takes only a newer view', () => {
    expect(newer(null, drawer())).toBe(true);
    expect(newer(drawer({ version: 3 }), drawer({ version: 3 }))).toBe(false);
    expect(newer(drawer({ version: 3 }), drawer({ version: 4 }))).toBe(true);
  });
});
