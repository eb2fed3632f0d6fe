import { describe, expect, it } from 'vitest';
import { decodeEscPos, textOf } from '../../simulators/printer/escpos-decoder.js';
import type { Receipt } from '../order/order.receipt.js';
import { drawerIsOpen, kickBytes, receiptBytes } from './escpos.js';

const at = '2026-12-01T15:00:00.000Z';
/** A line the encoder centres on the 42 columns of 80 mm paper, as the paper shows it. */
const centred = (text: string) => ' '.repeat(Math.floor((42 - text.length) / 2)) + text;
const paper = { restaurantName: 'Churrascaria Comanda', locale: 'pt-BR', currency: 'BRL', timeZone: 'UTC', reprint: false };
const receipt: Receipt = {
  orderId: 'o1',
  number: 12,
  table: 7,
  at,
  items: [
    { name: 'Caipirinha de limão', quantity: 2, priceCents: 2490 },
    { name: 'Pão de queijo', quantity: 1, priceCents: 1290 },
  ],
  discounts: [{ reason: 'aniversário', amountCents: 500 }],
  servicePercent: 10,
  totals: {
    subtotalCents: 6270,
    discountCents: 500,
    serviceCents: 577,
    totalCents: 6347,
    paidCents: 6347,
    tipCents: 0,
    dueCents: 0,
  },
  payments: [
    {
      id: 'p1',
      method: 'PIX',
      status: 'PENDING',
      amountCents: 6347,
      tipCents: 0,
      txid: 'abc',
      brCode: '00020126580014br.gov.bcb.pix0136pix@comanda.example5204000053039865406063.475802BR6304ABCD',
      refundedCents: 0,
      at,
      userId: 'carla',
    },
  ],
};

describe('the customer receipt in code page 860, read back by our own decoder', () => {
  it('prints the header, each line, the discount, the service charge, the total, the payment and its QR code', () => {
    const job = decodeEscPos(receiptBytes(receipt, paper));
    expect(job.codePages).toContain(3);
    expect(textOf(job)).toEqual([
      centred('Churrascaria Comanda'),
      centred('Mesa 7 - Pedido 12'),
      centred('01/12/2026, 15:00'),
      '─'.repeat(42),
      '2x Caipirinha de limão' + ' '.repeat(12) + 'R$ 49,80',
      '1x Pão de queijo' + ' '.repeat(18) + 'R$ 12,90',
      '─'.repeat(42),
      'Subtotal' + ' '.repeat(26) + 'R$ 62,70',
      'Desconto (aniversário)' + ' '.repeat(12) + '-R$ 5,00',
      'Serviço 10%' + ' '.repeat(24) + 'R$ 5,77',
      'Total' + ' '.repeat(29) + 'R$ 63,47',
      '─'.repeat(42),
      'PIX' + ' '.repeat(31) + 'R$ 63,47',
      '─'.repeat(42),
      centred('PIX a pagar: leia o QR code'),
      centred('R$ 63,47'),
      '─'.repeat(42),
      centred('NÃO É DOCUMENTO FISCAL'),
    ]);
    expect(job.qrCodes).toEqual([receipt.payments[0]!.brCode]);
    expect(job.cut).toBe(true);
  });

  it('a reprint says so at its head', () => {
    expect(textOf(decodeEscPos(receiptBytes(receipt, { ...paper, reprint: true })))[0]).toBe('*** REIMPRESSÃO ***');
  });

  it('kicks the drawer on pin 2 within its duty cycle, and reads the drawer sensor from DLE EOT 1', () => {
    expect(decodeEscPos(kickBytes()).kicks).toEqual([{ pin: 2, onMs: 100, offMs: 500 }]);
    expect([drawerIsOpen(0x12), drawerIsOpen(0x16)]).toEqual([false, true]);
  });
});
