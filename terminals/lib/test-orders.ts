/** Orders as the server sends them, for the screens' unit tests. */
import { checkTotals } from '../../shared/contract/check.js';
import type { Order, PaymentView } from './contract.js';

export const payment = (over: Partial<PaymentView>): PaymentView => ({
  id: crypto.randomUUID(),
  method: 'CASH',
  status: 'APPROVED',
  amountCents: 0,
  tipCents: 0,
  refundedCents: 0,
  at: '2026-12-01T20:00:00.000Z',
  userId: 'carla',
  ...over,
});

/** A check for table 7 whose items come to `subtotalCents`, no service charge, with these payments, added up as the server does. */
export const check = (subtotalCents: number, payments: PaymentView[] = [], over: Partial<Order> = {}): Order => ({
  id: 'o-1',
  number: 12,
  version: 3,
  terminalId: 'pos-1',
  table: 7,
  covers: null,
  status: 'OPEN',
  kitchen: 'SENT',
  items: [],
  tickets: [],
  totals: checkTotals({ subtotalCents, discounts: [], servicePercent: 0, onTable: true, serviceWaived: false, payments }),
  discounts: [],
  serviceWaived: false,
  payments,
  openedAt: '2026-12-01T19:00:00.000Z',
  servedAt: null,
  ...over,
});
