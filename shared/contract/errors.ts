/**
 * Every error a client can get, by stable `type`, with its HTTP status and what it means.
 * The gateway maps statuses from here; the README and OpenAPI document list it; a test
 * checks that every type thrown in the code is registered here.
 */
export const ERRORS = {
  BAD_REQUEST: { status: 400, doc: 'The body or query is malformed: a field is missing, of the wrong type or out of range.' },
  UNAUTHORIZED: { status: 401, doc: 'No token, or the token is invalid or expired: log in again with a PIN.' },
  INVALID_PIN: { status: 401, doc: 'No user has that PIN.' },
  SESSION_ENDED: {
    status: 401,
    doc: "The token's session ended (locked, idle, or the user's oldest after a newer login): log in again with a PIN.",
  },
  FORBIDDEN: { status: 403, doc: "The user's role may not do this." },
  ORIGIN_NOT_ALLOWED: { status: 403, doc: 'A page of another origin may not call this server (see ALLOWED_ORIGINS).' },
  BODY_TOO_LARGE: { status: 413, doc: 'The body is over 64 KiB: no command of the API needs that much.' },
  RATE_LIMITED: { status: 429, doc: 'Too many writes or logins from this token or address: wait the Retry-After seconds.' },
  ROLE_NOT_ALLOWED_HERE: { status: 403, doc: "The user's role does not work at this kind of terminal." },
  APPROVAL_REQUIRED: { status: 403, doc: "This needs a manager's approval: send approval: { pin } in the body." },
  APPROVAL_REFUSED: { status: 403, doc: "The approval's PIN is wrong, or not a manager's." },
  PIN_LOCKED: {
    status: 429,
    doc: 'Too many wrong PINs on this terminal: its PIN logins are locked until data.until (a manager may unlock it).',
  },
  NOT_FOUND: { status: 404, doc: 'No such route.' },
  UNKNOWN_ORDER: { status: 404, doc: 'No order has that id.' },
  UNKNOWN_ITEM: { status: 404, doc: 'The order has no item with that id.' },
  UNKNOWN_STATION: { status: 404, doc: 'No kitchen station has that id.' },
  UNKNOWN_TICKET: { status: 404, doc: 'The station has no ticket with that id.' },
  UNKNOWN_TERMINAL: { status: 404, doc: 'No terminal has that id.' },
  UNKNOWN_DEVICE: { status: 404, doc: 'No device has that id.' },
  DEVICE_PATH_NOT_FOUND: {
    status: 422,
    doc: 'No serial port has that path on the node that drives the device: check the cable and the path.',
  },
  UNKNOWN_BACKUP: { status: 422, doc: 'The backup printer is not a configured printer.' },
  UNKNOWN_DRAWER: { status: 404, doc: 'No cash drawer has that id.' },
  UNKNOWN_PAYMENT: { status: 404, doc: 'The order has no payment with that id.' },
  NOT_YOUR_DRAWER: { status: 403, doc: "Only the drawer's cashier or a manager moves an open drawer." },
  NOT_ENOUGH_CASH: { status: 422, doc: 'The drawer holds less cash than that: take out at most what it holds.' },
  DRAWER_NOT_OPEN: {
    status: 409,
    doc: "The terminal's cash drawer is closed or being counted: cash is taken or given back only while it is open.",
  },
  UNKNOWN_PRODUCT: { status: 422, doc: 'The menu has no product with that id.' },
  PRODUCT_UNAVAILABLE: { status: 409, doc: "The product is 86'd (not available) for now: pick another one." },
  UNKNOWN_TABLE: { status: 422, doc: 'The restaurant has no table with that number.' },
  INVALID_TRANSITION: { status: 409, doc: "The actor's state does not allow this command (the message names the state)." },
  DAY_NOT_OPEN: { status: 409, doc: 'No business day is open: a manager opens one first.' },
  VERSION_CONFLICT: { status: 409, doc: 'Another writer changed the actor first; retry.' },
  NOTHING_TO_SEND: { status: 422, doc: 'The order has no unsent items (of that course).' },
  ALREADY_SENT: { status: 422, doc: 'Something of the order was sent to the kitchen: void items instead of cancelling.' },
  ITEM_ALREADY_VOIDED: { status: 422, doc: 'The item is already voided.' },
  ALREADY_SERVED: { status: 422, doc: 'The expeditor already served what is ready of this order.' },
  TICKET_NOT_OPEN: { status: 409, doc: 'The ticket is already bumped.' },
  TICKET_NOT_BUMPED: { status: 409, doc: 'Only a bumped ticket can be recalled.' },
  NO_DAY: { status: 404, doc: 'No business day was ever opened: a manager opens the first one.' },
  UNKNOWN_DAY: { status: 404, doc: 'No business day has that number (a Z report exists once its day is closed).' },
  DAY_ALREADY_OPEN: { status: 409, doc: 'A business day is open already: close it before opening the next one.' },
  BUSINESS_DATE_INVALID: {
    status: 422,
    doc: "The business date is not a calendar date, is after the server's local date (today), or is before the last day's.",
  },
  DRAWERS_OPEN: { status: 409, doc: 'Cash drawers are still open or being counted (data.drawers): close them first.' },
  ORDERS_OPEN: { status: 409, doc: 'Orders are still open (data.orders): close or cancel them first.' },
  AMOUNT_DUE: { status: 409, doc: 'Something is still due on the check (data.dueCents): take payment before closing it.' },
  PAYMENT_DECLINED: {
    status: 402,
    doc: 'The card was declined by the card issuer: nothing was paid. Try another card or tender.',
  },
  PAYMENT_UNAVAILABLE: {
    status: 503,
    doc: 'No card acquirer could be reached (for a refund: the one that charged the card): nothing was charged or refunded. Retry with the same commandId.',
  },
  PIX_AMOUNT_MISMATCH: { status: 422, doc: "The PIX webhook's amount is not the charge's: it is not confirmed." },
  OVERPAYMENT: { status: 422, doc: 'More than is due: pay at most what is due (tips go in tipCents).' },
  PAID_BEYOND_TOTAL: {
    status: 422,
    doc: 'Part of the check is paid: this would leave it owing less than was paid. Refund a payment first.',
  },
  COMMAND_ID_REUSED: { status: 422, doc: 'This commandId was already used for a different command: make a new one.' },
  INTERNAL: { status: 500, doc: 'A fault on our side; it is logged. Retrying with the same commandId is safe.' },
  UNAVAILABLE: { status: 503, doc: 'The database or another node cannot be reached right now; retry with the same commandId.' },
} as const satisfies Record<string, { status: number; doc: string }>;

export type ErrorType = keyof typeof ERRORS;
