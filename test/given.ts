import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import type { StoredEvent } from '../shared/db/event-store.js';
import type { Snapshot } from '../shared/runtime/actor-host.js';
import { initialTransition, transition } from '../shared/runtime/pure-transition.js';
import { refusalOf, type Refusals } from '../shared/runtime/refusal.js';

/**
 * Given / when / then for a pure machine: given past events, when one more, then the snapshot and
 * what it emitted, or the refusal the host would answer. Same pure `transition()` as the host.
 */
export function given<C, E extends { type: string }>(machine: AnyStateMachine, refusals: Refusals<C, E>, events: E[]) {
  const snapshot = events.reduce<AnyMachineSnapshot>((s, e) => {
    if (!s.can(e)) throw new Error(`given: ${e.type} is not accepted in ${JSON.stringify(s.value)}`);
    return transition(machine, s, e)[0];
  }, initialTransition(machine));
  return {
    snapshot: snapshot as unknown as Snapshot<C>,
    when(event: E) {
      const refusal = refusalOf(machine, refusals, snapshot, event);
      const [next, actions] = transition(machine, snapshot, event);
      const emitted = actions
        .filter((a) => (a.type as string) === 'xstate.emit')
        .map((a) => (a.params as { event: unknown }).event);
      return { refusal, next: next as unknown as Snapshot<C>, emitted };
    },
  };
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
