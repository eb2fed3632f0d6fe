import type { Context, ServiceBroker, ServiceSchema } from 'moleculer';
import { pinMatches } from '../shared/auth/pin.js';
import {
  BUS_EVENTS,
  LOGIN_ROLES,
  type AlertView,
  type Role,
  type TerminalKind,
  type UserView,
} from '../shared/contract/index.js';
import type { RuntimeDeps } from '../shared/runtime/deps.js';
import { CommandError } from '../shared/runtime/errors.js';
import { LOCKOUT, pinLockout, type PinLockout } from './pin-lockout.js';
import { announceEnded, type Sessions } from './sessions.js';
import type { TokenSigner } from './tokens.js';
import { approvalParam, pinParam, type Approval } from '../shared/runtime/approval.js';
import { note } from '../shared/runtime/audit-chain.js';

type UserRow = { id: string; name: string; role: string; pinHash: string };

const lockedError = (terminalId: string, until: Date) =>
  new CommandError(
    'PIN_LOCKED',
    `Too many wrong PINs on ${terminalId}: PIN logins here are locked until ${until.toISOString()}, or until another manager approves.`,
    { until: until.toISOString() },
  );

/**
 * PIN login on a terminal, lock, and a manager's approval. Wrong PINs are counted per terminal and across
 * all of them (pin-lockout.ts); a login opens a session (sessions.ts) named in the token.
 */
export function authService(
  { models, clock, redis, settings, sequelize, logger }: RuntimeDeps,
  tokens: TokenSigner,
  sessions: Sessions,
): ServiceSchema {
  const lockout: PinLockout = pinLockout(redis ? { redis, prefix: settings.redisPrefix } : { sequelize }, clock);

  /** The user whose PIN this is, or null. Every user's hash is tried: a PIN names no user. */
  const userByPin = async (candidate: string): Promise<UserRow | null> => {
    const users = (await models.User.findAll()).map((u) => u.get());
    const matches = await Promise.all(users.map((u) => pinMatches(candidate, u.pinHash)));
    return users.find((_, i) => matches[i]) ?? null;
  };

  /** Counts a wrong PIN on the terminal, and tells the managers when it starts a sweep over terminals. */
  const wrongPin = async (broker: ServiceBroker, terminalId: string) => {
    const { sweep, lockedUntil } = await lockout.wrongPin(terminalId);
    const at = clock().toISOString();
    await note(sequelize, { at, type: 'WrongPin', terminalId, data: { terminalId } });
    if (lockedUntil)
      await note(sequelize, { at, type: 'PinLoginsLocked', terminalId, data: { terminalId, until: lockedUntil.toISOString() } });
    if (!sweep) return;
    const alert: AlertView = {
      type: 'PIN_SWEEP',
      at: clock().toISOString(),
      wrongPins: sweep.wrongPins,
      windowSeconds: LOCKOUT.windowSeconds,
      message: `${sweep.wrongPins} wrong PINs on the terminals in ${LOCKOUT.windowSeconds / 60} minutes: someone may be guessing. Every terminal now locks at its first wrong PIN.`,
    };
    logger.warn({ terminalId, wrongPins: sweep.wrongPins }, 'wrong PINs across terminals: a sweep is on');
    await broker.broadcast(BUS_EVENTS.alert, { alert });
  };

  /**
   * One PIN guess on a terminal: the user whose PIN it is (and, given `userId`, who is that user), or null for a
   * wrong PIN, which counts. A `counted` guess is counted before its PIN is checked and refused on a locked
   * terminal (lockout.attempt); a guess on a locked terminal that a manager's approval let through is not.
   */
  const guess = async (
    broker: ServiceBroker,
    terminalId: string,
    candidate: string,
    { counted, userId }: { counted: boolean; userId?: string },
  ): Promise<UserRow | null> => {
    if (counted) {
      const until = await lockout.attempt(terminalId);
      if (until) throw lockedError(terminalId, until);
    }
    const user = await userByPin(candidate);
    if (user && (userId === undefined || userId === user.id)) {
      if (counted) await lockout.right(terminalId);
      return user;
    }
    await wrongPin(broker, terminalId);
    return null;
  };

  /**
   * A manager's approval of something done on a terminal: the approving manager, or 403 APPROVAL_REQUIRED
   * (none given) / APPROVAL_REFUSED (a wrong PIN, another user's than `userId`, or not a manager's). A wrong
   * PIN counts towards the terminal's wrong PINs, as at login; a locked terminal takes no approvals, except
   * the one that unlocks it (`unlocking`).
   */
  const approve = async (
    broker: ServiceBroker,
    terminalId: string,
    approval: Approval | undefined,
    what: string,
    { unlocking = false, notBy }: { unlocking?: boolean; notBy?: string } = {},
  ): Promise<UserView> => {
    if (!approval?.pin) throw new CommandError('APPROVAL_REQUIRED', `${what} needs a manager's approval: approval: { pin }.`);
    const approver = await guess(broker, terminalId, approval.pin, { counted: !unlocking, userId: approval.userId });
    // One answer for every refusal: it must not tell a guesser that a PIN is someone's.
    const refused = new CommandError('APPROVAL_REFUSED', `${what}: that approval is refused; it takes another manager's PIN.`);
    if (!approver) throw refused;
    if (approver.role !== 'MANAGER' || approver.id === notBy) throw refused;
    return { id: approver.id, name: approver.name, role: approver.role };
  };

  /**
   * A locked terminal lets a user in only with another manager's approval, a couple of tries per lock; the
   * lock and its count are then gone. Answers the user.
   */
  const unlockFor = async (
    broker: ServiceBroker,
    terminalId: string,
    until: Date,
    params: { pin: string; approval?: Approval },
  ) => {
    if (!params.approval || !(await lockout.unlockAttempt(terminalId))) throw lockedError(terminalId, until);
    const manager = await approve(broker, terminalId, params.approval, `Unlocking ${terminalId}`, { unlocking: true });
    const user = await guess(broker, terminalId, params.pin, { counted: false });
    if (!user) throw new CommandError('INVALID_PIN', 'The approval is right, but that PIN is not: try again.');
    if (user.id === manager.id)
      throw new CommandError('APPROVAL_REFUSED', `Unlocking ${terminalId} takes another manager's PIN.`);
    await lockout.unlock(terminalId);
    await note(sequelize, {
      at: clock().toISOString(),
      type: 'PinLoginsUnlocked',
      userId: user.id,
      approvedBy: manager.id,
      terminalId,
      data: { terminalId },
    });
    logger.info({ terminalId, userId: user.id, approvedBy: manager.id }, 'a manager unlocked the PIN logins of a terminal');
    return user;
  };

  let sweep: NodeJS.Timeout | null = null;
  return {
    name: 'auth',
    started() {
      // Idle sessions end here even when nobody uses their tokens again; each auth node may sweep, each
      // session ends once.
      const every = Math.min(15_000, Math.max(250, sessions.limits.idleMs / 2));
      sweep = setInterval(() => {
        sessions
          .endIdle()
          .then((ids) => announceEnded(this.broker, ids, 'IDLE'))
          .catch((error: unknown) => logger.warn({ err: error }, 'could not end idle sessions'));
      }, every);
    },
    stopped() {
      if (sweep) clearInterval(sweep);
    },
    actions: {
      login: {
        params: { terminalId: 'string|min:1|max:40', pin: pinParam, approval: approvalParam },
        async handler(
          ctx: Context<{ terminalId: string; pin: string; approval?: Approval }>,
        ): Promise<{ token: string; user: UserView }> {
          const { terminalId } = ctx.params;
          const terminal = (await models.Terminal.findByPk(terminalId))?.get();
          if (!terminal) throw new CommandError('UNKNOWN_TERMINAL', `No terminal has the id ${terminalId}.`);
          const until = await lockout.lockedUntil(terminalId);
          const user = until
            ? await unlockFor(this.broker, terminalId, until, ctx.params)
            : await guess(this.broker, terminalId, ctx.params.pin, { counted: true });
          if (!user) throw new CommandError('INVALID_PIN', 'That PIN is not right: try again.');
          const kind = terminal.kind as TerminalKind;
          const role = user.role as Role;
          if (!LOGIN_ROLES[kind].includes(role)) {
            await note(sequelize, {
              at: clock().toISOString(),
              type: 'LoginRefused',
              userId: user.id,
              terminalId,
              data: { terminalId, reason: 'ROLE_NOT_ALLOWED_HERE' },
            });
            throw new CommandError(
              'ROLE_NOT_ALLOWED_HERE',
              `A ${role.toLowerCase()} does not log in on a ${kind} terminal; it takes ${LOGIN_ROLES[kind].join(' or ').toLowerCase()}.`,
            );
          }
          const session = await sessions.open(user.id, terminalId, kind);
          await announceEnded(this.broker, session.ended, 'REPLACED');
          const view: UserView = { id: user.id, name: user.name, role };
          const token = tokens.sign({ sub: user.id, name: user.name, role, terminalId, sid: session.id });
          return { token, user: view };
        },
      },
      /** Ends the caller's session: its token is refused and its sockets dropped on every gateway. */
      lock: {
        params: {},
        async handler(ctx: Context<unknown, { user?: { sessionId?: string } }>) {
          const sid = ctx.meta.user?.sessionId;
          if (sid) await announceEnded(this.broker, await sessions.end([sid], 'LOCKED'), 'LOCKED');
          return { ok: true };
        },
      },
      /** For commands that need a manager: `{ terminalId, approval, what }` answers the approving manager. */
      approve: {
        visibility: 'public',
        params: {
          terminalId: 'string|min:1|max:40',
          approval: approvalParam,
          what: 'string|min:1|max:200',
          notBy: { type: 'string', optional: true },
        },
        handler(ctx: Context<{ terminalId: string; approval?: Approval; what: string; notBy?: string }>) {
          const { terminalId, approval, what, notBy } = ctx.params;
          return approve(this.broker, terminalId, approval, what, { notBy });
        },
      },
    },
  };
}
