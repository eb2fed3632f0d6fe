import type { Context, ServiceSchema } from 'moleculer';
import { pinMatches } from '../shared/auth/pin.js';
import type { Role, UserView } from '../shared/contract/index.js';
import type { RuntimeDeps } from '../shared/runtime/deps.js';
import { CommandError } from '../shared/runtime/errors.js';
import { memoryLockout, redisLockout } from './pin-lockout.js';
import type { TokenSigner } from './tokens.js';

/** PIN login on a terminal. Wrong PINs are counted per terminal; too many lock it for a minute. */
export function authService({ models, clock, redis, settings }: RuntimeDeps, tokens: TokenSigner): ServiceSchema {
  const lockout = redis ? redisLockout(redis, settings.redisPrefix) : memoryLockout(clock);
  return {
    name: 'auth',
    actions: {
      login: {
        params: {
          terminalId: 'string|min:1',
          pin: { type: 'string', pattern: /^[0-9]{4,8}$/, messages: { stringPattern: 'The PIN is 4 to 8 digits.' } },
        },
        async handler(ctx: Context<{ terminalId: string; pin: string }>): Promise<{ token: string; user: UserView }> {
          const { terminalId, pin } = ctx.params;
          const seconds = await lockout.lockedFor(terminalId);
          if (seconds > 0)
            throw new CommandError('PIN_LOCKED', `Too many wrong PINs on ${terminalId}: try again in ${seconds} s.`);
          if (!(await models.Terminal.findByPk(terminalId))) {
            throw new CommandError('UNKNOWN_TERMINAL', `No terminal has the id ${terminalId}.`);
          }
          const users = (await models.User.findAll()).map((u) => u.get());
          const matches = await Promise.all(users.map((u) => pinMatches(pin, u.pinHash)));
          const user = users.find((_, i) => matches[i]);
          if (!user) {
            await lockout.wrongPin(terminalId);
            throw new CommandError('INVALID_PIN', 'That PIN is not right: try again.');
          }
          await lockout.clear(terminalId);
          await models.Terminal.update({ userId: user.id }, { where: { id: terminalId } });
          const view: UserView = { id: user.id, name: user.name, role: user.role as Role };
          return { token: tokens.sign({ sub: user.id, name: user.name, role: view.role, terminalId }), user: view };
        },
      },
    },
  };
}
