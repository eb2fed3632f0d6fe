import { describe, expect, it } from 'vitest';
import type { PaymentView } from '../../shared/contract/index.js';
import { refundDecision } from './refund-rules.js';

const payment: PaymentView = {
  id: 'p1',
  method: 'CARD',
  status: 'APPROVED',
  amountCents: 15_000,
  tipCents: 1000,
  refundedCents: 2000,
  at: '2026-12-01T10:00:00.000Z',
  userId: 'wagner',
};
const asked = { payment, amountCents: undefined, orderDay: 4, openDay: 4, limitCents: 10_000, approvedBy: null };

describe('a refund, before any money moves', () => {
  it('gives back all that is left unless an amount is said; over the limit it takes a manager', () => {
    expect(refundDecision({ ...asked, amountCents: 500 })).toEqual({ amountCents: 500 });
    expect(refundDecision(asked)).toMatchObject({ type: 'APPROVAL_REQUIRED' });
    expect(refundDecision({ ...asked, approvedBy: 'maria' })).toEqual({ amountCents: 13_000 });
    expect(refundDecision({ ...asked, amountCents: 10_000 })).toEqual({ amountCents: 10_000 });
  });

  it('refuses more than is left, a pending or refunded payment, and an order of another day', () => {
    expect(refundDecision({ ...asked, amountCents: 13_001, approvedBy: 'maria' })).toMatchObject({ type: 'INVALID_TRANSITION' });
    expect(refundDecision({ ...asked, payment: { ...payment, status: 'PENDING' } })).toMatchObject({
      type: 'INVALID_TRANSITION',
      message: expect.stringContaining('pending'),
    });
    expect(refundDecision({ ...asked, payment: { ...payment, status: 'REFUNDED', refundedCents: 15_000 } })).toMatchObject({
      type: 'INVALID_TRANSITION',
    });
    expect(refundDecision({ ...asked, openDay: 5, amountCents: 1 })).toMatchObject({ type: 'INVALID_TRANSITION' });
    expect(refundDecision({ ...asked, orderDay: null, amountCents: 1 })).toMatchObject({ type: 'INVALID_TRANSITION' });
  });
});
