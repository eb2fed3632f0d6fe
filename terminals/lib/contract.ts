/** The screens' window on shared/contract: names and view types come from there, once. */
import type {
  DayView,
  DeviceView,
  DrawerView,
  OrderTicketRef,
  OrderView,
  ProductView,
  TerminalView,
  TicketItemView,
  TicketView,
} from '../../shared/contract/index.js';

export { idFrom, kilos, SOCKET_EVENTS, TOPICS, weighedCents } from '../../shared/contract/index.js';
export type {
  DrawerStatus,
  ItemStatus,
  KitchenStatus,
  PaymentMethod,
  PaymentView,
  ProductView,
  Role,
  TerminalState,
  UserView,
  WeightReading,
} from '../../shared/contract/index.js';
export type {
  AlertView,
  DeviceView,
  PrinterStatus,
  AuditEntry,
  DayReport,
  DayView,
  DrawerReportLine,
  DrawerView,
  MovementView,
  ZReportEntry,
} from '../../shared/contract/index.js';

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
  /** The server's local date, YYYY-MM-DD: the business date a day opens for. */
  today?: string;
  /** PAYOUT_LIMIT_CENTS, when the server says it. */
  payoutLimitCents?: number;
  /** REFUND_LIMIT_CENTS, when the server says it. */
  refundLimitCents?: number;
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

export const isDrawer = (v: unknown): v is DrawerView =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as DrawerView).id === 'string' &&
  typeof (v as DrawerView).status === 'string' &&
  Array.isArray((v as DrawerView).movements);

export const isTerminal = (v: unknown): v is Terminal =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Terminal).id === 'string' &&
  typeof (v as Terminal).state === 'string' &&
  typeof (v as Terminal).version === 'number';

export const isDevice = (v: unknown): v is DeviceView =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as DeviceView).id === 'string' &&
  typeof (v as DeviceView).status === 'string' &&
  typeof (v as DeviceView).version === 'number';

export const isDay = (v: unknown): v is DayView =>
  typeof v === 'object' && v !== null && typeof (v as DayView).number === 'number' && typeof (v as DayView).status === 'string';
