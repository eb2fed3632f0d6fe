import { describe, expect, it } from 'vitest';
import { ApiError, NetworkError } from '../lib/api.js';
import { check, payment } from '../lib/test-orders.js';
import {
  changeOf,
  checkRefusal,
  discountNeedsApproval,
  leftToTake,
  quickAmounts,
  refundableOf,
  refundNeedsApproval,
  serviceNeedsApproval,
  sharesOf,
  suggestedAmount,
  tenderProblem,
} from './pay-model.js';
import { tableStates } from './pos-model.js';

describe('cash', () => {
  it('offers the exact amount and the next R$10, R$50 and R$100, each once, smallest first', () => {
    expect(quickAmounts(3750)).toEqual([3750, 4000, 5000, 10000]);
    expect(quickAmounts(4000)).toEqual([4000, 5000, 10000]);
    expect(quickAmounts(5000)).toEqual([5000, 10000]);
    expect(quickAmounts(10000)).toEqual([10000]);
    expect(quickAmounts(12001)).toEqual([12001, 13000, 15000, 20000]);
    expect(quickAmounts(1)).toEqual([1, 1000, 5000, 10000]);
    expect(quickAmounts(0)).toEqual([]);
  });

  it('gives back what was handed over less the amount, and nothing while it does not cover it', () => {
    expect(changeOf(5000, 3750)).toBe(1250);
    expect(changeOf(3750, 3750)).toBe(0);
    expect(changeOf(3749, 3750)).toBeNull();
    expect(changeOf(null, 3750)).toBeNull();
    expect(changeOf(5000, null)).toBeNull();
  });

  it('is not taken short, nor more than is left', () => {
    expect(tenderProblem('CASH', 3750, 3750, 3000)).toBe('payTenderedShort');
    expect(tenderProblem('CASH', 3750, 3750, null)).toBe('payTenderedShort');
    expect(tenderProblem('CASH', 3750, 3750, 5000)).toBeNull();
    expect(tenderProblem('CARD', 3751, 3750, null)).toBe('payOverLeft');
    expect(tenderProblem('PIX', 0, 3750, null)).toBe('payTypeAmount');
    expect(tenderProblem('PIX', null, 3750, null)).toBe('payTypeAmount');
    expect(tenderProblem('CARD', 1000, 3750, null)).toBeNull();
  });
});

describe('what is left to take', () => {
  it('is the due less what pending payments will take', () => {
    expect(leftToTake(check(10000))).toBe(10000);
    expect(leftToTake(check(10000, [payment({ amountCents: 4000 })]))).toBe(6000);
    expect(leftToTake(check(10000, [payment({ method: 'PIX', status: 'PENDING', amountCents: 4000 })]))).toBe(6000);
    expect(leftToTake(check(10000, [payment({ amountCents: 10000 })]))).toBe(0);
  });
});

describe('equal shares', () => {
  it('add up to the due, the odd cent on the first share', () => {
    expect(sharesOf({ parts: 3, from: 0 }, check(10000))).toEqual([
      { amountCents: 3334, taken: false },
      { amountCents: 3333, taken: false },
      { amountCents: 3333, taken: false },
    ]);
    const shares = sharesOf({ parts: 7, from: 0 }, check(10001));
    expect(shares.reduce((s, x) => s + x.amountCents, 0)).toBe(10001);
    expect(shares.map((s) => s.amountCents)).toEqual([1429, 1429, 1429, 1429, 1429, 1428, 1428]);
  });

  it('stay as first split while each payment takes its share, a pending PIX counting as taken', () => {
    const first = payment({ amountCents: 3334 });
    const second = payment({ method: 'PIX', status: 'PENDING', amountCents: 3333 });
    expect(sharesOf({ parts: 3, from: 0 }, check(10000, [first])).map((s) => [s.amountCents, s.taken])).toEqual([
      [3334, true],
      [3333, false],
      [3333, false],
    ]);
    expect(sharesOf({ parts: 3, from: 0 }, check(10000, [first, second])).map((s) => [s.amountCents, s.taken])).toEqual([
      [3334, true],
      [3333, true],
      [3333, false],
    ]);
    expect(suggestedAmount(check(10000, [first, second]), { parts: 3, from: 0 })).toBe(3333);
  });

  it('count only payments made since the split, and share out what one paid otherwise', () => {
    const before = payment({ amountCents: 1000 });
    const plan = { parts: 2, from: 1 };
    expect(sharesOf(plan, check(10000, [before])).map((s) => s.amountCents)).toEqual([4500, 4500]);
    expect(sharesOf(plan, check(10000, [before, payment({ amountCents: 5000 })])).map((s) => s.amountCents)).toEqual([
      5000, 4000,
    ]);
  });

  it('owe a share refunded whole again, and suggest all that is left once every share is taken', () => {
    const refunded = payment({ status: 'REFUNDED', amountCents: 5000, refundedCents: 5000 });
    expect(sharesOf({ parts: 2, from: 0 }, check(10000, [refunded])).map((s) => [s.amountCents, s.taken])).toEqual([
      [5000, false],
      [5000, false],
    ]);
    const short = check(10000, [payment({ amountCents: 4000 }), payment({ amountCents: 4000 })]);
    expect(sharesOf({ parts: 2, from: 0 }, short).every((s) => s.taken)).toBe(true);
    expect(suggestedAmount(short, { parts: 2, from: 0 })).toBe(2000);
    expect(suggestedAmount(short, null)).toBe(2000);
  });
});

describe('what needs a manager on the check', () => {
  it('every discount, a waiver and a refund over the limit, unless a manager', () => {
    expect(discountNeedsApproval('WAITER')).toBe(true);
    expect(discountNeedsApproval('MANAGER')).toBe(false);
    expect(serviceNeedsApproval(true, 'CASHIER')).toBe(true);
    expect(serviceNeedsApproval(false, 'CASHIER')).toBe(false);
    expect(serviceNeedsApproval(true, 'MANAGER')).toBe(false);
    expect(refundNeedsApproval(10000, 'CASHIER', 10000)).toBe(false);
    expect(refundNeedsApproval(10001, 'CASHIER', 10000)).toBe(true);
    expect(refundNeedsApproval(90000, 'MANAGER', 10000)).toBe(false);
  });

  it('refunds at most what is left of an approved payment', () => {
    expect(refundableOf(payment({ amountCents: 5000, refundedCents: 1500 }))).toBe(3500);
    expect(refundableOf(payment({ status: 'PENDING', amountCents: 5000 }))).toBe(0);
    expect(refundableOf(payment({ status: 'REFUNDED', amountCents: 5000, refundedCents: 5000 }))).toBe(0);
  });
});

describe('what the pay screen says of a refusal', () => {
  it('names the decline, the acquirers down, the amount still due and a lost answer', () => {
    expect(checkRefusal(new ApiError(402, 'PAYMENT_DECLINED', 'declined'))).toEqual({ key: 'payDeclined' });
    expect(checkRefusal(new ApiError(503, 'PAYMENT_UNAVAILABLE', 'down'))).toEqual({ key: 'payCardsDown' });
    expect(checkRefusal(new ApiError(409, 'AMOUNT_DUE', 'due', { dueCents: 1234 }))).toEqual({
      key: 'payAmountDue',
      dueCents: 1234,
    });
    expect(checkRefusal(new ApiError(409, 'AMOUNT_DUE', 'due'))).toEqual({ key: 'payAmountDueNoSum' });
    expect(checkRefusal(new ApiError(409, 'DRAWER_NOT_OPEN', 'closed'))).toEqual({ key: 'payDrawerNotOpen' });
    expect(checkRefusal(new NetworkError('down'))).toEqual({ key: 'payNoAnswer' });
    expect(checkRefusal(new ApiError(500, 'INTERNAL', 'oops'))).toEqual({ key: 'payNoAnswer' });
    expect(checkRefusal(new ApiError(422, 'UNKNOWN_ITEM', 'no such item'))).toBeNull();
  });
});

describe('the table map', () => {
  it('keeps a paid check at its table until it is closed, and shows the busiest of a split table’s checks', () => {
    const paid = check(1000, [payment({ amountCents: 1000 })], { status: 'PAID' });
    expect(tableStates([7], [paid], [])[0]?.state).toBe('paid');
    expect(tableStates([7], [paid, check(2000, [], { id: 'o-2', number: 13 })], [])[0]?.state).toBe('sent');
    expect(tableStates([7], [{ ...paid, status: 'CLOSED' }], [])[0]?.state).toBe('free');
  });
});
