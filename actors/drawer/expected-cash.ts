import type { MovementType, MovementView } from '../../shared/contract/index.js';

/** Which way each movement moves the cash: a no-sale opens the drawer and moves none. */
const DIRECTION: Record<MovementType, 1 | 0 | -1> = {
  FLOAT: 1,
  SALE: 1,
  PAY_IN: 1,
  REFUND: -1,
  PAY_OUT: -1,
  DROP: -1,
  NO_SALE: 0,
};

/**
 * The cash a drawer should hold: its float plus cash sales and pay-ins, less cash refunds, pay-outs and drops,
 * all of one session. The only place it is summed: the guards, the view, the close and the day's report all ask
 * this (the report of a session's totals by type, each a movement of its own: the sum is the same).
 * A sale moves what it cost, never what was tendered (the change went back out of the same drawer); the
 * float is its FLOAT movement, counted once; a reopened drawer starts from its new float.
 */
export const expectedCash = (movements: readonly Pick<MovementView, 'type' | 'amountCents'>[]): number =>
  movements.reduce((cash, m) => cash + DIRECTION[m.type] * m.amountCents, 0);
