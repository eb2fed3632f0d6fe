/** What the customer display shows of its POS's orders. No DOM: unit-tested in Node. */
import { pendingOf } from '../../shared/contract/check.js';
import type { Order, PaymentView } from '../lib/contract.js';

/**
 * The check: the lines as rung and the total; once paying has begun, what is left to pay; a PIX waiting for the
 * guest's bank, its QR code; nothing left to pay, "paid, thank you".
 */
export type CustomerScreen =
  | { kind: 'order'; paying: boolean; leftCents: number }
  | { kind: 'pix'; payment: PaymentView & { brCode: string } }
  | { kind: 'paid' };

export function customerScreen(order: Order): CustomerScreen {
  const pix = order.payments.find(
    (p): p is PaymentView & { brCode: string } => p.method === 'PIX' && p.status === 'PENDING' && !!p.brCode,
  );
  if (pix) return { kind: 'pix', payment: pix };
  if (order.status === 'PAID' || (order.status === 'CLOSED' && order.payments.length > 0)) return { kind: 'paid' };
  const paying = order.totals.paidCents > 0 || pendingOf(order.payments) > 0;
  return { kind: 'order', paying, leftCents: order.totals.dueCents - pendingOf(order.payments) };
}

/** What the waiter changes on an order, which brings it on show: its lines, its sums, its payments. */
export const actedOn = (o: Order) =>
  [o.status, o.items.length, o.totals.totalCents, o.totals.dueCents, ...o.payments.map((p) => `${p.id}:${p.status}`)].join('|');

/**
 * Whether an order of the pair is for the display: open or paid (and the one just closed, to thank the guest).
 * An order the pass has served leaves it, unless its check is being paid: the guest then sees what they owe.
 */
export function onShow(o: Order, current: boolean): boolean {
  const atTable = o.status === 'OPEN' || o.status === 'PAID' || (current && o.status === 'CLOSED');
  const paying = o.payments.length > 0 || o.discounts.length > 0 || o.status !== 'OPEN';
  return atTable && (!o.servedAt || paying);
}
