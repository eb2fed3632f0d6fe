import { describe, expect, it } from 'vitest';
import { openOrder, orderAt as at, orderItem } from '../../test/fixtures.js';
import { given, history } from '../../test/given.js';
import { orderKind } from './order.kind.js';
import type { OrderCommand } from './order.machine.js';
import { receiptOf } from './order.receipt.js';

const fromTheScale = { readByScale: true, byManager: false, approvedBy: null };

/** 482 g of the buffet at R$ 79,90 the kilo, read by the terminal's scale, as the orders service rings it. */
const weigh: OrderCommand = {
  type: 'ADD_ITEM',
  item: { ...orderItem('buffet', 'cold'), quantity: 1, grams: 482, pricePerKgCents: 7990, priceCents: 3851 },
  available: true,
  weighing: fromTheScale,
  at,
};

describe('the grams of an item sold by weight', () => {
  const opened = history(orderKind, [openOrder]);
  const typed = { readByScale: false, byManager: false, approvedBy: null };

  it("are rung when the terminal's scale read them, with no approval in the fact", () => {
    const { refusal, facts } = given(orderKind, opened).when(weigh);
    expect(refusal).toBeNull();
    expect(facts).toEqual([{ type: 'ItemAdded', item: (weigh as { item: object }).item, at }]);
  });

  it('are refused when no one answers for them: not the scale, not a manager', () => {
    for (const weighing of [typed, undefined]) {
      const { refusal, facts } = given(orderKind, opened).when({ ...weigh, weighing } as OrderCommand);
      expect(refusal).toEqual({
        type: 'APPROVAL_REQUIRED',
        message:
          "0.482 kg was not read by this terminal's scale: weigh the plate, or have a manager type the weight (approval: { pin }).",
      });
      expect(facts).toEqual([]);
    }
  });

  it("are rung typed with a manager's PIN, the manager kept in the fact, or by a manager", () => {
    const approved = given(orderKind, opened).when({ ...weigh, weighing: { ...typed, approvedBy: 'maria' } } as OrderCommand);
    expect(approved.facts).toMatchObject([{ type: 'ItemAdded', item: { grams: 482 }, approvedBy: 'maria' }]);
    const byManager = given(orderKind, opened).when({ ...weigh, weighing: { ...typed, byManager: true } } as OrderCommand);
    expect(byManager.refusal).toBeNull();
    expect(byManager.facts[0]).not.toHaveProperty('approvedBy');
  });

  it('are not asked of an item sold by the unit', () => {
    const unit: OrderCommand = { type: 'ADD_ITEM', item: orderItem('picanha', 'grill'), available: true, at };
    expect(given(orderKind, opened).when(unit).refusal).toBeNull();
  });
});

describe('an item sold by weight', () => {
  const facts = history(orderKind, [openOrder, weigh]);

  it('goes to the kitchen with its weight', () => {
    const { facts: sent } = given(orderKind, facts).when({ type: 'SEND', course: null, at });
    expect(sent[0]).toMatchObject({ type: 'OrderSent', tickets: [{ items: [{ itemId: 'buffet', quantity: 1, grams: 482 }] }] });
  });

  it('prints on the receipt with the grams and the price per kilo it was rung at', () => {
    const { snapshot } = given(orderKind, facts);
    expect(receiptOf(snapshot.context, at).items).toEqual([
      { name: 'Item buffet', quantity: 1, priceCents: 3851, grams: 482, pricePerKgCents: 7990 },
    ]);
  });
});
