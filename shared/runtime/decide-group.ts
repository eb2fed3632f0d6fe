import { CommandError } from './errors.js';
import { decide, evolve, type AnyEvent, type Snapshot } from './decider.js';
import type { ActorKind } from './actor-kind.js';

/** One command of a group, as the decide step sees it. */
export interface GroupCommand<Cmd> {
  commandId: string;
  command: Cmd;
}

/** What became of one command of a group. */
export type Outcome<C, F> =
  /** Already accepted by this actor: answer it from the store. */
  | { kind: 'known' }
  /** The same commandId as an earlier command of this group: answer as that one. */
  | { kind: 'twin'; of: number }
  | { kind: 'refused'; refusal: CommandError }
  /** Accepted: its facts take versions `version - facts.length + 1` to `version`; `states[i]` is the state after `facts[i]`. */
  | { kind: 'accepted'; facts: F[]; states: Snapshot<C>[]; version: number; snapshot: Snapshot<C> };

/**
 * Decides a group of commands for one actor in order, each on the state the ones before it left. Pure:
 * the host stores what was accepted, answers the rest, and retries when the store says the copy was stale.
 */
export function decideGroup<C, Cmd extends AnyEvent, F extends AnyEvent>(
  kind: ActorKind<C, Cmd, F>,
  actorId: string,
  start: { snapshot: Snapshot<C>; version: number },
  group: GroupCommand<Cmd>[],
  isKnown: (commandId: string) => boolean,
): Outcome<C, F>[] {
  let { snapshot, version } = start;
  const firstOf = new Map<string, number>();
  return group.map(({ commandId, command }, index): Outcome<C, F> => {
    if (isKnown(commandId)) return { kind: 'known' };
    const earlier = firstOf.get(commandId);
    if (earlier !== undefined) return { kind: 'twin', of: earlier };
    firstOf.set(commandId, index);
    if (kind.bornBy && version === 0 && command.type !== kind.bornBy) {
      return { kind: 'refused', refusal: new CommandError(kind.unknown.type, kind.unknown.message(actorId)) };
    }
    const decision = decide<C, F>(kind.machine, kind.refusals as never, snapshot, command);
    if (decision.refusal) {
      const { type, message, data } = decision.refusal;
      const state = kind.stateName(snapshot);
      const refusal = message
        ? new CommandError(type, message, data)
        : new CommandError('INVALID_TRANSITION', `The ${kind.type} is ${state}: it cannot take ${command.type}.`, {
            state,
            event: command.type,
          });
      return { kind: 'refused', refusal };
    }
    const states = decision.facts.map((fact) => (snapshot = evolve(kind.machine, snapshot, fact)));
    version += decision.facts.length;
    return { kind: 'accepted', facts: decision.facts, states, version, snapshot };
  });
}
