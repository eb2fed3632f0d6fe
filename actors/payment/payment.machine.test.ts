import { describe, expect, it } from 'vitest';
import { replay, restore } from '../../shared/runtime/actor-kind.js';
import { FactNotApplicable, fold } from '../../shared/runtime/decider.js';
import { asStored, given as givenKind, history } from '../../test/given.js';
import { orderCallOf, paymentKind } from './payment.kind.js';
import { paymentMachine, type ChargeOutcome, type PaymentCommand, type PaymentFact } from './payment.machine.js';

const at = '2026-12-01T10:00:00.000Z';
const given = (facts: PaymentFact[]) => givenKind(paymentKind, facts);
const past = (...commands: PaymentCommand[]) => history(paymentKind, commands);

const initiate: PaymentCommand = {
  type: 'INITIATE',
  paymentId: 'p-1',
  orderId: 'o-1',
  amountCents: 5000,
  tipCents: 500,
  cardToken: 'tok_visa',
  key: 'comanda-c-1',
  userId: 'wagner',
  at,
};
const outcome = (o: ChargeOutcome): PaymentCommand => ({ type: 'RECORD_OUTCOME', outcome: o, at });
const approved = outcome({ status: 'approved', acquirer: 'main', chargeId: 'ch_1', authCode: 'A1' });
const declined = outcome({ status: 'declined', acquirer: 'main', reason: 'insufficient_funds' });
const unavailable = outcome({ status: 'unavailable' });
const unknown = outcome({ status: 'unknown', acquirer: 'main' });
const retry: PaymentCommand = { type: 'RETRY', at };

describe('a card payment: its charge under one key', () => {
  it('given nothing, when initiated: the key is stored before any acquirer is called', () => {
    const then = given([]).when(initiate);
    expect(then.facts).toEqual([{ ...initiate, type: 'ChargeRequested' }]);
    expect(then.next.value).toBe('initiated');
    expect(then.next.context).toMatchObject({ key: 'comanda-c-1', attempt: 1, acquirer: null });
  });

  it('given initiated, when approved: approved, with the acquirer and its charge; the check is told to confirm it', () => {
    const then = given(past(initiate)).when(approved);
    expect(then.facts).toEqual([
      { type: 'ChargeApproved', paymentId: 'p-1', orderId: 'o-1', acquirer: 'main', chargeId: 'ch_1', authCode: 'A1', at },
    ]);
    expect(then.next.value).toBe('approved');
    expect(orderCallOf(then.facts[0]!, 'p-1:outcome:1')).toEqual({
      action: 'orders.confirmPayment',
      params: { orderId: 'o-1', paymentId: 'p-1', acquirer: 'main', authCode: 'A1', commandId: 'p-1:outcome:1:order' },
    });
  });

  it('given initiated, when declined: declined for good, and the check drops the payment', () => {
    const then = given(past(initiate)).when(declined);
    expect(then.next.value).toBe('declined');
    expect(then.next.context.reason).toBe('insufficient_funds');
    expect(orderCallOf(then.facts[0]!, 'x')?.action).toBe('orders.failPayment');
    expect(given(past(initiate, declined)).when(retry).refusal?.type).toBe('INVALID_TRANSITION');
    expect(given(past(initiate, declined)).when(approved).refusal?.type).toBe('INVALID_TRANSITION');
  });

  it('given initiated, when no acquirer could be reached: unavailable; a retry is the next attempt under the same key', () => {
    const then = given(past(initiate)).when(unavailable);
    expect(then.facts).toEqual([{ type: 'ChargeUnavailable', paymentId: 'p-1', orderId: 'o-1', attempt: 1, at }]);
    expect(orderCallOf(then.facts[0]!, 'x')?.action).toBe('orders.failPayment');
    const again = given(past(initiate, unavailable)).when(retry);
    expect(again.facts).toEqual([{ type: 'ChargeRetried', attempt: 2, at }]);
    expect([again.next.value, again.next.context.attempt, again.next.context.key]).toEqual(['initiated', 2, 'comanda-c-1']);
    expect(given(past(initiate, unavailable)).when(approved).refusal?.type).toBe('INVALID_TRANSITION');
  });

  it('given initiated, when the outcome is unknown: unknown at that acquirer, and the check is not told anything', () => {
    const then = given(past(initiate)).when(unknown);
    expect(then.facts).toEqual([{ type: 'ChargeUnknown', acquirer: 'main', at }]);
    expect([then.next.value, then.next.context.acquirer]).toEqual(['unknown', 'main']);
    expect(orderCallOf(then.facts[0]!, 'x')).toBeNull();
  });

  it('given unknown: still unknown records nothing; approved, declined or unavailable settle it', () => {
    const unsure = given(past(initiate, unknown));
    expect(unsure.when(unknown).refusal?.type).toBe('INVALID_TRANSITION');
    expect(unsure.when(approved).next.value).toBe('approved');
    expect(unsure.when(declined).next.value).toBe('declined');
    expect(unsure.when(unavailable).next.value).toBe('unavailable');
    expect(unsure.when(retry).refusal?.type).toBe('INVALID_TRANSITION');
  });

  it('refuses a second INITIATE and any outcome before one', () => {
    expect(given(past(initiate)).when(initiate).refusal?.type).toBe('INVALID_TRANSITION');
    expect(given([]).when(approved).refusal?.type).toBe('INVALID_TRANSITION');
    expect(given([]).when(retry).refusal?.type).toBe('INVALID_TRANSITION');
    expect(given(past(initiate, approved)).when(approved).refusal?.type).toBe('INVALID_TRANSITION');
  });

  it('replay gives the same state, and a fact out of place is an error', () => {
    const facts = past(initiate, unavailable, retry, unknown, approved);
    const stepped = given(facts).snapshot;
    const replayed = replay(paymentMachine, restore(paymentMachine, null), asStored(facts));
    expect([replayed.value, replayed.context]).toEqual([stepped.value, stepped.context]);
    expect([stepped.value, stepped.context.attempt, stepped.context.chargeId]).toEqual(['approved', 2, 'ch_1']);
    expect(() => fold(paymentMachine, restore(paymentMachine, null), [facts[1]!])).toThrow(FactNotApplicable);
  });
});
