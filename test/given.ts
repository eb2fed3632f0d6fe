import type { StoredEvent } from '../shared/db/event-store.js';
import { restore, type ActorKind } from '../shared/runtime/actor-kind.js';
import { decide, fold, type AnyEvent, type Snapshot } from '../shared/runtime/decider.js';

/**
 * Given / when / then for a kind: given past facts, when a command, then the facts it makes (or the
 * refusal the host would answer) and the state after them. The same decide and evolve as the host.
 */
export function given<C, Cmd extends AnyEvent, F extends AnyEvent>(kind: ActorKind<C, Cmd, F>, facts: F[]) {
  const snapshot = fold(kind.machine, restore<C>(kind.machine, null), facts);
  return {
    snapshot,
    when(command: Cmd): { refusal: { type: string; message?: string } | null; facts: F[]; next: Snapshot<C> } {
      const decision = decide<C, F>(kind.machine, kind.refusals as never, snapshot, command);
      if (decision.refusal) return { refusal: decision.refusal, facts: [], next: snapshot };
      return { refusal: null, facts: decision.facts, next: fold(kind.machine, snapshot, decision.facts) };
    },
  };
}

/** The facts a run of commands makes, each decided on the state the ones before it left; throws on a refusal. */
export function history<C, Cmd extends AnyEvent, F extends AnyEvent>(kind: ActorKind<C, Cmd, F>, commands: Cmd[]): F[] {
  const facts: F[] = [];
  for (const command of commands) {
    const then = given(kind, facts).when(command);
    if (then.refusal) throw new Error(`history: ${command.type} is refused (${then.refusal.type})`);
    facts.push(...then.facts);
  }
  return facts;
}

/** A test log as the event store would hand it back: versions 1..n. */
export function asStored(events: { type: string; at: string }[]): StoredEvent[] {
  return events.map((e, i) => ({
    version: i + 1,
    type: e.type,
    data: e as unknown as Record<string, unknown>,
    commandId: `c${i}`,
    userId: null,
    terminalId: null,
    at: e.at,
  }));
}
