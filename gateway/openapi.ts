import { ERRORS, ROLES, TERMINAL_KINDS } from '../shared/contract/index.js';
import type { Route } from './routes.js';

type Schema = Record<string, unknown>;
type Rule = string | Record<string, unknown>;

/** fastest-validator rule (shorthand or object) to JSON Schema, for the rules our actions use. */
function toJsonSchema(rule: Rule): Schema {
  const r: Record<string, unknown> =
    typeof rule === 'string'
      ? Object.fromEntries(
          rule.split('|').map((part, i) => {
            if (i === 0) return ['type', part];
            const [k, v] = part.split(':');
            return [k!, v === undefined ? true : Number.isNaN(Number(v)) ? v : Number(v)];
          }),
        )
      : rule;
  switch (r.type) {
    case 'uuid':
      return { type: 'string', format: 'uuid' };
    case 'number':
      return {
        type: r.integer ? 'integer' : 'number',
        ...(r.min !== undefined && { minimum: r.min }),
        ...(r.max !== undefined && { maximum: r.max }),
        // The gateway refuses null wherever the schema does not say nullable.
        ...(r.nullable ? { nullable: true } : {}),
      };
    case 'string':
      return {
        type: 'string',
        ...(r.min !== undefined && { minLength: r.min }),
        ...(r.max !== undefined && { maxLength: r.max }),
        ...(r.pattern instanceof RegExp && { pattern: r.pattern.source }),
      };
    case 'enum':
      return { type: 'string', enum: r.values };
    case 'boolean':
      return { type: 'boolean' };
    default:
      return { type: 'object' };
  }
}

const isOptional = (rule: Rule) =>
  typeof rule === 'string' ? rule.includes('optional') : Boolean(rule.optional) || rule.default !== undefined;

type Json = Record<string, unknown>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const string = { type: 'string' };
const integer = { type: 'integer' };
const time = { type: 'string', format: 'date-time' };
const maybe = (schema: Json) => ({ ...schema, nullable: true });
const object = (properties: Record<string, Json>, required: string[] = Object.keys(properties)) => ({
  type: 'object',
  properties,
  ...(required.length > 0 && { required }),
});
const list = (name: string, item: Json) => object({ [name]: { type: 'array', items: item } });

/** The views of the contract (shared/contract), as JSON Schema: what the answers' bodies are. */
const VIEWS: Record<string, Json> = {
  Error: object({
    name: string,
    message: { type: 'string', description: 'What was wrong, in words a person can act on.' },
    code: { type: 'integer', description: 'The HTTP status.' },
    type: { type: 'string', enum: Object.keys(ERRORS), description: 'Stable, for programs (README: Errors).' },
    data: { description: 'Details of the refusal (any JSON value), or null.' },
  }),
  User: object({ id: string, name: string, role: { type: 'string', enum: [...ROLES] } }),
  Product: object({
    id: string,
    name: string,
    category: string,
    priceCents: integer,
    station: string,
    prepSeconds: integer,
    available: { type: 'boolean' },
  }),
  OrderItem: object(
    {
      id: string,
      productId: string,
      name: string,
      quantity: integer,
      notes: string,
      course: integer,
      status: { type: 'string', enum: ['NEW', 'FIRED', 'READY', 'VOIDED'] },
      priceCents: integer,
      category: { ...string, description: "The product's category when it was rung (absent on items rung before it was kept)." },
      station: string,
      prepSeconds: integer,
      ticketId: maybe(string),
    },
    ['id', 'productId', 'name', 'quantity', 'notes', 'course', 'status', 'priceCents', 'station', 'prepSeconds', 'ticketId'],
  ),
  OrderTicket: object({
    id: string,
    stationId: string,
    status: { type: 'string', enum: ['OPEN', 'BUMPED'] },
    itemIds: { type: 'array', items: string },
    firedAt: time,
    receivedAt: maybe(time),
    receivedBy: maybe(string),
    unacknowledged: { type: 'boolean' },
    bumpedAt: maybe(time),
  }),
  Order: object(
    {
      id: { type: 'string', format: 'uuid' },
      number: integer,
      version: integer,
      terminalId: string,
      table: maybe(integer),
      covers: maybe(integer),
      status: { type: 'string', enum: ['OPEN', 'PAID', 'CLOSED', 'CANCELLED'] },
      kitchen: { type: 'string', enum: ['NONE', 'SENT', 'READY'] },
      items: { type: 'array', items: ref('OrderItem') },
      tickets: { type: 'array', items: ref('OrderTicket') },
      totals: object({ subtotalCents: integer, totalCents: integer, paidCents: integer, dueCents: integer }),
      openedAt: time,
      servedAt: maybe(time),
    },
    ['id', 'number', 'version', 'terminalId', 'table', 'covers', 'status', 'kitchen', 'items', 'totals', 'openedAt'],
  ),
  TicketItem: object({
    itemId: string,
    name: string,
    quantity: integer,
    notes: string,
    course: integer,
    prepSeconds: integer,
    startDelaySeconds: integer,
    startAt: time,
    voided: { type: 'boolean' },
  }),
  Ticket: object(
    {
      id: string,
      stationId: string,
      orderId: { type: 'string', format: 'uuid' },
      orderNumber: integer,
      table: maybe(integer),
      status: { type: 'string', enum: ['OPEN', 'BUMPED'] },
      version: integer,
      firedAt: time,
      bumpedAt: time,
      acks: { type: 'array', items: object({ terminalId: string, at: time }) },
      unacknowledged: { type: 'boolean' },
      items: { type: 'array', items: ref('TicketItem') },
    },
    ['id', 'stationId', 'orderId', 'orderNumber', 'table', 'status', 'version', 'firedAt', 'items'],
  ),
  Terminal: object(
    {
      id: string,
      kind: { type: 'string', enum: [...TERMINAL_KINDS] },
      online: { type: 'boolean' },
      userId: string,
      lastSeenAt: maybe(time),
      pairedWith: string,
    },
    ['id', 'kind', 'online', 'lastSeenAt'],
  ),
  Movement: object(
    {
      at: time,
      type: { type: 'string', enum: ['FLOAT', 'SALE', 'REFUND', 'PAY_IN', 'PAY_OUT', 'DROP', 'NO_SALE'] },
      amountCents: integer,
      reason: string,
      userId: string,
      approvedBy: string,
      orderId: string,
    },
    ['at', 'type', 'amountCents', 'userId'],
  ),
  Drawer: object(
    {
      id: string,
      terminalId: string,
      status: { type: 'string', enum: ['CLOSED', 'OPEN', 'COUNTING'] },
      cashierId: string,
      openedAt: time,
      floatCents: integer,
      cashCents: { ...integer, description: 'Left out while COUNTING for anyone but a manager: the count is blind.' },
      alerts: { type: 'array', items: { type: 'string', enum: ['DROP_NEEDED'] } },
      movements: { type: 'array', items: ref('Movement') },
      lastClose: object(
        {
          expectedCents: integer,
          countedCents: integer,
          overShortCents: integer,
          closedAt: time,
          closedBy: string,
          cashierId: string,
        },
        ['expectedCents', 'countedCents', 'overShortCents', 'closedAt', 'closedBy'],
      ),
      version: integer,
    },
    ['id', 'terminalId', 'status', 'alerts', 'movements', 'version'],
  ),
  Day: object(
    {
      number: integer,
      businessDate: { type: 'string', format: 'date' },
      status: { type: 'string', enum: ['OPEN', 'CLOSED'] },
      openedAt: time,
      openedBy: string,
      closedAt: time,
      closedBy: string,
      version: integer,
    },
    ['number', 'businessDate', 'status', 'openedAt', 'openedBy', 'version'],
  ),
  DayReport: object(
    {
      dayNumber: integer,
      businessDate: { type: 'string', format: 'date' },
      openedAt: time,
      closedAt: time,
      orders: object({ count: integer, cancelled: integer, covers: integer, averageTicketCents: integer }),
      sales: object({ grossCents: integer, discountCents: integer, serviceCents: integer, netCents: integer, tipCents: integer }),
      byMethod: object(Object.fromEntries(['CASH', 'CARD', 'PIX'].map((m) => [m, ref('CountAndCents')]))),
      byCategory: { type: 'array', items: object({ category: maybe(string), quantity: integer, cents: integer }) },
      byProduct: { type: 'array', items: object({ productId: string, name: string, quantity: integer, cents: integer }) },
      byWaiter: { type: 'array', items: object({ userId: maybe(string), orders: integer, cents: integer, tipCents: integer }) },
      byTerminal: { type: 'array', items: object({ terminalId: string, orders: integer, cents: integer }) },
      voids: ref('CountAndCents'),
      refunds: ref('CountAndCents'),
      discounts: ref('CountAndCents'),
      drawers: {
        type: 'array',
        items: object({
          id: string,
          floatCents: integer,
          cashSalesCents: integer,
          cashRefundsCents: integer,
          payInCents: integer,
          payOutCents: integer,
          dropCents: integer,
          expectedCents: integer,
          countedCents: maybe(integer),
          overShortCents: maybe(integer),
        }),
      },
    },
    [
      'dayNumber',
      'businessDate',
      'openedAt',
      'orders',
      'sales',
      'byMethod',
      'byCategory',
      'byProduct',
      'byWaiter',
      'byTerminal',
      'voids',
      'refunds',
      'discounts',
      'drawers',
    ],
  ),
  CountAndCents: object({ count: integer, cents: integer }),
  HistoryEntry: object({
    version: integer,
    type: string,
    at: time,
    userId: maybe(string),
    terminalId: maybe(string),
    data: { type: 'object' },
  }),
  Health: object(
    {
      status: { type: 'string', enum: ['ok', 'degraded'] },
      nodeID: string,
      transporter: string,
      db: string,
      redis: string,
      problems: { type: 'array', items: string },
      nodes: {
        type: 'array',
        items: object({ id: string, services: { type: 'array', items: string }, problems: { type: 'array', items: string } }),
      },
    },
    ['status', 'nodeID', 'transporter', 'db'],
  ),
};

/** The body of each action's success. An action missing here is described as an object, with no more said. */
const ANSWERS: Record<string, Json> = {
  'gateway.health': ref('Health'),
  'auth.login': object({ token: string, user: ref('User') }),
  'auth.lock': object({ ok: { type: 'boolean' } }),
  'gateway.openapi': { type: 'object', description: 'This document.' },
  'gateway.settings': object(
    { currency: string, locale: string, ackTimeoutSeconds: integer, serverTime: time, today: { type: 'string', format: 'date' } },
    ['currency', 'locale', 'ackTimeoutSeconds', 'serverTime'],
  ),
  'menu.list': list('products', ref('Product')),
  'menu.update': ref('Product'),
  'orders.tables': list('tables', object({ number: integer })),
  'orders.open': ref('Order'),
  'orders.list': list('orders', ref('Order')),
  'orders.get': ref('Order'),
  'orders.addItem': ref('Order'),
  'orders.send': ref('Order'),
  'orders.voidItem': ref('Order'),
  'orders.cancel': ref('Order'),
  'orders.serve': ref('Order'),
  'orders.history': list('events', ref('HistoryEntry')),
  'stations.load': list('stations', object({ stationId: string, open: integer, oldestFiredAt: maybe(time), late: integer })),
  'orders.sales': object({
    date: { type: 'string', format: 'date' },
    orders: integer,
    cents: integer,
    byProduct: { type: 'array', items: object({ productId: string, name: string, quantity: integer, cents: integer }) },
    byWaiter: { type: 'array', items: object({ userId: maybe(string), orders: integer, cents: integer }) },
  }),
  'stations.tickets': object({ version: integer, tickets: { type: 'array', items: ref('Ticket') } }),
  'stations.bump': ref('Ticket'),
  'stations.recall': ref('Ticket'),
  'terminals.list': list('terminals', ref('Terminal')),
  'days.get': ref('Day'),
  'days.open': ref('Day'),
  'days.close': ref('DayReport'),
  'days.xReport': ref('DayReport'),
  'days.zReports': list('reports', object({ number: integer, businessDate: { type: 'string', format: 'date' }, closedAt: time })),
  'days.zReport': ref('DayReport'),
  'audit.entries': list(
    'entries',
    object(
      {
        seq: integer,
        at: time,
        type: string,
        stream: maybe(string),
        userId: maybe(string),
        approvedBy: string,
        terminalId: maybe(string),
        data: { type: 'object' },
        hash: string,
      },
      ['seq', 'at', 'type', 'stream', 'userId', 'terminalId', 'data', 'hash'],
    ),
  ),
  'audit.verify': object({ ok: { type: 'boolean' }, entries: integer, brokenAt: integer }, ['ok']),
  'drawers.list': list('drawers', ref('Drawer')),
  ...Object.fromEntries(
    ['get', 'open', 'payIn', 'payOut', 'drop', 'noSale', 'count', 'close'].map((a) => [`drawers.${a}`, ref('Drawer')]),
  ),
};

/** The refusals a route may answer, by what it is: each status with the contract's error body. */
function refusals(route: Route, hasPath: boolean): Record<string, Json> {
  const statuses = [
    '400',
    ...(route.auth ? ['401', '403'] : []),
    ...(hasPath ? ['404'] : []),
    ...(route.method !== 'GET' ? ['409', '413', '422', '429'] : []),
    '503',
  ];
  return Object.fromEntries(statuses.map((status) => [status, { $ref: `#/components/responses/Refused${status}` }]));
}

const REFUSED: Record<string, string> = {
  '400': 'Bad input: a field is missing, of the wrong type, out of range, or holds what cannot be stored.',
  '401': 'No token, or the token is invalid or expired.',
  '403': 'The role may not do this, or the page is of another origin.',
  '404': 'No such order, station, ticket, product, terminal, drawer or closed day, or no day yet.',
  '409': "The actor's state does not allow it, or another writer changed it first.",
  '413': 'The body is over 64 KiB.',
  '422': 'Well-formed but impossible, e.g. an unknown product or a reused commandId.',
  '429': 'Too many requests, or too many wrong PINs: wait the Retry-After seconds.',
  '503': 'A dependency is down: retry with the same commandId.',
};

/** The OpenAPI 3 document of every route, with request schemas from the actions' `params` and the views as answers. */
export function openApiDocument(routes: Route[], paramsOf: (action: string) => Record<string, Rule> | undefined) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const pathParams = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    const rules = Object.entries(paramsOf(route.action) ?? {}).filter(([name]) => !name.startsWith('$$'));
    const fields = rules.filter(([name]) => !pathParams.includes(name));
    const parameters = [
      ...pathParams.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      ...(route.method === 'GET'
        ? fields.map(([name, rule]) => ({ name, in: 'query', required: !isOptional(rule), schema: toJsonSchema(rule) }))
        : []),
    ];
    // OpenAPI 3.0 wants a non-empty `required` or none (a PATCH may have every field optional).
    const required = fields.filter(([, rule]) => !isOptional(rule)).map(([name]) => name);
    const requestBody =
      route.method !== 'GET'
        ? {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: Object.fromEntries(fields.map(([name, rule]) => [name, toJsonSchema(rule)])),
                  ...(required.length > 0 && { required }),
                },
              },
            },
          }
        : undefined;
    const key = `/api${route.path.replace(/:(\w+)/g, '{$1}')}`;
    paths[key] ??= {};
    paths[key][route.method.toLowerCase()] = {
      summary: route.summary,
      operationId: route.action,
      // Public routes say so: everything else takes the document's bearer token.
      ...(route.auth ? {} : { security: [] }),
      ...(parameters.length > 0 && { parameters }),
      ...(requestBody ? { requestBody } : {}),
      responses: {
        [String(route.status ?? 200)]: {
          description: 'Success',
          content: { 'application/json': { schema: ANSWERS[route.action] ?? { type: 'object' } } },
        },
        ...refusals(route, pathParams.length > 0),
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Comanda',
      version: '1',
      description: 'The restaurant runtime: orders, kitchen stations, terminals.',
    },
    servers: [{ url: '/', description: 'The node that serves this document' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: VIEWS,
      responses: Object.fromEntries(
        Object.entries(REFUSED).map(([status, description]) => [
          `Refused${status}`,
          { description, content: { 'application/json': { schema: ref('Error') } } },
        ]),
      ),
    },
  };
}
