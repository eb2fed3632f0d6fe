import type { Context } from 'moleculer';
import type { UserView } from '../contract/index.js';
import type { CallerMeta } from './deps.js';

/** A PIN as a body carries it: at login, and in an approval. */
export const pinParam = {
  type: 'string',
  pattern: /^[0-9]{4,8}$/,
  messages: { stringPattern: 'The PIN is 4 to 8 digits.' },
} as const;

/** `approval: { pin, userId? }` in a command's body: a manager's PIN, as at login. */
export const approvalParam = {
  type: 'object',
  optional: true,
  strict: 'remove',
  props: { pin: pinParam, userId: { type: 'string', min: 1, max: 40, optional: true } },
} as const;

export interface Approval {
  pin: string;
  userId?: string;
}

/**
 * The manager who approved a command, when it carries an approval: the PIN is checked by `auth.approve` on the
 * caller's terminal (a wrong one counts there, as at login). Whether the command needed one is its machine's
 * to say. A manager's own command needs none, so a manager's approval field is not read.
 */
export async function approvedBy(ctx: Context<{ approval?: Approval }, CallerMeta>, what: string): Promise<string | null> {
  const { approval } = ctx.params;
  if (!approval || ctx.meta.user?.role === 'MANAGER') return null;
  const terminalId = ctx.meta.user?.terminalId ?? '';
  const manager = (await ctx.call('auth.approve', { terminalId, approval, what })) as UserView;
  return manager.id;
}

/**
 * The manager who answers for a command that always takes one (a discount, a waived service charge): the caller
 * when a manager gives it, else the manager whose PIN approved it; null when neither, for the machine to refuse.
 */
export async function approvingManager(ctx: Context<{ approval?: Approval }, CallerMeta>, what: string): Promise<string | null> {
  const { user } = ctx.meta;
  return user?.role === 'MANAGER' ? user.id : approvedBy(ctx, what);
}
