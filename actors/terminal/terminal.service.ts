import type { Context, ServiceBroker, ServiceSchema } from 'moleculer';
import { QueryTypes } from 'sequelize';
import { BUS_EVENTS, type TerminalKind, type TerminalView } from '../../shared/contract/index.js';
import type { RuntimeDeps } from '../../shared/runtime/deps.js';
import { CommandError } from '../../shared/runtime/errors.js';

/**
 * Terminals: the devices of the restaurant and whether they are online. Presence is what the
 * gateways see of their sockets, kept per gateway so that several gateways add up and a dead one
 * is forgotten; it is device state, not a business fact, so it is not in the event log.
 */
export function terminalService({ models, clock, sequelize, logger }: RuntimeDeps): ServiceSchema {
  const viewOf = (row: {
    id: string;
    kind: string;
    online: boolean;
    userId: string | null;
    lastSeenAt: Date | null;
    pairedWith: string | null;
  }): TerminalView => ({
    id: row.id,
    kind: row.kind as TerminalKind,
    online: row.online,
    ...(row.userId ? { userId: row.userId } : {}),
    lastSeenAt: row.lastSeenAt ? row.lastSeenAt.toISOString() : null,
    ...(row.pairedWith ? { pairedWith: row.pairedWith } : {}),
  });
  /** Sets each terminal's `online` from the sockets gateways hold, and tells the screens of every change. */
  const refresh = async (broker: ServiceBroker, terminalIds: string[], userId?: string) => {
    for (const id of terminalIds) {
      const row = await models.Terminal.findByPk(id);
      if (!row) continue;
      const [held] = await sequelize.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM terminal_sockets WHERE terminal_id = $1',
        {
          bind: [id],
          type: QueryTypes.SELECT,
        },
      );
      await row.update({ online: held!.n > 0, lastSeenAt: clock(), ...(userId ? { userId } : {}) });
      await broker.broadcast(BUS_EVENTS.terminalUpdated, { view: viewOf(row.get()) });
    }
  };

  /** A gateway that is gone holds no sockets. */
  const forgetGateways = async (broker: ServiceBroker, gatewayIds: string[]) => {
    const rows = await sequelize.query<{ terminal_id: string }>(
      'DELETE FROM terminal_sockets WHERE gateway_id = ANY($1::text[]) RETURNING terminal_id',
      { bind: [gatewayIds], type: QueryTypes.SELECT },
    );
    await refresh(broker, [...new Set(rows.map((r) => r.terminal_id))]);
  };

  let settle: NodeJS.Timeout | null = null;
  return {
    name: 'terminals',
    started() {
      // Once the cluster is known (a few heartbeats), forget sockets held by gateways that are no more.
      settle = setTimeout(() => {
        const alive = new Set(
          (this.broker.registry as unknown as { getNodeList(o: object): { id: string }[] })
            .getNodeList({ onlyAvailable: true })
            .map((n) => n.id),
        );
        void sequelize
          .query<{ gateway_id: string }>('SELECT DISTINCT gateway_id FROM terminal_sockets', { type: QueryTypes.SELECT })
          .then((rows) =>
            forgetGateways(
              this.broker,
              rows.map((r) => r.gateway_id).filter((id) => !alive.has(id)),
            ),
          )
          .catch((error: unknown) => logger.warn({ err: error }, 'could not clear the sockets of gone gateways'));
      }, 5000);
    },
    stopped() {
      if (settle) clearTimeout(settle);
    },
    events: {
      async '$node.disconnected'(ctx: Context<{ node: { id: string } }>) {
        await forgetGateways(this.broker, [ctx.params.node.id]).catch((error: unknown) =>
          logger.warn({ err: error }, 'could not clear the sockets of a gone gateway'),
        );
      },
    },
    actions: {
      list: {
        async handler(): Promise<{ terminals: TerminalView[] }> {
          const rows = await models.Terminal.findAll({ order: [['id', 'ASC']] });
          return { terminals: rows.map((r) => viewOf(r.get())) };
        },
      },
      /** From a gateway: how many sockets it now holds for a terminal. */
      presence: {
        visibility: 'public',
        params: {
          terminalId: 'string',
          gatewayId: 'string',
          sockets: { type: 'number', integer: true, min: 0 },
          userId: { type: 'string', optional: true },
        },
        async handler(ctx: Context<{ terminalId: string; gatewayId: string; sockets: number; userId?: string }>) {
          const { terminalId, gatewayId, sockets, userId } = ctx.params;
          if (!(await models.Terminal.findByPk(terminalId))) {
            throw new CommandError('UNKNOWN_TERMINAL', `No terminal has the id ${terminalId}.`);
          }
          await sequelize.query(
            sockets > 0
              ? `INSERT INTO terminal_sockets (terminal_id, gateway_id, sockets) VALUES ($1, $2, $3)
                 ON CONFLICT (terminal_id, gateway_id) DO UPDATE SET sockets = excluded.sockets`
              : 'DELETE FROM terminal_sockets WHERE terminal_id = $1 AND gateway_id = $2',
            { bind: sockets > 0 ? [terminalId, gatewayId, sockets] : [terminalId, gatewayId] },
          );
          await refresh(this.broker, [terminalId], userId);
        },
      },
    },
  };
}
