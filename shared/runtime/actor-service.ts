import type { Context } from 'moleculer';
import { v5 as uuidv5 } from 'uuid';
import type { CallerMeta } from './deps.js';

/** Route every command of one actor to one node (Moleculer's Shard strategy on the actor id). */
export const shardBy = (param: string) => ({ strategy: 'Shard', strategyOptions: { shardKey: param } });

/** The acting user and terminal, for the log. */
export const actingOf = (ctx: Context<unknown, CallerMeta>) => ({
  userId: ctx.meta.user?.id ?? null,
  terminalId: ctx.meta.user?.terminalId ?? null,
});

const IDS = '6f1d3f7e-2c4b-4e0a-9a51-3c2f1b7d9e10';

/** An id made from a commandId, so a retried command names the same thing it named the first time. */
export const idFrom = (commandId: string, what: string) => uuidv5(`${what}:${commandId}`, IDS);

/** The commandId of a command one actor sends another because of its own command. */
export const followUpId = (commandId: string, what: string) => `${commandId}:${what}`;
