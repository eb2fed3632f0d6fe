import { describe, expect, it } from 'vitest';
import type { TicketView } from '../../shared/contract/index.js';
import { decodeEscPos, textOf } from '../../simulators/printer/escpos-decoder.js';
import type { Receipt } from '../order/order.receipt.js';
import { chitBytes, receiptBytes } from './escpos.js';

const at = '2026-12-01T15:00:00.000Z';
const paper = { restaurantName: 'Churrascaria Comanda', locale: 'pt-BR', currency: 'BRL', timeZone: 'UTC', reprint: false };
const totals = {
  subtotalCents: 6341,
  discountCents: 0,
  serviceCents: 0,
  totalCents: 6341,
  paidCents: 6341,
  tipCents: 0,
  dueCents: 0,
};
const receipt: Receipt = {
  orderId: 'o1',
  number: 12,
  table: null,
  at,
  items: [
    { name: 'Buffet por quilo', quantity: 1, priceCents: 3851, grams: 482, pricePerKgCents: 7990 },
    { name: 'Caipirinha de limão', quantity: 1, priceCents: 2490 },
  ],
  discounts: [],
  servicePercent: 0,
  totals,
  payments: [],
};

describe('a weighed item on paper, read back by our own decoder', () => {
  it('the receipt shows its weight, the price per kilo it was rung at and its price', () => {
    const lines = textOf(decodeEscPos(receiptBytes(receipt, paper)));
    expect(lines.slice(4, 7)).toEqual([
      '0,482 kg Buffet por quilo' + ' '.repeat(9) + 'R$ 38,51',
      '  0,482 kg x R$ 79,90/kg',
      '1x Caipirinha de limão' + ' '.repeat(12) + 'R$ 24,90',
    ]);
    const en = textOf(decodeEscPos(receiptBytes(receipt, { ...paper, locale: 'en' })));
    expect(en).toContain('  0.482 kg x R$79.90/kg');
  });

  it('a line weighed before the price per kilo was kept shows its weight and price alone', () => {
    const { pricePerKgCents: _, ...older } = receipt.items[0]!;
    const lines = textOf(decodeEscPos(receiptBytes({ ...receipt, items: [older] }, paper)));
    expect(lines[4]).toBe('0,482 kg Buffet por quilo' + ' '.repeat(9) + 'R$ 38,51');
    expect(lines[5]).toBe('─'.repeat(42));
  });

  it('the kitchen chit shows its weight, not "1x"', () => {
    const ticket: TicketView = {
      id: 't-1',
      stationId: 'cold',
      orderId: '00000000-0000-4000-8000-000000000001',
      orderNumber: 42,
      table: 7,
      status: 'OPEN',
      version: 1,
      firedAt: at,
      acks: [],
      unacknowledged: false,
      items: [
        {
          itemId: 'i-1',
          name: 'Buffet por quilo',
          quantity: 1,
          grams: 482,
          notes: '',
          course: 1,
          prepSeconds: 60,
          startDelaySeconds: 0,
          startAt: at,
          voided: false,
        },
      ],
    };
    const lines = textOf(
      decodeEscPos(chitBytes(ticket, { stationName: 'Frios', locale: 'pt-BR', timeZone: 'UTC', reprint: false })),
    );
    expect(lines).toContain('0,482 kg Buffet por quilo');
    expect(lines.some((l) => l.includes('1x'))).toBe(false);
  });
});
