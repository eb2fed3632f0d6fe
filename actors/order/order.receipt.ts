import { discountsOf, subtotalOf, type CheckTotals, type PaymentView } from '../../shared/contract/index.js';
import type { Call } from '../../shared/runtime/actor-kind.js';
import { followUpId } from '../../shared/runtime/actor-service.js';
import type { Snapshot } from '../../shared/runtime/decider.js';
import { totalsOf, type OrderContext, type OrderFact } from './order.machine.js';
import { orderStates } from './order.projection.js';

/** The customer's receipt: the check as it stood when the fact that prints it happened, kept in the print job. */
export interface Receipt {
  orderId: string;
  number: number;
  table: number | null;
  at: string;
  /** A weighed line has its grams and, unless weighed before it was kept, the price per kilo they were priced at. */
  items: { name: string; quantity: number; priceCents: number; grams?: number; pricePerKgCents?: number }[];
  discounts: { reason: string; percent?: number; amountCents: number }[];
  /** The service charge's percent as the check charges it: 0 when waived or off a table. */
  servicePercent: number;
  totals: CheckTotals;
  payments: PaymentView[];
}

export function receiptOf(context: OrderContext, at: string): Receipt {
  const items = context.items.filter((i) => i.status !== 'VOIDED');
  const taken = discountsOf(subtotalOf(context.items), context.discounts);
  const totals = totalsOf(context);
  return {
    orderId: context.id,
    number: context.number,
    table: context.table,
    at,
    items: items.map(({ name, quantity, priceCents, grams, pricePerKgCents }) => ({
      name,
      quantity,
      priceCents,
      ...(grams !== undefined && { grams }),
      ...(pricePerKgCents !== undefined && { pricePerKgCents }),
    })),
    discounts: context.discounts.map((d, i) => ({
      reason: d.reason,
      ...(d.percent !== undefined ? { percent: d.percent } : {}),
      amountCents: taken[i]!,
    })),
    servicePercent: totals.serviceCents > 0 ? context.servicePercent : 0,
    totals,
    payments: context.payments,
  };
}

/**
 * What a payment prints on the receipt printer of the terminal that took it: the receipt once the check is PAID
 * (by the payment that settled it: one receipt with every payment on it, not a slip per card of a split bill),
 * and, while a PIX waits for the payer's bank, the check with its QR code to scan. Each job's id is made from
 * the fact, so the same payment told twice (a webhook again, a retry) prints once.
 */
export function receiptCalls(fact: OrderFact, state: Snapshot<OrderContext>, commandId: string): Call[] {
  const call = (paymentId: string, jobId: string): Call => ({
    action: 'printers.receipt',
    params: {
      orderId: state.context.id,
      paymentId,
      jobId,
      receipt: receiptOf(state.context, fact.at),
      commandId: followUpId(commandId, jobId),
    },
  });
  if (fact.type === 'PaymentRecorded' && fact.payment.method === 'PIX' && fact.payment.status === 'PENDING')
    return [call(fact.payment.id, `pix:${fact.payment.id}`)];
  const paymentId =
    fact.type === 'PaymentConfirmed'
      ? fact.paymentId
      : fact.type === 'PaymentRecorded' && fact.payment.status === 'APPROVED'
        ? fact.payment.id
        : null;
  if (paymentId === null || orderStates(state)?.status !== 'PAID') return [];
  return [call(paymentId, `receipt:${state.context.id}:${paymentId}`)];
}
