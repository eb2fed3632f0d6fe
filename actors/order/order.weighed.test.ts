import { describe, expect, it } from 'vitest';
import { openOrder, orderAt as at, orderItem } from '../../test/fixtures.js';
import { given, history } from '../../test/given.js';
import { orderKind } from './order.kind.js';
import type { OrderCommand } from './order.machine.js';
import { receiptOf } from './order.receipt.js';

/** 482 g of the buffet at R$ 79,90 the kilo, as the orders service rings it. */
const weigh: OrderCommand = {
  type: 'ADD_ITEM',
  item: { ...orderItem('buffet', 'cold'), quantity: 1, grams: 482, pricePerKgCents: 7990, priceCents: 3851 },
  available: true,
  at,
};

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
