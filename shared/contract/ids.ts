import { v5 as uuidv5 } from 'uuid';

const IDS = '6f1d3f7e-2c4b-4e0a-9a51-3c2f1b7d9e10';

/**
 * An id made from a commandId: a retried command names the same order, item or discount it named the first time,
 * and a screen can tell which line of an order its own waiting command made.
 */
export const idFrom = (commandId: string, what: 'order' | 'item' | 'discount' | 'payment') => uuidv5(`${what}:${commandId}`, IDS);
