import type { Context, ServiceBroker, ServiceSchema } from 'moleculer';
import { QueryTypes } from 'sequelize';
import type { TicketView } from '../../shared/contract/index.js';
import { ActorHost } from '../../shared/runtime/actor-host.js';
import { actingOf, shardBy } from '../../shared/runtime/actor-service.js';
import type { CallerMeta, RuntimeDeps } from '../../shared/runtime/deps.js';
import { CommandError } from '../../shared/runtime/errors.js';
import type { FiredTicket } from '../order/order.machine.js';
import { stationLoad, type StationLoadView } from './station-load.projection.js';
import { stationKind } from './station.kind.js';

const BUMPERS = ['KITCHEN', 'MANAGER'];
const commandId = { type: 'uuid', messages: { uuid: 'commandId must be a UUID made by the client' } } as const;

type Params<P> = Context<P, CallerMeta>;
type TicketParams = { stationId: string; ticketId: string; commandId: string };

/** Kitchen stations: tickets arrive from orders, cooks bump and recall them. */
export function stationService(deps: RuntimeDeps): ServiceSchema {
  const host = new ActorHost(stationKind, deps);
  let capacities = new Map<string, number>();
  let sweep: NodeJS.Timeout | null = null;

  const knownStation = (stationId: string) => {
    if (!capacities.has(stationId)) {
      throw new CommandError(
        'UNKNOWN_STATION',
        `No kitchen station has the id "${stationId}": stations are ${[...capacities.keys()].join(', ')}.`,
      );
    }
  };

  /**
   * The clock of unacknowledged tickets: once a second, open tickets no screen drew within the
   * timeout are flagged. Read from the projection, so every node may run it; the commandId makes
   * a flag from two nodes one flag.
   */
  const flagUnacknowledged = async (broker: ServiceBroker) => {
    try {
      const late = await deps.sequelize.query<{ id: string; stationId: string }>(
        `SELECT id, data->>'stationId' AS "stationId" FROM views
          WHERE kind = 'ticket' AND data->>'status' = 'OPEN' AND data->'acks' = '[]'::jsonb
            AND NOT (data->>'unacknowledged')::boolean
            AND (data->>'firedAt')::timestamptz < $1::timestamptz - make_interval(secs => $2)`,
        { bind: [deps.clock().toISOString(), deps.settings.ackTimeoutSeconds], type: QueryTypes.SELECT },
      );
      for (const t of late) {
        await broker.call('stations.flagUnacknowledged', {
          stationId: t.stationId,
          ticketId: t.id,
          commandId: `unacknowledged:${t.id}`,
        });
      }
    } catch (error) {
      deps.logger.warn({ err: error }, 'could not check for unacknowledged tickets');
    }
  };

  /** A station's commands answer with the ticket they changed. */
  const execute = (
    ctx: Params<{ stationId: string; commandId: string }>,
    command: Parameters<typeof host.execute>[0]['command'],
  ) => {
    knownStation(ctx.params.stationId);
    return host.execute({
      actorId: ctx.params.stationId,
      commandId: ctx.params.commandId,
      request: ctx.params,
      command,
      ...actingOf(ctx),
    });
  };

  return {
    name: 'stations',
    async started() {
      capacities = new Map((await deps.models.Station.findAll()).map((s) => [s.get().id, s.get().capacity]));
      sweep = setInterval(() => void flagUnacknowledged(this.broker), 1000);
    },
    stopped() {
      if (sweep) clearInterval(sweep);
    },
    actions: {
      /** From an order: a ticket to cook. */
      fire: {
        visibility: 'public',
        ...shardBy('stationId'),
        params: { stationId: 'string', commandId: 'string', ticket: 'object' },
        handler(ctx: Params<{ stationId: string; commandId: string; ticket: FiredTicket }>) {
          const capacity = capacities.get(ctx.params.stationId) ?? 0;
          return execute(ctx, { type: 'FIRE_TICKET', ticket: ctx.params.ticket, capacity });
        },
      },
      /** From an order: an item already on a ticket was voided. */
      voidItem: {
        visibility: 'public',
        ...shardBy('stationId'),
        params: { stationId: 'string', commandId: 'string', ticketId: 'string', itemId: 'string' },
        handler(ctx: Params<TicketParams & { itemId: string }>) {
          return execute(ctx, { type: 'VOID_ITEM', ticketId: ctx.params.ticketId, itemId: ctx.params.itemId });
        },
      },
      /** From a gateway: a screen of the station drew the ticket. */
      ack: {
        visibility: 'public',
        ...shardBy('stationId'),
        params: { stationId: 'string', commandId: 'string', ticketId: 'string', terminalId: 'string' },
        handler(ctx: Params<TicketParams & { terminalId: string }>) {
          return execute(ctx, { type: 'ACK_TICKET', ticketId: ctx.params.ticketId, terminalId: ctx.params.terminalId });
        },
      },
      /** From the sweep: nobody drew the ticket in time. */
      flagUnacknowledged: {
        visibility: 'public',
        ...shardBy('stationId'),
        params: { stationId: 'string', commandId: 'string', ticketId: 'string' },
        handler(ctx: Params<TicketParams>) {
          return execute(ctx, { type: 'FLAG_UNACKNOWLEDGED', ticketId: ctx.params.ticketId });
        },
      },
      /** From the station's printer, through the outbox: it printed the ticket as a chit. */
      printed: {
        visibility: 'public',
        ...shardBy('stationId'),
        params: { stationId: 'string', commandId: 'string', ticketId: 'string', deviceId: 'string', printedAt: 'string' },
        handler(ctx: Params<TicketParams & { deviceId: string; printedAt: string }>) {
          const { ticketId, deviceId, printedAt } = ctx.params;
          return execute(ctx, { type: 'MARK_PRINTED', ticketId, deviceId, printedAt });
        },
      },
      bump: {
        roles: BUMPERS,
        ...shardBy('stationId'),
        params: { stationId: 'string|min:1', ticketId: 'string|min:1', commandId },
        handler(ctx: Params<TicketParams>) {
          return execute(ctx, { type: 'BUMP', ticketId: ctx.params.ticketId });
        },
      },
      recall: {
        roles: BUMPERS,
        ...shardBy('stationId'),
        params: { stationId: 'string|min:1', ticketId: 'string|min:1', commandId },
        handler(ctx: Params<TicketParams>) {
          return execute(ctx, { type: 'RECALL', ticketId: ctx.params.ticketId });
        },
      },
      /**
       * What the manager watches of every station, from the station-load projection, folded up to every ticket fact
       * committed before the request: a bump just answered is never shown open (the projector runs up to 200 ms behind).
       */
      load: {
        async handler(): Promise<{ stations: StationLoadView[] }> {
          await deps.projector.settled(stationLoad.name);
          const rows = await deps.sequelize.query<StationLoadView>(
            `SELECT data->>'stationId' AS "stationId", count(*)::int AS open, min(data->>'firedAt') AS "oldestFiredAt",
                    (count(*) FILTER (WHERE (data->>'dueAt')::timestamptz < $2))::int AS late
               FROM projections WHERE projection = $1 AND (data->>'open')::boolean GROUP BY 1`,
            { bind: [stationLoad.name, deps.clock().toISOString()], type: QueryTypes.SELECT },
          );
          const byStation = new Map(rows.map((r) => [r.stationId, r]));
          const idle = (stationId: string): StationLoadView => ({ stationId, open: 0, oldestFiredAt: null, late: 0 });
          return { stations: [...capacities.keys()].sort().map((id) => byStation.get(id) ?? idle(id)) };
        },
      },
      tickets: {
        params: { stationId: 'string|min:1' },
        async handler(ctx: Params<{ stationId: string }>): Promise<{ version: number; tickets: TicketView[] }> {
          knownStation(ctx.params.stationId);
          const rows = await deps.sequelize.query<{ data: TicketView }>(
            `SELECT data FROM views WHERE kind = 'ticket' AND data->>'stationId' = $1 AND data->>'status' = 'OPEN'
              ORDER BY data->>'firedAt', id`,
            { bind: [ctx.params.stationId], type: QueryTypes.SELECT },
          );
          // Every station event rewrites one ticket row with the station's version: the newest is the station's.
          const [{ version }] = (await deps.sequelize.query(
            `SELECT coalesce(max(version), 0)::int AS version FROM views WHERE kind = 'ticket' AND data->>'stationId' = $1`,
            { bind: [ctx.params.stationId], type: QueryTypes.SELECT },
          )) as [{ version: number }];
          return { version, tickets: rows.map((r) => r.data) };
        },
      },
    },
  };
}
