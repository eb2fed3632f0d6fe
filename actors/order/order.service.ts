import type { Context, ServiceSchema } from 'moleculer';
import { QueryTypes } from 'sequelize';
import {
  BUS_EVENTS,
  DAY_VIEWS,
  idFrom,
  localDate,
  weighedCents,
  type HistoryEntry,
  type OrderView,
  type ProductView,
} from '../../shared/contract/index.js';
import { ActorHost } from '../../shared/runtime/actor-host.js';
import { approvalParam, approvedBy, approvingManager, type Approval } from '../../shared/runtime/approval.js';
import { actingOf, shardBy } from '../../shared/runtime/actor-service.js';
import type { CallerMeta, RuntimeDeps } from '../../shared/runtime/deps.js';
import { CommandError } from '../../shared/runtime/errors.js';
import { DAYS_STREAM } from '../business-day/business-day.projection.js';
import { MenuCopy } from './menu-copy.js';
import { orderSales } from './order-sales.projection.js';
import { orderKind, splitCall } from './order.kind.js';
import type { OrderFact, PaymentTaken, SplitItems, Weighing } from './order.machine.js';
import { orderJson } from './order.projection.js';

const WRITERS = ['WAITER', 'CASHIER', 'MANAGER'];
const commandId = { type: 'uuid', messages: { uuid: 'commandId must be a UUID made by the client' } } as const;
const orderId = { type: 'uuid', messages: { uuid: 'order id must be a UUID' } } as const;
const reason = 'string|min:1|max:200';

type Params<P> = Context<P, CallerMeta>;

/** A day's sales: what `GET /api/reports/sales` answers. */
export interface DaySales {
  date: string;
  orders: number;
  cents: number;
  byProduct: { productId: string; name: string; quantity: number; cents: number }[];
  byWaiter: { userId: string | null; orders: number; cents: number }[];
}

/**
 * Orders: open, ring items, send to the kitchen, void, cancel; the check: discounts, the service charge, splitting
 * and closing it; and the order list read from its projection.
 */
export function orderService(deps: RuntimeDeps): ServiceSchema {
  const host = new ActorHost(orderKind, deps);
  const { models, sequelize } = deps;
  let tables = new Set<number>();
  let terminals = new Set<string>();
  let menu: MenuCopy;

  /**
   * From this node's copy of the menu, which may be a moment behind a change (see MenuCopy); from the menu
   * itself while there is no copy (it could not be read).
   */
  const productOf = async (ctx: Context, productId: string) => {
    const products = await menu.get();
    if (products) return products.get(productId) ?? null;
    return (await ctx.call('menu.product', { productId })) as ProductView | null;
  };

  type Command = Parameters<typeof host.execute>[0]['command'];

  /**
   * Who answers for a plate's grams: the manager ringing it, a manager whose PIN approved them (typed, the scale
   * down), or else the scale of the caller's terminal, asked on the node that drives it whether it read them.
   */
  const weighingOf = async (
    ctx: Params<{ commandId: string; grams?: number; approval?: Approval }>,
    grams: number,
  ): Promise<Weighing> => {
    const byManager = ctx.meta.user?.role === 'MANAGER';
    const approved = await approvedBy(ctx, `Ringing ${grams} g the scale did not read`);
    const terminalId = ctx.meta.user?.terminalId ?? null;
    const readByScale =
      !byManager &&
      approved === null &&
      terminalId !== null &&
      ((await ctx.call('scales.ringWeighing', { terminalId, grams, commandId: ctx.params.commandId })) as boolean);
    return { readByScale, byManager, approvedBy: approved };
  };

  /** A command on an order, answered with its view. */
  const decide = async (ctx: Params<{ orderId: string; commandId: string }>, command: Command) =>
    (await host.execute({
      actorId: ctx.params.orderId,
      commandId: ctx.params.commandId,
      request: ctx.params,
      command,
      ...actingOf(ctx),
    })) as OrderView;

  /** A command on an order answers its whole view, as JSON made from the items' own (orderJson). */
  const execute = async (ctx: Params<{ orderId: string; commandId: string }>, command: Command) => {
    const view = await decide(ctx, command);
    (ctx.meta as { $responseType?: string }).$responseType = 'application/json; charset=utf-8';
    return orderJson(view);
  };

  /** The next order number: for people (tickets, the pass); gaps after a failed command are harmless. */
  const nextNumber = async () => {
    const [{ number }] = (await sequelize.query(`SELECT nextval('order_number_seq')::int AS number`, {
      type: QueryTypes.SELECT,
    })) as [{ number: number }];
    return number;
  };

  return {
    name: 'orders',
    created() {
      // Past the cacher: the copy should be as fresh as the table, even if a cached list missed a clean.
      const read = () => this.broker.call('menu.list', {}, { meta: { $cache: false } }) as Promise<{ products: ProductView[] }>;
      menu = new MenuCopy(async () => (await read()).products, deps.clock, deps.logger);
    },
    events: {
      [BUS_EVENTS.menuChanged](ctx: Context<{ view: ProductView }>) {
        menu.changed(ctx.params.view);
      },
    },
    async started() {
      tables = new Set((await models.DiningTable.findAll()).map((t) => t.get().number));
      terminals = new Set((await models.Terminal.findAll()).map((t) => t.get().id));
    },
    actions: {
      open: {
        roles: WRITERS,
        ...shardBy('commandId'),
        params: {
          commandId,
          terminalId: 'string|min:1',
          table: { type: 'number', integer: true, optional: true, nullable: true },
          covers: { type: 'number', integer: true, min: 1, max: 99, optional: true, nullable: true },
        },
        async handler(ctx: Params<{ commandId: string; terminalId: string; table?: number | null; covers?: number | null }>) {
          const { terminalId, table = null, covers = null } = ctx.params;
          if (!terminals.has(terminalId)) throw new CommandError('UNKNOWN_TERMINAL', `No terminal has the id ${terminalId}.`);
          if (table !== null && !tables.has(table)) {
            throw new CommandError(
              'UNKNOWN_TABLE',
              `There is no table ${table}: tables are ${[...tables].sort((a, b) => a - b).join(', ')}.`,
            );
          }
          const id = idFrom(ctx.params.commandId, 'order');
          // The number is for people (tickets, the pass); gaps after a failed command are harmless. The open day
          // comes in the same round trip, from the day's view (written with its facts), so no copy of it is kept
          // that could be stale on this node. An order opened while the day closes may still take its number;
          // the close does not see it, and it keeps the next day's close waiting until it is closed.
          const [{ number, dayNumber }] = (await sequelize.query(
            `SELECT nextval('order_number_seq')::int AS number,
                    (SELECT (data->>'number')::int FROM views WHERE kind = $1 AND id = $2 AND data->>'status' = 'OPEN') AS "dayNumber"`,
            { bind: [DAY_VIEWS.day, DAYS_STREAM], type: QueryTypes.SELECT },
          )) as [{ number: number; dayNumber: number | null }];
          // A retry of an open accepted before the day closed is answered as it was the first time, by the host.
          if (dayNumber === null && !(await deps.store.findCommand(ctx.params.commandId))) {
            throw new CommandError('DAY_NOT_OPEN', 'No business day is open: a manager opens the day before orders are rung.');
          }
          return host.execute({
            actorId: id,
            commandId: ctx.params.commandId,
            request: ctx.params,
            command: {
              type: 'OPEN',
              orderId: id,
              number,
              dayNumber,
              terminalId,
              table,
              covers,
              servicePercent: deps.settings.serviceChargePercent,
            },
            ...actingOf(ctx),
          });
        },
      },
      addItem: {
        roles: WRITERS,
        ...shardBy('orderId'),
        params: {
          orderId,
          commandId,
          productId: 'string|min:1',
          quantity: { type: 'number', integer: true, min: 1, max: 99, optional: true },
          // A product sold by weight: what the terminal's scale read (GET /api/terminals/:id/weight), up to 50 kg.
          grams: { type: 'number', integer: true, min: 1, max: 50_000, optional: true },
          notes: { type: 'string', max: 200, optional: true, default: '' },
          course: { type: 'number', integer: true, min: 1, max: 3, optional: true, default: 1 },
          // Grams the terminal's scale did not read (typed, the scale down): a manager's PIN answers for them.
          approval: approvalParam,
        },
        async handler(
          ctx: Params<{
            orderId: string;
            commandId: string;
            productId: string;
            quantity?: number;
            grams?: number;
            notes: string;
            course: number;
            approval?: Approval;
          }>,
        ) {
          const product = await productOf(ctx, ctx.params.productId);
          if (!product) throw new CommandError('UNKNOWN_PRODUCT', `The menu has no product "${ctx.params.productId}".`);
          const { quantity, grams, notes, course } = ctx.params;
          const byWeight = product.soldBy === 'WEIGHT' ? product.pricePerKgCents! : null;
          if (byWeight !== null && grams === undefined)
            throw new CommandError('GRAMS_REQUIRED', `${product.name} is sold by weight: weigh it and ring it with grams.`);
          if (byWeight === null && grams !== undefined)
            throw new CommandError('NOT_SOLD_BY_WEIGHT', `${product.name} is sold by the unit: ring it with a quantity.`);
          if (byWeight === null && quantity === undefined)
            throw new CommandError('BAD_REQUEST', 'quantity: how many to ring, 1 to 99.');
          // Weighed: the price of these grams and the kilo's it came from, kept in the fact; one line per weighing.
          const priced =
            byWeight !== null
              ? { priceCents: weighedCents(grams!, byWeight), grams: grams!, pricePerKgCents: byWeight, quantity: 1 }
              : { priceCents: product.priceCents, quantity: quantity! };
          return execute(ctx, {
            type: 'ADD_ITEM',
            item: {
              id: idFrom(ctx.params.commandId, 'item'),
              productId: product.id,
              name: product.name,
              ...priced,
              category: product.category,
              station: product.station,
              prepSeconds: product.prepSeconds,
              notes,
              course,
            },
            available: product.available,
            ...(byWeight !== null ? { weighing: await weighingOf(ctx, grams!) } : {}),
          });
        },
      },
      send: {
        roles: WRITERS,
        ...shardBy('orderId'),
        params: { orderId, commandId, course: { type: 'number', integer: true, min: 1, max: 3, optional: true } },
        handler(ctx: Params<{ orderId: string; commandId: string; course?: number }>) {
          return execute(ctx, { type: 'SEND', course: ctx.params.course ?? null });
        },
      },
      voidItem: {
        roles: WRITERS,
        ...shardBy('orderId'),
        params: { orderId, commandId, itemId: 'string|min:1', reason: 'string|min:1|max:200', approval: approvalParam },
        async handler(ctx: Params<{ orderId: string; commandId: string; itemId: string; reason: string; approval?: Approval }>) {
          const { itemId, reason } = ctx.params;
          return execute(ctx, {
            type: 'VOID_ITEM',
            itemId,
            reason,
            approvalRequired: true,
            byManager: ctx.meta.user?.role === 'MANAGER',
            approvedBy: await approvedBy(ctx, 'Voiding an item already fired'),
          });
        },
      },
      cancel: {
        roles: WRITERS,
        ...shardBy('orderId'),
        params: { orderId, commandId, reason },
        handler(ctx: Params<{ orderId: string; commandId: string; reason: string }>) {
          return execute(ctx, { type: 'CANCEL', reason: ctx.params.reason });
        },
      },
      /** A discount off the check: a percent of its subtotal, or an amount; any takes a manager. */
      discount: {
        roles: WRITERS,
        ...shardBy('orderId'),
        params: {
          orderId,
          commandId,
          percent: { type: 'number', integer: true, min: 1, max: 100, optional: true },
          amountCents: { type: 'number', integer: true, min: 1, max: 10_000_000, optional: true },
          reason,
          approval: approvalParam,
        },
        async handler(
          ctx: Params<{
            orderId: string;
            commandId: string;
            percent?: number;
            amountCents?: number;
            reason: string;
            approval?: Approval;
          }>,
        ) {
          const { percent, amountCents } = ctx.params;
          if ((percent === undefined) === (amountCents === undefined)) {
            throw new CommandError('BAD_REQUEST', 'A discount is a percent or an amountCents: give one of the two.');
          }
          const id = idFrom(ctx.params.commandId, 'discount');
          return execute(ctx, {
            type: 'GIVE_DISCOUNT',
            discount: { id, ...(percent !== undefined ? { percent } : { amountCents }), reason: ctx.params.reason },
            approvedBy: await approvingManager(ctx, 'A discount'),
          });
        },
      },
      /** Waive the service charge (a manager approving), or charge it again. */
      service: {
        roles: WRITERS,
        ...shardBy('orderId'),
        params: { orderId, commandId, waived: 'boolean', reason, approval: approvalParam },
        async handler(ctx: Params<{ orderId: string; commandId: string; waived: boolean; reason: string; approval?: Approval }>) {
          const { waived } = ctx.params;
          return execute(ctx, {
            type: 'SET_SERVICE',
            waived,
            reason: ctx.params.reason,
            approvedBy: await approvingManager(ctx, 'Waiving the service charge'),
          });
        },
      },
      /**
       * Those items move to a new check for the same table, their kitchen state with them. The new check is opened
       * from the split's fact, by the outbox and here alike (one commandId), so it is there when this answers.
       */
      split: {
        roles: WRITERS,
        ...shardBy('orderId'),
        params: {
          orderId,
          commandId,
          itemIds: { type: 'array', items: 'string|min:1|max:100', min: 1, max: 200, unique: true },
        },
        async handler(ctx: Params<{ orderId: string; commandId: string; itemIds: string[] }>) {
          const newOrderId = idFrom(ctx.params.commandId, 'order');
          const order = await decide(ctx, {
            type: 'SPLIT',
            itemIds: ctx.params.itemIds,
            newOrderId,
            splitBy: actingOf(ctx),
          });
          // The split's one fact is the last the command wrote, at the version its answer has.
          const [fact] = await deps.store.events(order.id, order.version - 1, order.version);
          const call = splitCall(fact!.data as unknown as Extract<OrderFact, { type: 'ItemsSplitOff' }>, ctx.params.commandId);
          const newOrder = (await ctx.call(call.action, call.params)) as OrderView;
          return { order, newOrder };
        },
      },
      /** The check a split made, opened from the split's fact with the items and tickets it moved. */
      openSplit: {
        visibility: 'public',
        ...shardBy('orderId'),
        params: { orderId: 'string', commandId: 'string', split: 'object' },
        async handler(ctx: Params<{ orderId: string; commandId: string; split: Extract<OrderFact, { type: 'ItemsSplitOff' }> }>) {
          const {
            orderId: fromOrderId,
            items,
            tickets,
            servedAt,
            dayNumber,
            terminalId,
            table,
            servicePercent,
            splitBy,
          } = ctx.params.split;
          const splitFrom: SplitItems = { orderId: fromOrderId, items, tickets, servedAt };
          return host.execute({
            actorId: ctx.params.orderId,
            commandId: ctx.params.commandId,
            request: ctx.params,
            command: {
              type: 'OPEN',
              orderId: ctx.params.orderId,
              number: await nextNumber(),
              dayNumber,
              terminalId,
              table,
              covers: null,
              servicePercent,
              splitFrom,
            },
            // Whoever split the check opened the new one: its sales are theirs, and the audit log says so.
            ...splitBy,
          });
        },
      },
      /** The table is free: nothing is due (a check that comes to nothing closes as it is). */
      close: {
        roles: WRITERS,
        ...shardBy('orderId'),
        params: { orderId, commandId },
        handler(ctx: Params<{ orderId: string; commandId: string }>) {
          return execute(ctx, { type: 'CLOSE' });
        },
      },
      /**
       * From the payments service: a payment on the check, approved (cash) or pending (a card being charged, a PIX
       * shown to the payer). More than is due is refused here, before any card is charged.
       */
      recordPayment: {
        visibility: 'public',
        ...shardBy('orderId'),
        params: { orderId: 'string', commandId: 'string', payment: 'object', userId: 'string' },
        handler(ctx: Params<{ orderId: string; commandId: string; payment: PaymentTaken; userId: string }>) {
          return decide(ctx, { type: 'RECORD_PAYMENT', payment: ctx.params.payment, userId: ctx.params.userId });
        },
      },
      /** From the payments service: a pending payment went through (its charge approved, its PIX paid). */
      confirmPayment: {
        visibility: 'public',
        ...shardBy('orderId'),
        params: {
          orderId: 'string',
          commandId: 'string',
          paymentId: 'string',
          acquirer: { type: 'string', optional: true },
          authCode: { type: 'string', optional: true },
        },
        handler(ctx: Params<{ orderId: string; commandId: string; paymentId: string; acquirer?: string; authCode?: string }>) {
          const { paymentId, acquirer, authCode } = ctx.params;
          return decide(ctx, { type: 'CONFIRM_PAYMENT', paymentId, ...(acquirer && authCode ? { acquirer, authCode } : {}) });
        },
      },
      /** From the payments service: a pending payment did not go through; it is off the check. */
      failPayment: {
        visibility: 'public',
        ...shardBy('orderId'),
        params: { orderId: 'string', commandId: 'string', paymentId: 'string', reason: 'string' },
        handler(ctx: Params<{ orderId: string; commandId: string; paymentId: string; reason: string }>) {
          return decide(ctx, { type: 'FAIL_PAYMENT', paymentId: ctx.params.paymentId, reason: ctx.params.reason });
        },
      },
      /** From the payments service: money given back the way it came, once it went back. */
      refundPayment: {
        visibility: 'public',
        ...shardBy('orderId'),
        params: {
          orderId: 'string',
          commandId: 'string',
          paymentId: 'string',
          amountCents: 'number',
          reason: 'string',
          approvedBy: { type: 'string', optional: true, nullable: true },
        },
        handler(
          ctx: Params<{
            orderId: string;
            commandId: string;
            paymentId: string;
            amountCents: number;
            reason: string;
            approvedBy?: string | null;
          }>,
        ) {
          const { paymentId, amountCents, reason, approvedBy = null } = ctx.params;
          return decide(ctx, { type: 'REFUND_PAYMENT', paymentId, amountCents, reason, approvedBy });
        },
      },
      /** From a station: every item of that ticket is ready. */
      ticketBumped: {
        visibility: 'public',
        ...shardBy('orderId'),
        params: { orderId: 'string', commandId: 'string', ticketId: 'string' },
        handler(ctx: Params<{ orderId: string; commandId: string; ticketId: string }>) {
          return execute(ctx, { type: 'TICKET_BUMPED', ticketId: ctx.params.ticketId });
        },
      },
      /** From a station: a bumped ticket is back on the screen. */
      ticketRecalled: {
        visibility: 'public',
        ...shardBy('orderId'),
        params: { orderId: 'string', commandId: 'string', ticketId: 'string' },
        handler(ctx: Params<{ orderId: string; commandId: string; ticketId: string }>) {
          return execute(ctx, { type: 'TICKET_RECALLED', ticketId: ctx.params.ticketId });
        },
      },
      /** From a station: a screen drew the ticket. */
      ticketReceived: {
        visibility: 'public',
        ...shardBy('orderId'),
        params: { orderId: 'string', commandId: 'string', ticketId: 'string', terminalId: 'string', receivedAt: 'string' },
        handler(ctx: Params<{ orderId: string; commandId: string; ticketId: string; terminalId: string; receivedAt: string }>) {
          const { ticketId, terminalId, receivedAt } = ctx.params;
          return execute(ctx, { type: 'TICKET_RECEIVED', ticketId, terminalId, receivedAt });
        },
      },
      /** From a station: no screen drew the ticket in time. */
      ticketUnacknowledged: {
        visibility: 'public',
        ...shardBy('orderId'),
        params: { orderId: 'string', commandId: 'string', ticketId: 'string' },
        handler(ctx: Params<{ orderId: string; commandId: string; ticketId: string }>) {
          return execute(ctx, { type: 'TICKET_UNACKNOWLEDGED', ticketId: ctx.params.ticketId });
        },
      },
      /** From a station: its printer printed the ticket as a chit. */
      ticketPrinted: {
        visibility: 'public',
        ...shardBy('orderId'),
        params: { orderId: 'string', commandId: 'string', ticketId: 'string', deviceId: 'string', printedAt: 'string' },
        handler(ctx: Params<{ orderId: string; commandId: string; ticketId: string; deviceId: string; printedAt: string }>) {
          const { ticketId, deviceId, printedAt } = ctx.params;
          return execute(ctx, { type: 'TICKET_PRINTED', ticketId, deviceId, printedAt });
        },
      },
      /** The expeditor sends what is ready out of the pass. */
      serve: {
        roles: ['WAITER', 'KITCHEN', 'MANAGER'],
        ...shardBy('orderId'),
        params: { orderId, commandId },
        handler(ctx: Params<{ orderId: string; commandId: string }>) {
          return execute(ctx, { type: 'SERVE' });
        },
      },
      /** The day's sales, summed from the order-sales projection's rows of that date. */
      sales: {
        roles: ['MANAGER', 'CASHIER'],
        params: {
          date: {
            type: 'string',
            pattern: /^\d{4}-\d{2}-\d{2}$/,
            optional: true,
            messages: { stringPattern: 'date is YYYY-MM-DD' },
          },
        },
        async handler(ctx: Params<{ date?: string }>): Promise<DaySales> {
          const date = ctx.params.date ?? localDate(deps.clock().toISOString());
          const day = { bind: [orderSales.name, date], type: QueryTypes.SELECT as const };
          const byProduct = await sequelize.query<DaySales['byProduct'][number]>(
            `SELECT l->>'productId' AS "productId", min(l->>'name') AS name,
                    sum((l->>'quantity')::int)::int AS quantity, sum((l->>'cents')::bigint)::int AS cents
               FROM projections p, jsonb_array_elements(p.data->'lines') l
              WHERE p.projection = $1 AND p.data->>'date' = $2 AND NOT (p.data->>'cancelled')::boolean
              GROUP BY 1 HAVING sum((l->>'quantity')::int) <> 0 ORDER BY 4 DESC, 1`,
            day,
          );
          const byWaiter = await sequelize.query<DaySales['byWaiter'][number]>(
            `SELECT p.data->>'userId' AS "userId", count(*)::int AS orders,
                    coalesce(sum((SELECT sum((l->>'cents')::bigint) FROM jsonb_array_elements(p.data->'lines') l)), 0)::int AS cents
               FROM projections p
              WHERE p.projection = $1 AND p.data->>'date' = $2 AND NOT (p.data->>'cancelled')::boolean
              GROUP BY 1 ORDER BY 3 DESC, 1`,
            day,
          );
          const orders = byWaiter.reduce((n, w) => n + w.orders, 0);
          return { date, orders, cents: byProduct.reduce((sum, p) => sum + p.cents, 0), byProduct, byWaiter };
        },
      },
      tables: {
        handler(): { tables: { number: number }[] } {
          return { tables: [...tables].sort((a, b) => a - b).map((number) => ({ number })) };
        },
      },
      get: {
        params: { orderId },
        async handler(ctx: Params<{ orderId: string }>): Promise<OrderView> {
          const [row] = await sequelize.query<{ data: OrderView }>('SELECT data FROM order_view_rows WHERE id = $1', {
            bind: [ctx.params.orderId],
            type: QueryTypes.SELECT,
          });
          if (!row) throw new CommandError('UNKNOWN_ORDER', `No order has the id ${ctx.params.orderId}.`);
          return row.data;
        },
      },
      list: {
        params: {
          status: { type: 'enum', values: ['OPEN', 'PAID', 'CLOSED', 'CANCELLED'], optional: true },
          terminalId: { type: 'string', optional: true },
          table: { type: 'number', integer: true, convert: true, optional: true },
        },
        async handler(ctx: Params<{ status?: string; terminalId?: string; table?: number }>): Promise<{ orders: OrderView[] }> {
          const { status, terminalId, table } = ctx.params;
          const rows = await sequelize.query<{ data: OrderView }>(
            `SELECT data FROM order_view_rows
              WHERE ($1::text IS NULL OR header->>'status' = $1)
                AND ($2::text IS NULL OR header->>'terminalId' = $2)
                AND ($3::int IS NULL OR (header->>'table')::int = $3)
              ORDER BY (header->>'number')::int`,
            { bind: [status ?? null, terminalId ?? null, table ?? null], type: QueryTypes.SELECT },
          );
          return { orders: rows.map((r) => r.data) };
        },
      },
      history: {
        params: { orderId },
        async handler(ctx: Params<{ orderId: string }>): Promise<{ events: HistoryEntry[] }> {
          const events = await deps.store.events(ctx.params.orderId);
          if (events.length === 0) throw new CommandError('UNKNOWN_ORDER', `No order has the id ${ctx.params.orderId}.`);
          return {
            events: events.map(({ version, type, at, userId, terminalId, data }) => {
              const { type: _type, at: _at, ...rest } = data;
              return { version, type, at, userId, terminalId, data: rest };
            }),
          };
        },
      },
    },
  };
}
