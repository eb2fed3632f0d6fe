import { randomUUID } from 'node:crypto';
import type { Context, ServiceSchema } from 'moleculer';
import { QueryTypes } from 'sequelize';
import type { TerminalKind, TerminalView } from '../../shared/contract/index.js';
import { ActorHost, type CommandInput } from '../../shared/runtime/actor-host.js';
import { shardBy } from '../../shared/runtime/actor-service.js';
import type { RuntimeDeps } from '../../shared/runtime/deps.js';
import { CommandError } from '../../shared/runtime/errors.js';
import type { TerminalCommand } from './terminal.machine.js';
import { terminalKind } from './terminal.kind.js';

type Command = CommandInput<TerminalCommand>['command'];
type Told = { terminalId: string; commandId: string };

/**
 * Presence the terminal already has (a second socket, a grace check after it came back) is refused by its
 * machine, which stores nothing: nothing changed, so there is nothing to say.
 */
const unlessUnchanged = (error: unknown): null => {
  if (error instanceof CommandError && error.type === 'INVALID_TRANSITION') return null;
  throw error;
};

/**
 * Terminals: the restaurant's devices, each an actor. Presence is what the gateways see of their sockets: how
 * many each holds is device bookkeeping, kept per gateway in `terminal_sockets` so that several gateways add
 * up and a dead one is forgotten; the terminal hears whether any is held, and goes offline only when the
 * grace after its last socket left is over with none back. Sessions (gateway/sessions.ts) and drawers tell
 * it through the outbox when they open and end.
 */
export function terminalService(deps: RuntimeDeps): ServiceSchema {
  const { sequelize, logger, settings } = deps;
  const host = new ActorHost(terminalKind, deps);
  /** The terminals, reference data read at start like the stations and drawers. */
  let known = new Set<string>();
  /** One terminal's presence, one report at a time: each reads what the gateways hold after its own change. */
  const turns = new Map<string, Promise<void>>();
  const graces = new Set<NodeJS.Timeout>();
  let settle: NodeJS.Timeout | null = null;

  const knownTerminal = (id: string) => {
    if (!known.has(id)) throw new CommandError('UNKNOWN_TERMINAL', `No terminal has the id ${id}.`);
  };

  const execute = (terminalId: string, commandId: string, command: Command, request: unknown = command) =>
    host.execute({ actorId: terminalId, commandId, request, command }) as Promise<TerminalView>;

  const inTurn = (terminalId: string, work: () => Promise<void>): Promise<void> => {
    const turn = (turns.get(terminalId) ?? Promise.resolve()).then(work);
    const settled = turn.catch(() => undefined);
    turns.set(terminalId, settled);
    void settled.then(() => {
      if (turns.get(terminalId) === settled) turns.delete(terminalId);
    });
    return turn;
  };

  /** After the grace, offline, unless a socket came back since that leave: the machine tells which. */
  const waitOutGrace = ({ id, lastSeenAt: leftAt }: TerminalView) => {
    const timer = setTimeout(() => {
      graces.delete(timer);
      // Named by the leave: two nodes waiting out the same one make one command.
      execute(id, `grace:${id}:${leftAt}`, { type: 'GRACE_OVER', leftAt: leftAt! })
        .catch(unlessUnchanged)
        .catch((error: unknown) => logger.warn({ err: error, terminalId: id }, 'could not end the grace of a terminal'));
    }, settings.terminalGraceSeconds * 1000);
    graces.add(timer);
  };

  /**
   * Tells the terminal whether any gateway holds a socket of it now; once none does, it waits out the grace.
   * `shown` is its view as read before, for a terminal already leaving (its grace timer was lost with a node).
   */
  const tellPresence = async (terminalId: string, shown?: TerminalView) => {
    const [{ held }] = (await sequelize.query('SELECT EXISTS (SELECT 1 FROM terminal_sockets WHERE terminal_id = $1) AS held', {
      bind: [terminalId],
      type: QueryTypes.SELECT,
    })) as [{ held: boolean }];
    const view = await execute(terminalId, randomUUID(), { type: held ? 'SOCKETS_HELD' : 'SOCKETS_GONE' }).catch(unlessUnchanged);
    const leaving = view ?? shown;
    if (!held && leaving?.online) waitOutGrace(leaving);
  };

  /**
   * Terminals shown online while no gateway holds a socket of them: their gateway died, or the node that kept
   * their grace timer did. Each is told so, and waits out the grace again.
   */
  const recheck = async () => {
    const shown = await sequelize.query<{ data: TerminalView }>(
      `SELECT data FROM views v WHERE kind = 'terminal' AND (data->>'online')::boolean
          AND NOT EXISTS (SELECT 1 FROM terminal_sockets s WHERE s.terminal_id = v.id)`,
      { type: QueryTypes.SELECT },
    );
    for (const { data } of shown) await inTurn(data.id, () => tellPresence(data.id, data));
  };

  /** A gateway that is gone holds no sockets. */
  const forgetGateways = async (gatewayIds: string[]) => {
    await sequelize.query('DELETE FROM terminal_sockets WHERE gateway_id = ANY($1::text[])', { bind: [gatewayIds] });
    await recheck();
  };

  return {
    name: 'terminals',
    async started() {
      const terminals = await sequelize.query<{ id: string; kind: TerminalKind; pairedWith: string | null; installed: boolean }>(
        `SELECT id, kind, paired_with AS "pairedWith", EXISTS (SELECT 1 FROM events e WHERE e.stream_id = t.id) AS installed
           FROM terminals t`,
        { type: QueryTypes.SELECT },
      );
      known = new Set(terminals.map((t) => t.id));
      // A terminal is born the first time a node starts with it, LOCKED and OFFLINE: installed from the terminals
      // table by its own command, straight to this node's host as nothing is routed yet (nodes starting together
      // make it one command: one commandId, the version check).
      await Promise.all(
        terminals
          .filter((t) => !t.installed)
          .map(({ id, kind, pairedWith }) => execute(id, `install:${id}`, { type: 'INSTALL', terminalId: id, kind, pairedWith })),
      );
      // Once the cluster is known (a few heartbeats), forget sockets held by gateways that are no more.
      settle = setTimeout(() => {
        const alive = new Set(
          (this.broker.registry as unknown as { getNodeList(o: object): { id: string }[] })
            .getNodeList({ onlyAvailable: true })
            .map((n) => n.id),
        );
        void sequelize
          .query<{ gateway_id: string }>('SELECT DISTINCT gateway_id FROM terminal_sockets', { type: QueryTypes.SELECT })
          .then((rows) => forgetGateways(rows.map((r) => r.gateway_id).filter((id) => !alive.has(id))))
          .catch((error: unknown) => logger.warn({ err: error }, 'could not clear the sockets of gone gateways'));
      }, 5000);
    },
    stopped() {
      if (settle) clearTimeout(settle);
      for (const timer of graces) clearTimeout(timer);
    },
    events: {
      async '$node.disconnected'(ctx: Context<{ node: { id: string } }>) {
        await forgetGateways([ctx.params.node.id]).catch((error: unknown) =>
          logger.warn({ err: error }, 'could not clear the sockets of a gone gateway'),
        );
      },
    },
    actions: {
      list: {
        async handler(): Promise<{ terminals: TerminalView[] }> {
          const rows = await sequelize.query<{ data: TerminalView }>(
            "SELECT data FROM views WHERE kind = 'terminal' ORDER BY id",
            {
              type: QueryTypes.SELECT,
            },
          );
          return { terminals: rows.map((r) => r.data) };
        },
      },
      get: {
        params: { terminalId: 'string|min:1|max:40' },
        async handler(ctx: Context<{ terminalId: string }>): Promise<TerminalView> {
          const row = await deps.models.View.findOne({ where: { kind: 'terminal', id: ctx.params.terminalId } });
          if (!row) throw new CommandError('UNKNOWN_TERMINAL', `No terminal has the id ${ctx.params.terminalId}.`);
          return row.get('data') as TerminalView;
        },
      },
      /** From a gateway: how many sockets it now holds for a terminal. */
      presence: {
        visibility: 'public',
        ...shardBy('terminalId'),
        params: { terminalId: 'string', gatewayId: 'string', sockets: { type: 'number', integer: true, min: 0 } },
        handler(ctx: Context<{ terminalId: string; gatewayId: string; sockets: number }>) {
          const { terminalId, gatewayId, sockets } = ctx.params;
          knownTerminal(terminalId);
          return inTurn(terminalId, async () => {
            await sequelize.query(
              sockets > 0
                ? `INSERT INTO terminal_sockets (terminal_id, gateway_id, sockets) VALUES ($1, $2, $3)
                   ON CONFLICT (terminal_id, gateway_id) DO UPDATE SET sockets = excluded.sockets`
                : 'DELETE FROM terminal_sockets WHERE terminal_id = $1 AND gateway_id = $2',
              { bind: sockets > 0 ? [terminalId, gatewayId, sockets] : [terminalId, gatewayId] },
            );
            await tellPresence(terminalId);
          });
        },
      },
      /** From gateway/sessions.ts, through the outbox: a login on the terminal. */
      sessionOpened: {
        visibility: 'public',
        ...shardBy('terminalId'),
        params: { terminalId: 'string', commandId: 'string', sessionId: 'string', userId: 'string' },
        async handler(ctx: Context<Told & { sessionId: string; userId: string }>) {
          const { terminalId, commandId, sessionId, userId } = ctx.params;
          knownTerminal(terminalId);
          // The outbox may bring an opening after its end (its first delivery failed, the end's did not).
          const [session] = await sequelize.query<{ open: boolean }>(
            'SELECT ended_at IS NULL AS open FROM sessions WHERE id = $1',
            {
              bind: [sessionId],
              type: QueryTypes.SELECT,
            },
          );
          const command: Command = { type: 'OPEN_SESSION', sessionId, userId, stillOpen: session?.open === true };
          return execute(terminalId, commandId, command, ctx.params);
        },
      },
      /** From gateway/sessions.ts, through the outbox: a session on the terminal ended. */
      sessionClosed: {
        visibility: 'public',
        ...shardBy('terminalId'),
        params: { terminalId: 'string', commandId: 'string', sessionId: 'string', reason: 'string' },
        handler(ctx: Context<Told & { sessionId: string; reason: string }>) {
          const { terminalId, commandId, sessionId, reason } = ctx.params;
          knownTerminal(terminalId);
          return execute(terminalId, commandId, { type: 'CLOSE_SESSION', sessionId, reason }, ctx.params);
        },
      },
      /** From a drawer: it was opened at the terminal. */
      drawerOpened: {
        visibility: 'public',
        ...shardBy('terminalId'),
        params: { terminalId: 'string', commandId: 'string', drawerId: 'string' },
        handler(ctx: Context<Told & { drawerId: string }>) {
          const { terminalId, commandId, drawerId } = ctx.params;
          knownTerminal(terminalId);
          return execute(terminalId, commandId, { type: 'DRAWER_OPENED', drawerId }, ctx.params);
        },
      },
      /** From a drawer: it was closed at the terminal. */
      drawerClosed: {
        visibility: 'public',
        ...shardBy('terminalId'),
        params: { terminalId: 'string', commandId: 'string', drawerId: 'string' },
        handler(ctx: Context<Told & { drawerId: string }>) {
          const { terminalId, commandId, drawerId } = ctx.params;
          knownTerminal(terminalId);
          return execute(terminalId, commandId, { type: 'DRAWER_CLOSED', drawerId }, ctx.params);
        },
      },
    },
  };
}
