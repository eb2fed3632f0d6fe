import type { Context, ServiceSchema } from 'moleculer';
import { BUS_EVENTS, type TerminalKind, type TerminalView } from '../../shared/contract/index.js';
import type { RuntimeDeps } from '../../shared/runtime/deps.js';
import { CommandError } from '../../shared/runtime/errors.js';

/**
 * Terminals: the devices of the restaurant and whether they are online. Presence is what the
 * gateways see of their sockets; it is device state, not a business fact, so it is not in the log.
 */
export function terminalService({ models, clock }: RuntimeDeps): ServiceSchema {
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
  return {
    name: 'terminals',
    async started() {
      // Sockets do not survive a restart of the only node: nobody is online until they reconnect.
      await models.Terminal.update({ online: false }, { where: {} });
    },
    actions: {
      list: {
        async handler(): Promise<{ terminals: TerminalView[] }> {
          const rows = await models.Terminal.findAll({ order: [['id', 'ASC']] });
          return { terminals: rows.map((r) => viewOf(r.get())) };
        },
      },
      exists: {
        params: { terminalId: 'string' },
        async handler(ctx: Context<{ terminalId: string }>): Promise<boolean> {
          return (await models.Terminal.findByPk(ctx.params.terminalId)) !== null;
        },
      },
      /** From a gateway: a terminal's first socket connected, or its last one left. */
      presence: {
        visibility: 'public',
        params: { terminalId: 'string', online: 'boolean', userId: { type: 'string', optional: true } },
        async handler(ctx: Context<{ terminalId: string; online: boolean; userId?: string }>): Promise<TerminalView> {
          const row = await models.Terminal.findByPk(ctx.params.terminalId);
          if (!row) throw new CommandError('UNKNOWN_TERMINAL', `No terminal has the id ${ctx.params.terminalId}.`);
          await row.update({
            online: ctx.params.online,
            lastSeenAt: clock(),
            ...(ctx.params.userId ? { userId: ctx.params.userId } : {}),
          });
          const view = viewOf(row.get());
          await ctx.broadcast(BUS_EVENTS.terminalUpdated, { view });
          return view;
        },
      },
    },
  };
}
