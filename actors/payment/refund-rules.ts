import type { ErrorType, PaymentView } from '../../shared/contract/index.js';

export interface RefundAsked {
  payment: PaymentView;
  /** What is to be given back; all that is left of the payment when not said. */
  amountCents: number | undefined;
  /** The business day the order was rung on, and the one open now (null: none). */
  orderDay: number | null;
  openDay: number | null;
  /** REFUND_LIMIT_CENTS: more than this takes a manager. */
  limitCents: number;
  /** The manager who answers for it: the caller if one, else whoever approved it; null when none. */
  approvedBy: string | null;
}

/**
 * Whether a refund may be made, decided before any money moves (cash out of a drawer, a card's refund at its acquirer
 * cannot be taken back): what is given back, or why not. The order's machine checks again what it can see when the
 * refund is recorded.
 */
export function refundDecision(asked: RefundAsked): { amountCents: number } | { type: ErrorType; message: string } {
  const { payment, orderDay, openDay, limitCents, approvedBy } = asked;
  const left = payment.amountCents - payment.refundedCents;
  const amountCents = asked.amountCents ?? left;
  if (orderDay === null || orderDay !== openDay) {
    return {
      type: 'INVALID_TRANSITION',
      message: 'This order is not of the open business day: its payments are refunded no more.',
    };
  }
  if (payment.status !== 'APPROVED' || amountCents > left) {
    return {
      type: 'INVALID_TRANSITION',
      message:
        payment.status === 'PENDING'
          ? `Payment ${payment.id} is still pending: there is nothing to refund yet.`
          : `At most ${(left / 100).toFixed(2)} of payment ${payment.id} is left to refund.`,
    };
  }
  if (amountCents > limitCents && approvedBy === null) {
    return {
      type: 'APPROVAL_REQUIRED',
      message: `A refund over ${(limitCents / 100).toFixed(2)} needs a manager's approval (approval: { pin }).`,
    };
  }
  return { amountCents };
}
