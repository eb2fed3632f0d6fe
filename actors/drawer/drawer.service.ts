import type { Context, ServiceSchema } from 'moleculer';
import { QueryTypes } from 'sequelize';
import { DAY_VIEWS, drawerSeenBy, type DrawerView, type Role } from '../../shared/contract/index.js';
import { ActorHost } from '../../shared/runtime/actor-host.js';
import { approvalParam, approvedBy, type Approval } from '../../shared/runtime/approval.js';
import { actingOf, shardBy } from '../../shared/runtime/actor-service.js';
import type { CallerMeta, RuntimeDeps } from '../../shared/runtime/deps.js';
import { CommandError } from '../../shared/runtime/errors.js';
import { DAYS_STREAM } from '../business-day/business-day.projection.js';
import type { Acting } from './drawer.machine.js';
import { drawerKind } from './drawer.kind.js';
import { unopenedDrawer } from './drawer.projection.js';

const CASHIERS: Role[] = ['CASHIER', 'MANAGER'];
/** Whoever takes payments needs to know whether the terminal's drawer is open. */
const READERS: Role[] = ['CASHIER', 'MANAGER', 'WAITER'];
const commandId = { type: 'uuid', messages: { uuid: 'commandId must be a UUID made by the client' } } as const;
const drawerId = 'string|min:1|max:40';
/** Up to a million in cents: beyond any drawer, and far from where sums of cents stop being exact. */
const cents = (min: number) => ({ type: 'number', integer: true, min, max: 100_000_000 }) as const;
const reason = 'string|min:1|max:200';

type Params<P> = Context<P, CallerMeta>;
type DrawerParams = { drawerId: string; commandId: string };
/** What a receipt printer's drawer sensor tells the drawer at its terminal. */
type Sensed = { terminalId: string; since: string; commandId: string };

/** Cash drawers: open with a float, pay in and out, drop, no-sale, blind count, close; cash sales and refunds from payments. */
export function drawerService(deps: RuntimeDeps): ServiceSchema {
  const host = new ActorHost(drawerKind, deps);
  /** Each drawer's terminal: reference data, read at start like the stations. */
  let terminals = new Map<string, string>();

  const knownDrawer = (id: string) => {
    const terminalId = terminals.get(id);
    if (terminalId === undefined) {
      throw new CommandError(
        'UNKNOWN_DRAWER',
        `No cash drawer has the id "${id}": drawers are ${[...terminals.keys()].join(', ')}.`,
      );
    }
    return terminalId;
  };

  /**
   * A printer knows the terminal whose receipts it prints, not the drawer there: the drawer at that terminal is
   * told on the node its id routes to (sensor).
   */
  const tellDrawerAt = (ctx: Params<Sensed>, command: { type: 'LEFT_OPEN'; seconds: number } | { type: 'SHUT' }) => {
    const { terminalId, since, commandId } = ctx.params;
    const drawerId = [...terminals].find(([, at]) => at === terminalId)?.[0];
    if (drawerId === undefined) return void deps.logger.info({ terminalId }, "no cash drawer at the printer's terminal");
    return ctx.call('drawers.sensor', { drawerId, commandId, command: { ...command, drawerId, terminalId, since } });
  };

  const acting = (ctx: Params<unknown>): Acting => ({ userId: ctx.meta.user!.id, role: ctx.meta.user!.role as Role });

  /** The answer as the caller may see it: the count is blind but to a manager. */
  const seen = (ctx: Params<unknown>, view: unknown) => drawerSeenBy(view as DrawerView, ctx.meta.user?.role as Role | undefined);

  const execute = async (ctx: Params<DrawerParams>, command: Parameters<typeof host.execute>[0]['command']) => {
    knownDrawer(ctx.params.drawerId);
    const view = await host.execute({
      actorId: ctx.params.drawerId,
      commandId: ctx.params.commandId,
      request: ctx.params,
      command,
      ...actingOf(ctx),
    });
    return seen(ctx, view);
  };

  /**
   * The number of the business day open now, null when none is, from the day's own view (written with its facts),
   * as an order's opening reads it: never stale, so no copy is kept. No day ever opened is no day open.
   */
  const openDay = async () => {
    const rows = await deps.sequelize.query<{ number: number }>(
      "SELECT (data->>'number')::int AS number FROM views WHERE kind = $1 AND id = $2 AND data->>'status' = 'OPEN'",
      { bind: [DAY_VIEWS.day, DAYS_STREAM], type: QueryTypes.SELECT },
    );
    return rows[0]?.number ?? null;
  };

  return {
    name: 'drawers',
    async started() {
      const rows = await deps.sequelize.query<{ id: string; terminalId: string }>(
        'SELECT id, terminal_id AS "terminalId" FROM drawers',
        { type: QueryTypes.SELECT },
      );
      terminals = new Map(rows.map((r) => [r.id, r.terminalId]));
    },
    actions: {
      open: {
        roles: CASHIERS,
        ...shardBy('drawerId'),
        params: { drawerId, commandId, floatCents: cents(0) },
        async handler(ctx: Params<DrawerParams & { floatCents: number }>) {
          const terminalId = knownDrawer(ctx.params.drawerId);
          return execute(ctx, {
            type: 'OPEN',
            drawerId: ctx.params.drawerId,
            terminalId,
            floatCents: ctx.params.floatCents,
            maxCents: deps.settings.drawerMaxCents,
            dayNumber: await openDay(),
            by: acting(ctx),
          });
        },
      },
      payIn: {
        roles: CASHIERS,
        ...shardBy('drawerId'),
        params: { drawerId, commandId, amountCents: cents(1), reason },
        handler(ctx: Params<DrawerParams & { amountCents: number; reason: string }>) {
          const { amountCents, reason } = ctx.params;
          return execute(ctx, { type: 'PAY_IN', amountCents, reason, by: acting(ctx) });
        },
      },
      payOut: {
        roles: CASHIERS,
        ...shardBy('drawerId'),
        params: { drawerId, commandId, amountCents: cents(1), reason, approval: approvalParam },
        async handler(ctx: Params<DrawerParams & { amountCents: number; reason: string; approval?: Approval }>) {
          const { drawerId, amountCents, reason } = ctx.params;
          // Before the approval: a PIN guess is not spent on a drawer that does not exist.
          knownDrawer(drawerId);
          return execute(ctx, {
            type: 'PAY_OUT',
            amountCents,
            reason,
            limitCents: deps.settings.payoutLimitCents,
            approvedBy: await approvedBy(ctx, `A pay-out of ${(amountCents / 100).toFixed(2)} from ${drawerId}`),
            by: acting(ctx),
          });
        },
      },
      drop: {
        roles: CASHIERS,
        ...shardBy('drawerId'),
        params: { drawerId, commandId, amountCents: cents(1) },
        handler(ctx: Params<DrawerParams & { amountCents: number }>) {
          return execute(ctx, { type: 'DROP', amountCents: ctx.params.amountCents, by: acting(ctx) });
        },
      },
      noSale: {
        roles: CASHIERS,
        ...shardBy('drawerId'),
        params: { drawerId, commandId, reason, approval: approvalParam },
        async handler(ctx: Params<DrawerParams & { reason: string; approval?: Approval }>) {
          // Before the approval: a PIN guess is not spent on a drawer that does not exist.
          knownDrawer(ctx.params.drawerId);
          return execute(ctx, {
            type: 'NO_SALE',
            reason: ctx.params.reason,
            approvedBy: await approvedBy(ctx, `Opening ${ctx.params.drawerId} with no sale`),
            by: acting(ctx),
          });
        },
      },
      count: {
        roles: CASHIERS,
        ...shardBy('drawerId'),
        params: { drawerId, commandId },
        handler(ctx: Params<DrawerParams>) {
          return execute(ctx, { type: 'COUNT', by: acting(ctx) });
        },
      },
      close: {
        roles: CASHIERS,
        ...shardBy('drawerId'),
        params: { drawerId, commandId, countedCents: cents(0) },
        handler(ctx: Params<DrawerParams & { countedCents: number }>) {
          return execute(ctx, { type: 'CLOSE', countedCents: ctx.params.countedCents, by: acting(ctx) });
        },
      },
      /** From payments: cash taken for an order goes into the drawer; `userId` took it (else the caller). */
      cashSale: {
        visibility: 'public',
        ...shardBy('drawerId'),
        params: {
          drawerId: 'string',
          commandId: 'string',
          orderId: 'string',
          amountCents: cents(1),
          userId: { type: 'string', optional: true },
        },
        handler(ctx: Params<DrawerParams & { orderId: string; amountCents: number; userId?: string }>) {
          const userId = ctx.params.userId ?? ctx.meta.user?.id;
          if (!userId) throw new CommandError('BAD_REQUEST', 'A cash sale names who took the cash (userId).');
          const { orderId, amountCents } = ctx.params;
          return execute(ctx, { type: 'CASH_SALE', orderId, amountCents, userId });
        },
      },
      /**
       * From payments: cash given back for an order comes out of the drawer. Taking cash out is for its cashier or
       * a manager, so it is the caller's (the session refunding) and never named by a parameter.
       */
      cashRefund: {
        visibility: 'public',
        ...shardBy('drawerId'),
        params: { drawerId: 'string', commandId: 'string', orderId: 'string', amountCents: cents(1) },
        handler(ctx: Params<DrawerParams & { orderId: string; amountCents: number }>) {
          if (!ctx.meta.user)
            throw new CommandError('BAD_REQUEST', "A cash refund is made in a session: call it with the caller's.");
          const { orderId, amountCents } = ctx.params;
          return execute(ctx, { type: 'CASH_REFUND', orderId, amountCents, by: acting(ctx) });
        },
      },
      /** From a receipt printer, through the outbox: the drawer at its terminal was found left open. */
      leftOpen: {
        visibility: 'public',
        params: { terminalId: 'string', since: 'string', seconds: 'number', commandId: 'string' },
        handler(ctx: Params<Sensed & { seconds: number }>) {
          return tellDrawerAt(ctx, { type: 'LEFT_OPEN', seconds: ctx.params.seconds });
        },
      },
      /** From a receipt printer, through the outbox: the drawer at its terminal, left open since `since`, shut. */
      shut: {
        visibility: 'public',
        params: { terminalId: 'string', since: 'string', commandId: 'string' },
        handler(ctx: Params<Sensed>) {
          return tellDrawerAt(ctx, { type: 'SHUT' });
        },
      },
      sensor: {
        visibility: 'public',
        ...shardBy('drawerId'),
        params: { drawerId: 'string', commandId: 'string', command: 'object' },
        handler(ctx: Params<DrawerParams & { command: Parameters<typeof host.execute>[0]['command'] }>) {
          return execute(ctx, ctx.params.command);
        },
      },
      get: {
        roles: READERS,
        params: { drawerId },
        async handler(ctx: Params<{ drawerId: string }>): Promise<DrawerView> {
          const terminalId = knownDrawer(ctx.params.drawerId);
          const row = await deps.models.View.findOne({ where: { kind: 'drawer', id: ctx.params.drawerId } });
          return seen(ctx, row ? row.get('data') : unopenedDrawer(ctx.params.drawerId, terminalId));
        },
      },
      list: {
        roles: READERS,
        async handler(ctx: Params<unknown>): Promise<{ drawers: DrawerView[] }> {
          const rows = await deps.sequelize.query<{ id: string; terminalId: string; data: DrawerView | null }>(
            `SELECT d.id, d.terminal_id AS "terminalId", v.data
               FROM drawers d LEFT JOIN views v ON v.kind = 'drawer' AND v.id = d.id
              ORDER BY d.id`,
            { type: QueryTypes.SELECT },
          );
          return { drawers: rows.map((r) => seen(ctx, r.data ?? unopenedDrawer(r.id, r.terminalId))) };
        },
      },
    },
  };
}
