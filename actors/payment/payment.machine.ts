import { assign, emit, setup } from 'xstate';
import type { Refusals } from '../../shared/runtime/refusal.js';

/** What an attempt at the acquirers came to, as the acquirer client says it (shared/payments/acquirer-client.ts). */
export type ChargeOutcome =
  | { status: 'approved'; acquirer: string; chargeId: string; authCode: string }
  | { status: 'declined'; acquirer: string; reason?: string }
  /** Every acquirer failed with a known outcome: nothing was charged. */
  | { status: 'unavailable' }
  /** The card may have been charged there: only that acquirer can tell, by the key. */
  | { status: 'unknown'; acquirer: string };

/** One card payment: its charge, under one idempotency key, from the request to what the acquirer made of it. */
export interface PaymentContext {
  id: string;
  orderId: string;
  /** What the check takes; the card is charged this plus the tip. */
  amountCents: number;
  tipCents: number;
  cardToken: string;
  /** The idempotency key every acquirer sees for this charge, stored before any is called. */
  key: string;
  /** Who took it. */
  userId: string;
  /** 1, then one more each time a charge that reached no acquirer is tried again. */
  attempt: number;
  /** Where the charge was made, or may have been (an unknown outcome). */
  acquirer: string | null;
  chargeId: string | null;
  authCode: string | null;
  /** Why it was declined. */
  reason: string | null;
  requestedAt: string;
}

export type PaymentCommand =
  | {
      type: 'INITIATE';
      paymentId: string;
      orderId: string;
      amountCents: number;
      tipCents: number;
      cardToken: string;
      key: string;
      userId: string;
      at: string;
    }
  /** What the acquirers said of the charge (an unknown outcome only the first time: it changes nothing after). */
  | { type: 'RECORD_OUTCOME'; outcome: ChargeOutcome; at: string }
  /** A charge that reached no acquirer is tried again (the same commandId sent again), under the same key. */
  | { type: 'RETRY'; at: string };

export type PaymentFact =
  | {
      type: 'ChargeRequested';
      paymentId: string;
      orderId: string;
      amountCents: number;
      tipCents: number;
      cardToken: string;
      key: string;
      userId: string;
      at: string;
    }
  /** The outcomes the check hears of name their payment and order: the order confirms or drops the payment. */
  | {
      type: 'ChargeApproved';
      paymentId: string;
      orderId: string;
      acquirer: string;
      chargeId: string;
      authCode: string;
      at: string;
    }
  | { type: 'ChargeDeclined'; paymentId: string; orderId: string; acquirer: string; reason: string; at: string }
  | { type: 'ChargeUnavailable'; paymentId: string; orderId: string; attempt: number; at: string }
  | { type: 'ChargeUnknown'; acquirer: string; at: string }
  | { type: 'ChargeRetried'; attempt: number; at: string };

export const PAYMENT_FACTS = [
  'ChargeRequested',
  'ChargeApproved',
  'ChargeDeclined',
  'ChargeUnavailable',
  'ChargeUnknown',
  'ChargeRetried',
] as const satisfies readonly PaymentFact['type'][];

type PaymentEvent = PaymentCommand | PaymentFact;
type Ev<T extends PaymentEvent['type']> = Extract<PaymentEvent, { type: T }>;

/** The fact an outcome of the acquirers is. */
function outcomeFact(context: PaymentContext, outcome: ChargeOutcome, at: string): PaymentFact {
  const of = { paymentId: context.id, orderId: context.orderId };
  switch (outcome.status) {
    case 'approved':
      return {
        type: 'ChargeApproved',
        ...of,
        acquirer: outcome.acquirer,
        chargeId: outcome.chargeId,
        authCode: outcome.authCode,
        at,
      };
    case 'declined':
      return { type: 'ChargeDeclined', ...of, acquirer: outcome.acquirer, reason: outcome.reason ?? 'declined', at };
    case 'unavailable':
      return { type: 'ChargeUnavailable', ...of, attempt: context.attempt, at };
    case 'unknown':
      return { type: 'ChargeUnknown', acquirer: outcome.acquirer, at };
  }
}

/**
 * A card payment. `initiated`: its key is stored and the charge may be on its way (the order shows it PENDING);
 * `unknown`: an acquirer got it and did not say what it did, so only that acquirer is asked, by the key, until it
 * tells; `approved` and `declined` are final; `unavailable`: no acquirer could be reached and nothing was
 * charged, until the same command is sent again.
 */
export const paymentMachine = setup({
  types: { context: {} as PaymentContext, events: {} as PaymentEvent, emitted: {} as PaymentFact },
  guards: {
    outcomeKnown: ({ event }) => (event as Ev<'RECORD_OUTCOME'>).outcome.status !== 'unknown',
  },
  actions: {
    decideInitiate: emit(({ event }) => {
      const { paymentId, orderId, amountCents, tipCents, cardToken, key, userId, at } = event as Ev<'INITIATE'>;
      return { type: 'ChargeRequested' as const, paymentId, orderId, amountCents, tipCents, cardToken, key, userId, at };
    }),
    decideOutcome: emit(({ context, event }) => {
      const { outcome, at } = event as Ev<'RECORD_OUTCOME'>;
      return outcomeFact(context, outcome, at);
    }),
    decideRetry: emit(({ context, event }) => ({ type: 'ChargeRetried' as const, attempt: context.attempt + 1, at: event.at })),

    requested: assign(({ event }) => {
      const { paymentId: id, orderId, amountCents, tipCents, cardToken, key, userId, at } = event as Ev<'ChargeRequested'>;
      return { id, orderId, amountCents, tipCents, cardToken, key, userId, attempt: 1, requestedAt: at };
    }),
    approved: assign(({ event }) => {
      const { acquirer, chargeId, authCode } = event as Ev<'ChargeApproved'>;
      return { acquirer, chargeId, authCode };
    }),
    declined: assign(({ event }) => {
      const { acquirer, reason } = event as Ev<'ChargeDeclined'>;
      return { acquirer, reason };
    }),
    unknownAt: assign({ acquirer: ({ event }) => (event as Ev<'ChargeUnknown'>).acquirer }),
    retried: assign({ attempt: ({ event }) => (event as Ev<'ChargeRetried'>).attempt }),
  },
}).createMachine({
  id: 'payment',
  context: {
    id: '',
    orderId: '',
    amountCents: 0,
    tipCents: 0,
    cardToken: '',
    key: '',
    userId: '',
    attempt: 0,
    acquirer: null,
    chargeId: null,
    authCode: null,
    reason: null,
    requestedAt: '',
  },
  initial: 'new',
  states: {
    new: {
      on: {
        INITIATE: { actions: 'decideInitiate' },
        ChargeRequested: { target: 'initiated', actions: 'requested' },
      },
    },
    initiated: {
      on: {
        RECORD_OUTCOME: { actions: 'decideOutcome' },
        ChargeApproved: { target: 'approved', actions: 'approved' },
        ChargeDeclined: { target: 'declined', actions: 'declined' },
        ChargeUnavailable: { target: 'unavailable' },
        ChargeUnknown: { target: 'unknown', actions: 'unknownAt' },
      },
    },
    unknown: {
      on: {
        RECORD_OUTCOME: { guard: 'outcomeKnown', actions: 'decideOutcome' },
        ChargeApproved: { target: 'approved', actions: 'approved' },
        ChargeDeclined: { target: 'declined', actions: 'declined' },
        // That acquirer said it has no charge under the key, and none other could be reached.
        ChargeUnavailable: { target: 'unavailable' },
      },
    },
    unavailable: {
      on: {
        RETRY: { actions: 'decideRetry' },
        ChargeRetried: { target: 'initiated', actions: 'retried' },
      },
    },
    approved: { type: 'final' },
    declined: { type: 'final' },
  },
});

export const paymentRefusals: Refusals<PaymentContext, PaymentCommand> = {
  outcomeKnown: {
    type: 'INVALID_TRANSITION',
    message: (context) => `The charge of payment ${context.id} is still unknown at ${context.acquirer}: nothing new to record.`,
  },
};
