/** Every HTTP route of the contract, once: the gateway's aliases and the OpenAPI document come from here. */
export interface Route {
  method: 'GET' | 'POST' | 'PATCH';
  /** Under /api, with `:name` parameters. */
  path: string;
  action: string;
  summary: string;
  /** Whether a Bearer token is needed. */
  auth: boolean;
  /** The status of a success, when it is not 200. */
  status?: number;
  /**
   * The body field naming the terminal a command acts for: it must be the caller's session's, unless the
   * caller's role may act for another terminal (access.ts).
   */
  actsFor?: string;
}

export const ROUTES: Route[] = [
  { method: 'GET', path: '/health', action: 'gateway.health', auth: false, summary: 'What this node runs and what it can reach' },
  {
    method: 'POST',
    path: '/auth/pin',
    action: 'auth.login',
    auth: false,
    summary: "Log in on a terminal with a PIN (or, on a locked terminal, with another manager's approval); answers a token",
  },
  {
    method: 'POST',
    path: '/auth/lock',
    action: 'auth.lock',
    auth: true,
    summary: "End the caller's session: its token is refused and its sockets dropped",
  },
  { method: 'GET', path: '/openapi.json', action: 'gateway.openapi', auth: false, summary: 'This document' },
  {
    method: 'GET',
    path: '/settings',
    action: 'gateway.settings',
    auth: false,
    summary: "Currency, locale, the ack timeout and the server's clock",
  },
  { method: 'GET', path: '/menu', action: 'menu.list', auth: true, summary: 'The products on the menu' },
  {
    method: 'PATCH',
    path: '/menu/products/:productId',
    action: 'menu.update',
    auth: true,
    summary: "Manager: change a product's price, or 86 it (available: false) and bring it back",
  },
  { method: 'GET', path: '/tables', action: 'orders.tables', auth: true, summary: 'The tables of the floor' },
  {
    method: 'POST',
    path: '/orders',
    action: 'orders.open',
    auth: true,
    status: 201,
    actsFor: 'terminalId',
    summary: "Open an order on the caller's terminal (a manager may open one for another)",
  },
  { method: 'GET', path: '/orders', action: 'orders.list', auth: true, summary: 'Orders, filtered by status, terminal or table' },
  { method: 'GET', path: '/orders/:orderId', action: 'orders.get', auth: true, summary: 'One order' },
  { method: 'POST', path: '/orders/:orderId/items', action: 'orders.addItem', auth: true, summary: 'Ring an item' },
  {
    method: 'POST',
    path: '/orders/:orderId/send',
    action: 'orders.send',
    auth: true,
    summary: 'Fire the unsent items (of one course) to their stations, one ticket per station',
  },
  { method: 'POST', path: '/orders/:orderId/items/:itemId/void', action: 'orders.voidItem', auth: true, summary: 'Void an item' },
  {
    method: 'POST',
    path: '/orders/:orderId/cancel',
    action: 'orders.cancel',
    auth: true,
    summary: 'Cancel an order with nothing sent',
  },
  {
    method: 'POST',
    path: '/orders/:orderId/serve',
    action: 'orders.serve',
    auth: true,
    summary: 'Expo: the order leaves the pass',
  },
  {
    method: 'GET',
    path: '/orders/:orderId/history',
    action: 'orders.history',
    auth: true,
    summary: "The order's accepted events",
  },
  {
    method: 'GET',
    path: '/stations/:stationId/tickets',
    action: 'stations.tickets',
    auth: true,
    summary: 'Open tickets, oldest first',
  },
  {
    method: 'POST',
    path: '/stations/:stationId/tickets/:ticketId/bump',
    action: 'stations.bump',
    auth: true,
    summary: 'Bump a ticket',
  },
  {
    method: 'POST',
    path: '/stations/:stationId/tickets/:ticketId/recall',
    action: 'stations.recall',
    auth: true,
    summary: 'Put a bumped ticket back on the screen',
  },
  {
    method: 'GET',
    path: '/stations/load',
    action: 'stations.load',
    auth: true,
    summary: "Every station's open tickets, oldest ticket and late count (from the log's station-load projection)",
  },
  {
    method: 'GET',
    path: '/reports/sales',
    action: 'orders.sales',
    auth: true,
    summary: "A day's sales by product and by waiter (from the log's order-sales projection); ?date=YYYY-MM-DD, today by default",
  },
  { method: 'GET', path: '/day', action: 'days.get', auth: true, summary: 'The open business day, or the last one closed' },
  {
    method: 'POST',
    path: '/day/open',
    action: 'days.open',
    auth: true,
    status: 201,
    summary: 'Manager: open the next business day for a date (today or before, not before the last day’s)',
  },
  {
    method: 'POST',
    path: '/day/close',
    action: 'days.close',
    auth: true,
    summary: 'Manager: close the business day once no order or drawer is open; answers its Z report',
  },
  {
    method: 'GET',
    path: '/reports/x',
    action: 'days.xReport',
    auth: true,
    summary: 'Manager or cashier: the X report of the open day so far',
  },
  { method: 'GET', path: '/reports/z', action: 'days.zReports', auth: true, summary: 'Every Z report: one per closed day' },
  {
    method: 'GET',
    path: '/reports/z/:number',
    action: 'days.zReport',
    auth: true,
    summary: 'The Z report of a closed day, as it was stored at its close',
  },
  {
    method: 'GET',
    path: '/audit',
    action: 'audit.entries',
    auth: true,
    summary: 'Manager: the audit log in seq order, filtered by ?from=&to= (seq), userId, type; limit up to 10000 (100)',
  },
  {
    method: 'GET',
    path: '/audit/verify',
    action: 'audit.verify',
    auth: true,
    summary: 'Manager: walks the hash chain; { ok: true, entries } or { ok: false, brokenAt }',
  },
  { method: 'GET', path: '/terminals', action: 'terminals.list', auth: true, summary: 'Every terminal, online or not' },
  { method: 'GET', path: '/drawers', action: 'drawers.list', auth: true, summary: 'Every cash drawer' },
  { method: 'GET', path: '/drawers/:drawerId', action: 'drawers.get', auth: true, summary: 'One cash drawer' },
  {
    method: 'POST',
    path: '/drawers/:drawerId/open',
    action: 'drawers.open',
    auth: true,
    summary: 'Cashier or manager: open a drawer with a float; the caller becomes its cashier',
  },
  {
    method: 'POST',
    path: '/drawers/:drawerId/pay-in',
    action: 'drawers.payIn',
    auth: true,
    summary: 'Put cash in, with a reason',
  },
  {
    method: 'POST',
    path: '/drawers/:drawerId/pay-out',
    action: 'drawers.payOut',
    auth: true,
    summary: "Take cash out, with a reason; over PAYOUT_LIMIT_CENTS with a manager's approval",
  },
  { method: 'POST', path: '/drawers/:drawerId/drop', action: 'drawers.drop', auth: true, summary: 'Take cash to the safe' },
  {
    method: 'POST',
    path: '/drawers/:drawerId/no-sale',
    action: 'drawers.noSale',
    auth: true,
    summary: "Open the drawer with no sale, with a reason and a manager's approval",
  },
  {
    method: 'POST',
    path: '/drawers/:drawerId/count',
    action: 'drawers.count',
    auth: true,
    summary: 'Start the blind count: from now on only a manager sees the cash it should hold',
  },
  {
    method: 'POST',
    path: '/drawers/:drawerId/close',
    action: 'drawers.close',
    auth: true,
    summary: 'Close a counted drawer with the cash counted: over or short against what it should hold',
  },
];

export const aliasesOf = (routes: Route[]) => Object.fromEntries(routes.map((r) => [`${r.method} ${r.path}`, r.action]));
