/** The pay screen's arithmetic and rules, from the order view the server sent. No DOM: unit-tested in Node. */
import { equalShares, pendingOf } from '../../shared/contract/check.js';
import { ApiError } from '../lib/api.js';
import { outcomeUnknown } from '../lib/approval.js';
import type { Order, PaymentMethod, Role } from '../lib/contract.js';
import type { MessageKey } from '../lib/i18n.js';

/** The contract's REFUND_LIMIT_CENTS, for a server whose settings do not say it. */
export const DEFAULT_REFUND_LIMIT_CENTS = 10000;

/** The simulated acquirers' cards (the contract's "Test card" list): two approve, two decline. */
export const TEST_CARDS = ['tok_visa', 'tok_master', 'tok_declined', 'tok_insufficient'] as const;

/**
 * What is left to take: what is due, less what pending payments (a PIX the bank has not confirmed, a card whose
 * acquirer has not answered) will take once approved. Offering more would be refused as an overpayment.
 */
export const leftToTake = (order: Order) => Math.max(0, order.totals.dueCents - pendingOf(order.payments));

/**
 * The notes a guest is likely to hand over for `cents`: the exact amount, then it rounded up to the next R$ 10,
 * R$ 50 and R$ 100; each once, smallest first (R$ 37,50: 37,50, 40, 50, 100; R$ 40: 40, 50, 100).
 */
export function quickAmounts(cents: number): number[] {
  if (!Number.isSafeInteger(cents) || cents <= 0) return [];
  const up = (step: number) => Math.ceil(cents / step) * step;
  return [...new Set([cents, up(1000), up(5000), up(10000)])];
}

/** The change to give back for cash handed over, or null while it does not cover the amount. */
export const changeOf = (tenderedCents: number | null, amountCents: number | null) =>
  tenderedCents === null || amountCents === null || tenderedCents < amountCents ? null : tenderedCents - amountCents;

/** A check paid in equal shares: how many, and how many payments the check had before the first share. */
export interface SharePlan {
  parts: number;
  from: number;
}

export interface Share {
  amountCents: number;
  /** A payment was taken for it (PENDING until its PIX or card is confirmed). */
  taken: boolean;
}

/**
 * The shares of a check split `plan.parts` ways, each payment made since the plan a share taken. The shares left
 * are what is left to take in equal parts (equalShares: the odd cent on the first), which is exactly the rest of
 * the first split when each payment took its share, and shares out the difference when one paid otherwise. A
 * payment refunded whole is owed again.
 */
export function sharesOf(plan: SharePlan, order: Order): Share[] {
  const taken = order.payments.slice(plan.from).filter((p) => p.status !== 'REFUNDED');
  const partsLeft = plan.parts - taken.length;
  const left = partsLeft > 0 ? equalShares(leftToTake(order), partsLeft) : [];
  return [
    ...taken.map((p) => ({ amountCents: p.amountCents, taken: true })),
    ...left.map((amountCents) => ({ amountCents, taken: false })),
  ];
}

/** The amount a payment takes unless the waiter types another: the next share, else all that is left. */
export function suggestedAmount(order: Order, plan: SharePlan | null): number {
  const next = plan ? sharesOf(plan, order).find((s) => !s.taken) : undefined;
  return next?.amountCents ?? leftToTake(order);
}

/** A payment as the POS sends it (POST /api/orders/:id/payments, without its commandId). */
export type Tender =
  | { method: 'CASH'; amountCents: number; tenderedCents: number }
  | { method: 'CARD'; amountCents: number; tipCents?: number; cardToken: string }
  | { method: 'PIX'; amountCents: number };

/** Why a tender cannot be sent as it is, before asking the server; null when it can. */
export function tenderProblem(
  method: PaymentMethod,
  amountCents: number | null,
  leftCents: number,
  tenderedCents: number | null,
): MessageKey | null {
  if (amountCents === null || amountCents <= 0) return 'payTypeAmount';
  if (amountCents > leftCents) return 'payOverLeft';
  if (method === 'CASH' && changeOf(tenderedCents, amountCents) === null) return 'payTenderedShort';
  return null;
}

/** Every discount takes a manager's PIN, unless a manager gives it. */
export const discountNeedsApproval = (role: Role) => role !== 'MANAGER';

/** Waiving the service charge takes a manager's PIN, unless a manager waives it; charging it again takes none. */
export const serviceNeedsApproval = (waived: boolean, role: Role) => waived && role !== 'MANAGER';

/** A refund over the limit takes a manager's PIN, unless a manager makes it. */
export const refundNeedsApproval = (amountCents: number, role: Role, limitCents: number) =>
  role !== 'MANAGER' && amountCents > limitCents;

/** What the check's commands do, by the last segment of their path. */
export type CheckAction = 'payments' | 'discounts' | 'service' | 'split' | 'close';

export const checkPath = (orderId: string, action: CheckAction) => `/api/orders/${encodeURIComponent(orderId)}/${action}`;

export const refundPath = (orderId: string, paymentId: string) =>
  `/api/orders/${encodeURIComponent(orderId)}/payments/${encodeURIComponent(paymentId)}/refund`;

/** What a refund may still give back of a payment. */
export const refundableOf = (payment: Order['payments'][number]) =>
  payment.status === 'APPROVED' ? payment.amountCents - payment.refundedCents : 0;

/**
 * What the pay screen says about a check command that failed, in the waiter's words with what to do next; null
 * for a refusal it has no words of its own for (the outbox's refusalText says those).
 */
export function checkRefusal(error: unknown): { key: MessageKey; dueCents?: number } | null {
  if (error instanceof ApiError) {
    if (error.type === 'PAYMENT_DECLINED') return { key: 'payDeclined' };
    if (error.type === 'PAYMENT_UNAVAILABLE') return { key: 'payCardsDown' };
    if (error.type === 'AMOUNT_DUE') {
      const due = (error.data as { dueCents?: unknown } | null)?.dueCents;
      return typeof due === 'number' ? { key: 'payAmountDue', dueCents: due } : { key: 'payAmountDueNoSum' };
    }
    if (error.type === 'OVERPAYMENT') return { key: 'payOverpayment' };
    if (error.type === 'DRAWER_NOT_OPEN') return { key: 'payDrawerNotOpen' };
    if (error.type === 'PAID_BEYOND_TOTAL') return { key: 'payBeyondTotal' };
  }
  return outcomeUnknown(error) ? { key: 'payNoAnswer' } : null;
}
