/** The screens' window on shared/contract: names and view types come from there, once. */
import type {
  OrderTicketRef,
  OrderView,
  ProductView,
  TerminalView,
  TicketItemView,
  TicketView,
} from '../../shared/contract/index.js';

export { idFrom, SOCKET_EVENTS, TOPICS } from '../../shared/contract/index.js';
export type { ItemStatus, KitchenStatus, ProductView, Role, UserView } from '../../shared/contract/index.js';

export type Order = OrderView;
export type OrderItem = OrderView['items'][number];
export type OrderTicket = OrderTicketRef;
export type Ticket = TicketView;
export type TicketItem = TicketItemView;
export type Terminal = TerminalView;

/** GET /api/settings. */
export interface Settings {
  currency: string;
  locale: string;
  ackTimeoutSeconds: number;
  serverTime: string;
}

export const isOrder = (v: unknown): v is Order =>
  typeof v === 'object' && v !== null && typeof (v as Order).id === 'string' && Array.isArray((v as Order).items);

export const isTicket = (v: unknown): v is Ticket =>
  typeof v === 'object' && v !== null && typeof (v as Ticket).id === 'string' && typeof (v as Ticket).stationId === 'string';

export const isProduct = (v: unknown): v is ProductView =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as ProductView).id === 'string' &&
  typeof (v as ProductView).available === 'boolean';
