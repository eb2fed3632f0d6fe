import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkTotals,
  discountsOf,
  equalShares,
  pendingOf,
  percentOf,
  subtotalOf,
  type CheckInput,
  type CheckPayment,
  type DiscountRule,
} from './check.js';

const item = fc.record({
  priceCents: fc.integer({ min: 0, max: 100_000 }),
  quantity: fc.integer({ min: 1, max: 99 }),
  status: fc.constantFrom('NEW', 'FIRED', 'READY', 'VOIDED'),
});
const discount: fc.Arbitrary<DiscountRule> = fc.oneof(
  fc.integer({ min: 1, max: 100 }).map((percent) => ({ percent })),
  fc.integer({ min: 1, max: 1_000_000 }).map((amountCents) => ({ amountCents })),
);
const check = fc.record({
  items: fc.array(item, { maxLength: 30 }),
  discounts: fc.array(discount, { maxLength: 4 }),
  servicePercent: fc.integer({ min: 0, max: 30 }),
  onTable: fc.boolean(),
  serviceWaived: fc.boolean(),
});
type Drawn = typeof check extends fc.Arbitrary<infer T> ? T : never;
const inputOf = ({ items, ...rest }: Drawn, payments: CheckPayment[] = []): CheckInput => ({
  ...rest,
  subtotalCents: subtotalOf(items),
  payments,
});

describe('the check', () => {
  it('rounds a percent half up to the cent, and only there', () => {
    expect([percentOf(125, 10), percentOf(124, 10), percentOf(135, 10), percentOf(0, 10), percentOf(999, 0)]).toEqual([
      13, 12, 14, 0, 0,
    ]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 100 }), (cents, percent) => {
        const exact = cents * percent; // hundredths of a cent
        const off = exact - 100 * percentOf(cents, percent);
        expect(off).toBeGreaterThanOrEqual(-50);
        expect(off).toBeLessThan(50);
      }),
    );
  });

  it('sums the items not voided', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 30 }), (items) => {
        const kept = items.filter((i) => i.status !== 'VOIDED');
        expect(subtotalOf(items)).toBe(kept.reduce((sum, i) => sum + i.priceCents * i.quantity, 0));
      }),
    );
  });

  it('always comes to total = subtotal - discount + service, the discounts never more than the subtotal', () => {
    fc.assert(
      fc.property(check, (drawn) => {
        const input = inputOf(drawn);
        const totals = checkTotals(input);
        const each = discountsOf(input.subtotalCents, input.discounts);
        expect(totals.totalCents).toBe(totals.subtotalCents - totals.discountCents + totals.serviceCents);
        expect(each.reduce((sum, c) => sum + c, 0)).toBe(totals.discountCents);
        expect(each.every((c) => c >= 0)).toBe(true);
        expect(totals.discountCents).toBeLessThanOrEqual(totals.subtotalCents);
        expect(totals.totalCents).toBeGreaterThanOrEqual(totals.serviceCents);
        const charged = drawn.onTable && !drawn.serviceWaived;
        expect(totals.serviceCents).toBe(
          charged ? percentOf(totals.subtotalCents - totals.discountCents, drawn.servicePercent) : 0,
        );
        expect([totals.paidCents, totals.tipCents, totals.dueCents]).toEqual([0, 0, totals.totalCents]);
      }),
    );
  });

  it('takes a percent of the subtotal, and an amount as given, until nothing is left to take', () => {
    expect(discountsOf(10_000, [{ percent: 10 }, { amountCents: 500 }, { percent: 100 }])).toEqual([1000, 500, 8500]);
    expect(discountsOf(999, [{ percent: 50 }])).toEqual([500]);
    const table = { discounts: [], servicePercent: 10, onTable: true, serviceWaived: false, payments: [] };
    expect(checkTotals({ ...table, subtotalCents: 10_005 })).toMatchObject({ serviceCents: 1001, totalCents: 11_006 });
    expect(checkTotals({ ...table, subtotalCents: 10_005, onTable: false })).toMatchObject({ serviceCents: 0 });
    expect(checkTotals({ ...table, subtotalCents: 5000, discounts: [{ percent: 100 }] })).toMatchObject({
      discountCents: 5000,
      serviceCents: 0,
      totalCents: 0,
      dueCents: 0,
    });
  });

  it('never owes less than nothing while each payment is at most what is due (pending ones counted as coming)', () => {
    const payment = fc.record({
      share: fc.double({ min: 0, max: 1, noNaN: true }),
      tipCents: fc.integer({ min: 0, max: 5000 }),
      status: fc.constantFrom<CheckPayment['status']>('PENDING', 'APPROVED'),
      refund: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(check, fc.array(payment, { maxLength: 6 }), (drawn, drawnPayments) => {
        const payments: CheckPayment[] = [];
        for (const p of drawnPayments) {
          const { dueCents } = checkTotals(inputOf(drawn, payments));
          const open = dueCents - pendingOf(payments);
          const amountCents = Math.floor(open * p.share);
          const refundedCents = p.status === 'APPROVED' ? Math.floor(amountCents * p.refund) : 0;
          const status = refundedCents === amountCents && p.status === 'APPROVED' ? 'REFUNDED' : p.status;
          payments.push({ status, amountCents, tipCents: p.tipCents, refundedCents });
          const totals = checkTotals(inputOf(drawn, payments));
          expect(totals.dueCents).toBeGreaterThanOrEqual(pendingOf(payments));
          expect(totals.dueCents).toBe(totals.totalCents - totals.paidCents);
          expect(totals.paidCents).toBeGreaterThanOrEqual(0);
        }
        // Whatever was paid, the rest in one payment settles the check to the cent, tips apart.
        const { dueCents } = checkTotals(inputOf(drawn, payments));
        const rest = dueCents - pendingOf(payments);
        const approved = payments.map((p) => (p.status === 'PENDING' ? { ...p, status: 'APPROVED' as const } : p));
        const settled = checkTotals(
          inputOf(drawn, [...approved, { status: 'APPROVED', amountCents: rest, tipCents: 0, refundedCents: 0 }]),
        );
        expect(settled.dueCents).toBe(0);
        expect(settled.tipCents).toBe(approved.filter((p) => p.status === 'APPROVED').reduce((sum, p) => sum + p.tipCents, 0));
      }),
    );
  });

  it('shares an amount in parts that add up to it, the odd cents to the first parts', () => {
    expect(equalShares(1000, 3)).toEqual([334, 333, 333]);
    expect(equalShares(1001, 3)).toEqual([334, 334, 333]);
    expect(equalShares(2, 4)).toEqual([1, 1, 0, 0]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 1, max: 50 }), (cents, parts) => {
        const shares = equalShares(cents, parts);
        expect(shares).toHaveLength(parts);
        expect(shares.reduce((sum, s) => sum + s, 0)).toBe(cents);
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
        expect(shares.every((s, i) => i === 0 || s <= shares[i - 1]!)).toBe(true);
      }),
    );
    expect(() => equalShares(100, 0)).toThrow(RangeError);
    expect(() => equalShares(-1, 2)).toThrow(RangeError);
    expect(() => equalShares(1.5, 2)).toThrow(RangeError);
  });
});
