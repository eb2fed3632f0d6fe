import type { ViewRow } from '../../shared/db/event-store.js';
import type { ActorKind, Call } from '../../shared/runtime/actor-kind.js';
import { followUpId } from '../../shared/runtime/actor-service.js';
import type { Snapshot } from '../../shared/runtime/decider.js';
import {
  PAYMENT_FACTS,
  paymentMachine,
  paymentRefusals,
  type PaymentCommand,
  type PaymentContext,
  type PaymentFact,
} from './payment.machine.js';

export type ChargeState = 'initiated' | 'unknown' | 'approved' | 'declined' | 'unavailable';

/** A card payment's charge as the payments service reads it back (never shown to screens: the order shows the payment). */
export interface ChargeView {
  id: string;
  orderId: string;
  state: ChargeState;
  amountCents: number;
  tipCents: number;
  key: string;
  /** The acquirer's token of the card (never the card's number): a charge left unknown is asked again with it. */
  cardToken: string;
  attempt: number;
  acquirer: string | null;
  /** The acquirer's id of the charge, which a refund names. */
  chargeId: string | null;
  reason: string | null;
  requestedAt: string;
  /** When it last changed: how long an unknown outcome has waited. */
  at: string;
  version: number;
}

export function chargeView(id: string, version: number, snapshot: Snapshot<PaymentContext>, fact: PaymentFact): ChargeView {
  const { orderId, amountCents, tipCents, key, cardToken, attempt, acquirer, chargeId, reason, requestedAt } = snapshot.context;
  const state = String(snapshot.value) as ChargeState;
  return {
    id,
    orderId,
    state,
    amountCents,
    tipCents,
    key,
    cardToken,
    attempt,
    acquirer,
    chargeId,
    reason,
    requestedAt,
    at: fact.at,
    version,
  };
}

/** Its own row, read by the payments service (a retry, the sweep of charges left unknown); no screen is told. */
const projectCharge = (id: string, version: number, snapshot: Snapshot<PaymentContext>, fact: PaymentFact): ViewRow[] => [
  { kind: 'payment', id, version, data: chargeView(id, version, snapshot, fact), pushed: null },
];

/** Why a declined card is off the check, in the words the POS shows. */
export const DECLINED = 'declined by the card issuer';

/** What the check hears of a charge's outcome: approved, it is paid; declined or unreachable, the payment is off it. */
export function orderCallOf(fact: PaymentFact, commandId: string): Call | null {
  const base = (f: { orderId: string; paymentId: string }) => ({
    orderId: f.orderId,
    paymentId: f.paymentId,
    commandId: followUpId(commandId, 'order'),
  });
  switch (fact.type) {
    case 'ChargeApproved':
      return { action: 'orders.confirmPayment', params: { ...base(fact), acquirer: fact.acquirer, authCode: fact.authCode } };
    case 'ChargeDeclined':
      return { action: 'orders.failPayment', params: { ...base(fact), reason: `${DECLINED} (${fact.reason})` } };
    case 'ChargeUnavailable':
      return { action: 'orders.failPayment', params: { ...base(fact), reason: 'no card acquirer could be reached' } };
    default:
      return null;
  }
}

export const paymentKind: ActorKind<PaymentContext, PaymentCommand, PaymentFact> = {
  type: 'payment',
  machine: paymentMachine,
  refusals: paymentRefusals,
  facts: PAYMENT_FACTS,
  bornBy: 'INITIATE',
  unknown: { type: 'UNKNOWN_PAYMENT', message: (id) => `No payment has the id ${id}.` },
  stateName: (snapshot) => String(snapshot.value),
  view: chargeView,
  views: ['payment'],
  project: projectCharge,
  // The check is told through the outbox, so an outcome stored just before a crash still reaches it.
  react: (facts, commandId) => facts.flatMap((fact) => orderCallOf(fact, commandId) ?? []),
};
