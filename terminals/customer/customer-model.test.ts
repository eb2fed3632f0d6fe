import { describe, expect, it } from 'vitest';
import { check, payment } from '../lib/test-orders.js';
import { actedOn, customerScreen, onShow } from './customer-model.js';

describe('the customer display', () => {
  it('shows the total, then what is left to pay once paying has begun', () => {
    expect(customerScreen(check(10000))).toEqual({ kind: 'order', paying: false, leftCents: 10000 });
    expect(customerScreen(check(10000, [payment({ amountCents: 4000 })]))).toEqual({
      kind: 'order',
      paying: true,
      leftCents: 6000,
    });
  });

  it('shows the QR code of a PIX waiting for the guest’s bank, and thanks the guest once nothing is due', () => {
    const pix = payment({ method: 'PIX', status: 'PENDING', amountCents: 10000, brCode: '000201...' });
    expect(customerScreen(check(10000, [pix]))).toEqual({ kind: 'pix', payment: pix });
    const paid = check(10000, [{ ...pix, status: 'APPROVED' }], { status: 'PAID' });
    expect(customerScreen(paid)).toEqual({ kind: 'paid' });
    expect(customerScreen({ ...paid, status: 'CLOSED' })).toEqual({ kind: 'paid' });
  });

  it('brings an order on show when it is rung or paid, not when its kitchen state changes', () => {
    const open = check(10000);
    expect(actedOn({ ...open, kitchen: 'READY', version: 4 })).toBe(actedOn(open));
    expect(actedOn(check(10000, [payment({ method: 'PIX', status: 'PENDING', amountCents: 10000 })]))).not.toBe(actedOn(open));
    expect(actedOn(check(12000))).not.toBe(actedOn(open));
  });

  it('lets a served order go, unless its check is being paid; a closed one stays only while it is the one on show', () => {
    const served = check(10000, [], { servedAt: '2026-12-01T19:30:00.000Z' });
    expect(onShow(check(10000), false)).toBe(true);
    expect(onShow(served, true)).toBe(false);
    expect(onShow({ ...served, payments: [payment({ amountCents: 1000 })] }, true)).toBe(true);
    expect(onShow({ ...served, status: 'PAID' }, false)).toBe(true);
    expect(onShow({ ...served, status: 'CLOSED' }, false)).toBe(false);
    expect(onShow({ ...served, status: 'CLOSED' }, true)).toBe(true);
    expect(onShow({ ...served, status: 'CANCELLED' }, true)).toBe(false);
  });
});
