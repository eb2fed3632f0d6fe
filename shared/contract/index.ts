/** Names and shapes shared by the server and the screens: the public contract (v1). */
import type { CheckTotals } from './check.js';
import type { TicketPrinted } from './devices.js';
export * from './devices.js';
export * from './drawers.js';
export * from './day.js';
export * from './audit.js';
export * from './check.js';
export * from './errors.js';
export * from './ids.js';
export * from './weight.js';

export const ROLES = ['MANAGER', 'WAITER', 'CASHIER', 'KITCHEN'] as const;
export type Role = (typeof ROLES)[number];

export const TERMINAL_KINDS = ['POS', 'KDS', 'CUSTOMER', 'MANAGER'] as const;
export type TerminalKind = (typeof TERMINAL_KINDS)[number];

/** Who may log in on each kind of terminal (v2): anyone may pair a customer display. */
export const LOGIN_ROLES: Record<TerminalKind, readonly Role[]> = {
  POS: ['WAITER', 'CASHIER', 'MANAGER'],
  KDS: ['KITCHEN', 'MANAGER'],
  CUSTOMER: ROLES,
  MANAGER: ['MANAGER'],
};

/** Socket.IO event names, both directions. */
export const SOCKET_EVENTS = {
  subscribe: 'subscribe',
  unsubscribe: 'unsubscribe',
  /** A kitchen screen drew a ticket: `{ stationId, ticketId }`. */
  ack: 'ack',
  ticket: 'ticket',
  order: 'order',
  terminal: 'terminal',
  /** A product changed (price, 86'd or back): the product view. */
  menu: 'menu',
  /** Server → client: messages may have been missed (the cluster reformed); re-fetch what the screen shows. */
  resync: 'resync',
  /** Server → client, on `alerts`: something a manager should look at, e.g. `{ type: 'PIN_SWEEP', ... }`. */
  alert: 'alert',
  /** A device changed (configured, removed, its status), on `devices`: the device view. */
  device: 'device',
  /** The business day opened or closed, on `day`: the day view. */
  day: 'day',
  /** A cash drawer changed: the drawer view, as its follower may see it. */
  drawer: 'drawer',
} as const;

/** Socket.IO rooms a client may subscribe to. */
export const TOPICS = {
  station: (id: string) => `station:${id}`,
  order: (id: string) => `order:${id}`,
  terminal: (id: string) => `terminal:${id}`,
  terminals: 'terminals',
  /** Every order: expo and managers. */
  orders: 'orders',
  /** Changes to the menu: the POS greys out what is 86'd. */
  menu: 'menu',
  /** Managers: alerts such as a sweep of wrong PINs across terminals. */
  alerts: 'alerts',
  /** The business day (its messages come with the day's issue). */
  day: 'day',
  /** Every cash drawer: managers; a cashier hears only its own drawer's. */
  drawers: 'drawers',
  /** The serial devices and their status: managers. */
  devices: 'devices',
} as const;

/** Moleculer broadcast events the actors publish and the gateway fans out. */
export const BUS_EVENTS = {
  terminalUpdated: 'terminal.updated',
  /** A manager changed a product: every cache of the menu drops what it held. */
  menuChanged: 'menu.changed',
  /** Sessions ended (lock, idle, a newer login): `{ ids, reason }`; every gateway forgets them and drops their sockets. */
  sessionEnded: 'session.ended',
  /** Something for the managers' `alerts` topic: `{ alert }`. */
  alert: 'alert.raised',
} as const;

/** What a manager is told on the `alerts` topic; `at` tells one alert from another. */
export type AlertView =
  | {
      type: 'PIN_SWEEP';
      message: string;
      at: string;
      /** Wrong PINs across all terminals in the window so far. */
      wrongPins: number;
      windowSeconds: number;
    }
  /** A drawer open `seconds` since `since`, as its printer's sensor read: once, when the drawer's alert is raised. */
  | {
      type: 'DRAWER_LEFT_OPEN';
      message: string;
      at: string;
      drawerId: string;
      terminalId: string;
      since: string;
      seconds: number;
    };

/** `PAID` once nothing is due and no payment is pending (an item rung after puts it back to `OPEN`); `CLOSED`: the table is free. */
export type OrderStatus = 'OPEN' | 'PAID' | 'CLOSED' | 'CANCELLED';
export type KitchenStatus = 'NONE' | 'SENT' | 'READY';
export type ItemStatus = 'NEW' | 'FIRED' | 'READY' | 'VOIDED';
export type TicketStatus = 'OPEN' | 'BUMPED';

export interface OrderItemView {
  id: string;
  productId: string;
  name: string;
  quantity: number;
  notes: string;
  course: number;
  status: ItemStatus;
  priceCents: number;
  /** What the scale read for an item sold by weight; its `priceCents` is the price of those grams, `quantity` 1. */
  grams?: number;
  /** The price of a kilogram the grams were priced at when rung (absent on items weighed before it was kept). */
  pricePerKgCents?: number;
  /** The product's category when it was rung; absent on items rung before it was kept. */
  category?: string;
  station: string;
  prepSeconds: number;
  ticketId: string | null;
}

export interface OrderTicketRef {
  id: string;
  stationId: string;
  status: TicketStatus;
  itemIds: string[];
  firedAt: string;
  /** When a screen of the station first drew it, and which screen. */
  receivedAt: string | null;
  receivedBy: string | null;
  /** No screen of the station drew it within the acknowledgement timeout: the POS alarm. */
  unacknowledged: boolean;
  bumpedAt: string | null;
  /** The station's printer printed it as a chit: the kitchen has it on paper (absent when it never printed). */
  printed?: TicketPrinted;
}

export interface OrderView {
  id: string;
  number: number;
  version: number;
  terminalId: string;
  table: number | null;
  covers: number | null;
  status: OrderStatus;
  kitchen: KitchenStatus;
  items: OrderItemView[];
  tickets: OrderTicketRef[];
  /** As shared/contract/check.ts adds them up. */
  totals: CheckTotals;
  discounts: DiscountView[];
  serviceWaived: boolean;
  payments: PaymentView[];
  openedAt: string;
  /** When the expeditor last sent the order out of the pass; a new send clears it. */
  servedAt: string | null;
}

/** A discount on a check: `amountCents` is what it takes off now (a percent's share of the subtotal as it is). */
export interface DiscountView {
  id: string;
  percent?: number;
  amountCents: number;
  reason: string;
  /** The manager who approved it, or who gave it. */
  approvedBy: string;
}

export type PaymentMethod = 'CASH' | 'CARD' | 'PIX';

/** A payment on a check: `REFUNDED` once all of its amount was given back. */
export interface PaymentView {
  id: string;
  method: PaymentMethod;
  status: 'PENDING' | 'APPROVED' | 'REFUNDED';
  amountCents: number;
  tipCents: number;
  tenderedCents?: number;
  changeCents?: number;
  acquirer?: string;
  authCode?: string;
  txid?: string;
  brCode?: string;
  refundedCents: number;
  at: string;
  userId: string;
}

/** The body of `POST /api/orders/:orderId/payments`: `tipCents` and `cardToken` with a card, `tenderedCents` with cash. */
export interface TakePaymentBody {
  commandId: string;
  method: PaymentMethod;
  amountCents: number;
  tipCents?: number;
  tenderedCents?: number;
  cardToken?: string;
}

/** The body of `POST /api/orders/:orderId/payments/:paymentId/refund`: all that is left of it unless `amountCents`. */
export interface RefundPaymentBody {
  commandId: string;
  amountCents?: number;
  reason: string;
  approval?: { pin: string; userId?: string };
}

/** What the PSP posts to `POST /api/webhooks/pix` once a PIX is paid, signed in `x-signature`. */
export interface PixWebhookBody {
  txid: string;
  amountCents: number;
  paidAt: string;
}

export interface TicketItemView {
  itemId: string;
  name: string;
  quantity: number;
  /** What the scale read, for an item sold by weight: the kitchen sees the weight, not "1×". */
  grams?: number;
  notes: string;
  course: number;
  prepSeconds: number;
  /** Cook-time sync: start this item at `startAt`, `startDelaySeconds` after the ticket was fired. */
  startDelaySeconds: number;
  startAt: string;
  voided: boolean;
}

export interface TicketView {
  id: string;
  stationId: string;
  orderId: string;
  orderNumber: number;
  table: number | null;
  status: TicketStatus;
  version: number;
  firedAt: string;
  bumpedAt?: string;
  acks: { terminalId: string; at: string }[];
  unacknowledged: boolean;
  /** The station's printer printed it as a chit (its screens were dark, or none drew it in time). */
  printed?: TicketPrinted;
  items: TicketItemView[];
}

/** `OFFLINE` while not online; otherwise `IN_USE` while a session is open on it, `LOCKED` when none is. */
export const TERMINAL_STATES = ['OFFLINE', 'LOCKED', 'IN_USE'] as const;
export type TerminalState = (typeof TERMINAL_STATES)[number];

export interface TerminalView {
  id: string;
  kind: TerminalKind;
  state: TerminalState;
  /** Some socket of it is connected, or its last one left less than the grace (TERMINAL_GRACE_SECONDS) ago. */
  online: boolean;
  /** Who is logged in on it: the newest of its open sessions. */
  userId?: string;
  /** The cash drawer open at it. */
  drawerId?: string;
  /** When it came online or its last socket left; null for a terminal never seen. */
  lastSeenAt: string | null;
  /** The POS a customer display shows. */
  pairedWith?: string;
  version: number;
}

export interface UserView {
  id: string;
  name: string;
  role: Role;
}

export interface ProductView {
  id: string;
  name: string;
  category: string;
  priceCents: number;
  station: string;
  prepSeconds: number;
  /** False while the product is 86'd: on the menu, but not taking orders. */
  available: boolean;
  /** A product sold by weight (the buffet by the kilo) is rung with grams from the scale; absent: by the unit. */
  soldBy?: 'WEIGHT';
  /** Its price per kilogram, with `soldBy: 'WEIGHT'`; `priceCents` is then what the menu shows for a kilo too. */
  pricePerKgCents?: number;
}

export interface HistoryEntry {
  version: number;
  type: string;
  at: string;
  userId: string | null;
  terminalId: string | null;
  data: Record<string, unknown>;
}
