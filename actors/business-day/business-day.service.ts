import type { Context, ServiceSchema } from 'moleculer';
import { QueryTypes } from 'sequelize';
import { DAY_VIEWS, localDate, type DayReport, type DayView, type ZReportEntry } from '../../shared/contract/index.js';
import { ActorHost, type CommandInput } from '../../shared/runtime/actor-host.js';
import { actingOf, shardBy } from '../../shared/runtime/actor-service.js';
import { note } from '../../shared/runtime/audit-chain.js';
import type { CallerMeta, RuntimeDeps } from '../../shared/runtime/deps.js';
import { CommandError } from '../../shared/runtime/errors.js';
import { drawerSessions, type DrawerDay } from '../drawer/drawer-sessions.projection.js';
import { orderSales, type OrderSales } from '../order/order-sales.projection.js';
import type { DayCommand, OpenOrder } from './business-day.machine.js';
import { businessDayKind } from './business-day.kind.js';
import { DAYS_STREAM } from './business-day.projection.js';
import { dayReport, drawerLine } from './day-report.js';

const MANAGERS = ['MANAGER'];
const REPORT_READERS = ['MANAGER', 'CASHIER'];
const commandId = { type: 'uuid', messages: { uuid: 'commandId must be a UUID made by the client' } } as const;
/** The demo restaurant's manager opens its first day (shared/db/seed.ts). */
const DEMO_MANAGER = 'maria';

type Params<P> = Context<P, CallerMeta>;

/**
 * The business days: open, close with the Z report, the X report so far. Every command goes to the one
 * stream of days through `decide`, sharded on that stream's id, so one node writes the days.
 */
export function businessDayService(deps: RuntimeDeps): ServiceSchema {
  const host = new ActorHost(businessDayKind, deps);
  const { sequelize } = deps;
  const today = () => localDate(deps.clock().toISOString());

  const lastDay = async (): Promise<DayView | null> => {
    const [row] = await sequelize.query<{ data: DayView }>('SELECT data FROM views WHERE kind = $1 AND id = $2', {
      bind: [DAY_VIEWS.day, DAYS_STREAM],
      type: QueryTypes.SELECT,
    });
    return row?.data ?? null;
  };

  /** The rows of one business day of a projection, folded up to every fact of its streams committed before now. */
  const rowsOfDay = async <Row>(projection: string, dayNumber: number): Promise<Row[]> => {
    await deps.projector.settled(projection);
    const rows = await sequelize.query<{ data: Row }>(
      `SELECT data FROM projections WHERE projection = $1 AND (data->>'dayNumber')::int = $2 ORDER BY key`,
      { bind: [projection, dayNumber], type: QueryTypes.SELECT },
    );
    return rows.map((r) => r.data);
  };

  /** What a day's report sums: its orders' order-sales rows and each drawer session of the day, from their facts. */
  const reportInputs = async (day: DayView) => {
    const [orders, drawers] = await Promise.all([
      rowsOfDay<OrderSales>(orderSales.name, day.number),
      rowsOfDay<DrawerDay>(drawerSessions.name, day.number),
    ]);
    return { orders, drawers: drawers.flatMap((d) => d.sessions.map((session) => drawerLine(d.drawerId, session))) };
  };

  /**
   * What would keep the day from closing: the drawers not closed, and the orders still open (status OPEN), sent to
   * the kitchen or not: a check left open is money not yet taken, and the day's Z report would never show it.
   */
  const stillOpen = async () => {
    const orders = await sequelize.query<OpenOrder>(
      `SELECT id, (data->>'number')::int AS number, (data->>'table')::int AS "table" FROM views
        WHERE kind = 'order' AND data->>'status' = 'OPEN' ORDER BY 2`,
      { type: QueryTypes.SELECT },
    );
    const drawers = await sequelize.query<{ id: string }>(
      "SELECT id FROM views WHERE kind = 'drawer' AND data->>'status' <> 'CLOSED' ORDER BY id",
      { type: QueryTypes.SELECT },
    );
    return { openOrders: orders, openDrawers: drawers.map((d) => d.id) };
  };

  /** Hands a command to the one writer of the days. */
  const decide = (ctx: Params<{ commandId: string }>, command: CommandInput<DayCommand>['command']) =>
    ctx.call('days.decide', { streamId: DAYS_STREAM, commandId: ctx.params.commandId, request: ctx.params, command });

  return {
    name: 'days',
    async started() {
      // With demo data the first start opens day 1 for today, through the day's own command, so a newcomer can ring at once.
      // Straight to this node's host, as nothing is routed yet: several nodes starting together make it one command
      // (one commandId, the version check), and a failure leaves it to a manager rather than stopping the node.
      if (!deps.settings.demoData || (await lastDay()) !== null) return;
      const businessDate = today();
      await host
        .execute({
          actorId: DAYS_STREAM,
          commandId: 'demo-day-1',
          request: { businessDate },
          command: { type: 'OPEN_DAY', businessDate, today: businessDate, by: DEMO_MANAGER },
          userId: DEMO_MANAGER,
        })
        .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not open the demo restaurant its first day'));
    },
    actions: {
      /** The one writer of the days: every day command, from any node, is decided here. */
      decide: {
        visibility: 'public',
        ...shardBy('streamId'),
        params: { streamId: 'string', commandId: 'string', request: 'any', command: 'object' },
        handler(ctx: Params<{ commandId: string; request: unknown; command: CommandInput<DayCommand>['command'] }>) {
          const { commandId, request, command } = ctx.params;
          return host.execute({ actorId: DAYS_STREAM, commandId, request, command, ...actingOf(ctx) });
        },
      },
      get: {
        async handler(): Promise<DayView> {
          const day = await lastDay();
          if (!day) throw new CommandError('NO_DAY', 'No business day was ever opened: a manager opens the first one.');
          return day;
        },
      },
      open: {
        roles: MANAGERS,
        params: {
          commandId,
          businessDate: {
            type: 'string',
            pattern: /^\d{4}-\d{2}-\d{2}$/,
            messages: { stringPattern: 'businessDate is YYYY-MM-DD' },
          },
        },
        handler(ctx: Params<{ commandId: string; businessDate: string }>) {
          const { businessDate } = ctx.params;
          return decide(ctx, { type: 'OPEN_DAY', businessDate, today: today(), by: ctx.meta.user!.id });
        },
      },
      close: {
        roles: MANAGERS,
        params: { commandId },
        async handler(ctx: Params<{ commandId: string }>): Promise<DayReport> {
          const day = await lastDay();
          const open = day?.status === 'OPEN' ? day : null;
          // Read here, decided by the machine: it cannot read the orders and drawers itself.
          const [blocking, inputs] = await Promise.all([stillOpen(), open ? reportInputs(open) : { orders: [], drawers: [] }]);
          return (await decide(ctx, {
            type: 'CLOSE_DAY',
            dayNumber: open?.number ?? null,
            ...blocking,
            ...inputs,
            by: ctx.meta.user!.id,
          })) as DayReport;
        },
      },
      /**
       * The X report: the open day so far, summed as its Z report will be. Taking one changes nothing, but it is
       * journaled as a Z is (its close is a fact): the audit log says who took the day's figures, when, and what
       * they were.
       */
      xReport: {
        roles: REPORT_READERS,
        async handler(ctx: Params<unknown>): Promise<DayReport> {
          const day = await lastDay();
          if (day?.status !== 'OPEN') throw new CommandError('DAY_NOT_OPEN', 'No business day is open: there is no X report.');
          const { orders, drawers } = await reportInputs(day);
          const { number: dayNumber, businessDate, openedAt } = day;
          const report = dayReport({ dayNumber, businessDate, openedAt }, orders, drawers);
          const { id: userId = null, terminalId = null } = ctx.meta.user ?? {};
          await note(sequelize, {
            at: deps.clock().toISOString(),
            type: 'XReportTaken',
            stream: DAYS_STREAM,
            userId,
            terminalId,
            data: { dayNumber, businessDate, orders: report.orders.count, netCents: report.sales.netCents },
          });
          return report;
        },
      },
      zReports: {
        roles: REPORT_READERS,
        async handler(): Promise<{ reports: ZReportEntry[] }> {
          const reports = await sequelize.query<ZReportEntry>(
            `SELECT (data->>'dayNumber')::int AS number, data->>'businessDate' AS "businessDate", data->>'closedAt' AS "closedAt"
               FROM views WHERE kind = $1 ORDER BY 1`,
            { bind: [DAY_VIEWS.zReport], type: QueryTypes.SELECT },
          );
          return { reports };
        },
      },
      zReport: {
        roles: REPORT_READERS,
        params: { number: { type: 'number', integer: true, min: 1, convert: true } },
        async handler(ctx: Params<{ number: number }>): Promise<DayReport> {
          const [row] = await sequelize.query<{ data: DayReport }>('SELECT data FROM views WHERE kind = $1 AND id = $2', {
            bind: [DAY_VIEWS.zReport, String(ctx.params.number)],
            type: QueryTypes.SELECT,
          });
          if (!row) throw new CommandError('UNKNOWN_DAY', `No closed day has the number ${ctx.params.number}.`);
          return row.data;
        },
      },
    },
  };
}
