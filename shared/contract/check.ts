/**
 * How a check adds up, in integer cents: the contract's "Checks and payments". The order's view, the day's sales
 * and the POS all add a check up with these functions, so every screen and report agrees to the cent.
 */

/** A discount as it was given: a percent of the subtotal, or an amount off it (exactly one of the two). */
export interface DiscountRule {
  percent?: number;
  amountCents?: number;
}

/** A payment as the check counts it. */
export interface CheckPayment {
  status: 'PENDING' | 'APPROVED' | 'REFUNDED';
  amountCents: number;
  tipCents: number;
  refundedCents: number;
}

/** What a check is made of. */
export interface CheckInput {
  /** The items not voided, priced as they were rung. */
  subtotalCents: number;
  /** In the order they were given. */
  discounts: readonly DiscountRule[];
  /** SERVICE_CHARGE_PERCENT as it was when the order was opened. */
  servicePercent: number;
  /** The service charge is charged only on orders with a table. */
  onTable: boolean;
  serviceWaived: boolean;
  payments: readonly CheckPayment[];
}

export interface CheckTotals {
  subtotalCents: number;
  discountCents: number;
  serviceCents: number;
  totalCents: number;
  paidCents: number;
  tipCents: number;
  dueCents: number;
}

/**
 * `percent` % of `cents`, rounded half up to the cent (12.5 cents is 13): the check's one rounding. Both are
 * whole numbers, so the product is exact and only the division rounds.
 */
export function percentOf(cents: number, percent: number): number {
  return Math.floor((cents * percent + 50) / 100);
}

/**
 * What `grams` of a product sold by weight cost at `pricePerKgCents`, rounded half up to the cent: worked out
 * once when the item is rung and kept as its price, and shown live on the POS while the scale settles.
 */
export function weighedCents(grams: number, pricePerKgCents: number): number {
  return Math.floor((grams * pricePerKgCents + 500) / 1000);
}

/** The sum of the lines not voided. */
export const subtotalOf = (items: readonly { priceCents: number; quantity: number; status: string }[]): number =>
  items.reduce((sum, i) => (i.status === 'VOIDED' ? sum : sum + i.priceCents * i.quantity), 0);

/**
 * What each discount takes off, in the order given: a percent of the subtotal, or its amount, but never more
 * than the discounts before it left, so the discounts add up to at most the subtotal and the total is never
 * below the service charge. A percent applies to the subtotal as it is now: items rung after it are discounted too.
 */
export function discountsOf(subtotalCents: number, discounts: readonly DiscountRule[]): number[] {
  let left = subtotalCents;
  return discounts.map((d) => {
    const cents = Math.min(left, d.percent !== undefined ? percentOf(subtotalCents, d.percent) : (d.amountCents ?? 0));
    left -= cents;
    return cents;
  });
}

/**
 * A check's totals. `serviceCents` is `servicePercent` of the subtotal less the discounts, on orders with a table,
 * unless waived; `totalCents = subtotal - discount + service`; `paidCents` is what the payments that are not
 * pending took for the check, less what was refunded, tips apart; `tipCents` the tips of the payments still
 * approved (a payment refunded whole gives its tip back); `dueCents = total - paid`.
 */
export function checkTotals(check: CheckInput): CheckTotals {
  const { subtotalCents, payments } = check;
  const discountCents = discountsOf(subtotalCents, check.discounts).reduce((sum, c) => sum + c, 0);
  const charged = check.onTable && !check.serviceWaived;
  const serviceCents = charged ? percentOf(subtotalCents - discountCents, check.servicePercent) : 0;
  const totalCents = subtotalCents - discountCents + serviceCents;
  const taken = payments.filter((p) => p.status !== 'PENDING');
  const paidCents = taken.reduce((sum, p) => sum + p.amountCents - p.refundedCents, 0);
  const tipCents = taken.filter((p) => p.status === 'APPROVED').reduce((sum, p) => sum + p.tipCents, 0);
  return { subtotalCents, discountCents, serviceCents, totalCents, paidCents, tipCents, dueCents: totalCents - paidCents };
}

/** What pending payments will take once approved: a check is settled only when none is left. */
export const pendingOf = (payments: readonly CheckPayment[]): number =>
  payments.reduce((sum, p) => (p.status === 'PENDING' ? sum + p.amountCents : sum), 0);

/**
 * `cents` in `parts` shares that add up to it exactly, as equal as whole cents allow: the odd cents go one each
 * to the first shares (10.00 in three is 3.34, 3.33, 3.33). What the POS offers for a check paid in equal shares.
 */
export function equalShares(cents: number, parts: number): number[] {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`Cannot share ${cents} cents.`);
  if (!Number.isSafeInteger(parts) || parts < 1) throw new RangeError(`Cannot share in ${parts} parts.`);
  const share = Math.floor(cents / parts);
  const odd = cents - share * parts;
  return Array.from({ length: parts }, (_, i) => (i < odd ? share + 1 : share));
}
