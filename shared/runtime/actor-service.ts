import type { Context } from 'moleculer';
import type { CallerMeta } from './deps.js';

/** Route every command of one actor to one node (Moleculer's Shard strategy on the actor id). */
export const shardBy = (param: string) => ({ strategy: 'Shard', strategyOptions: { shardKey: param } });

/** The acting user and terminal, for the log. */
export const actingOf = (ctx: Context<unknown, CallerMeta>) => ({
  userId: ctx.meta.user?.id ?? null,
  terminalId: ctx.meta.user?.terminalId ?? null,
});

/** The commandId of a command one actor sends another because of its own command. */
export const followUpId = (commandId: string, what: string) => `${commandId}:${what}`;
