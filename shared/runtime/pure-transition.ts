import { createActor, type ActorScope, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from 'xstate';

/** An action XState would execute; `xstate.emit` ones carry the emitted event in `params.event`. */
export interface PlannedAction {
  type: string;
  params?: unknown;
}
type Actions = PlannedAction;

/**
 * XState's pure `transition()` and `initialTransition()`, with one inert actor scope per machine. XState 5
 * builds a throwaway actor on every call, and that actor computes the machine's initial state, which was
 * half the cost of deciding a command (statelyai/xstate#5632 removes it in v6). Sharing the scope is safe:
 * a transition runs synchronously, and our machines invoke and spawn nothing.
 */
const scopes = new WeakMap<AnyStateMachine, { scope: ActorScope<AnyMachineSnapshot, EventObject>; actions: Actions[] }>();

function scopeOf(machine: AnyStateMachine) {
  let entry = scopes.get(machine);
  if (!entry) {
    const self = createActor(machine);
    const actions: Actions[] = [];
    const scope = {
      self,
      id: '',
      sessionId: '',
      system: self.system,
      logger: () => undefined,
      defer: () => undefined,
      stopChild: () => undefined,
      emit: () => undefined,
      actionExecutor: (action: Actions) => void actions.push(action),
    } as unknown as ActorScope<AnyMachineSnapshot, EventObject>;
    entry = { scope, actions };
    scopes.set(machine, entry);
  }
  entry.actions.length = 0;
  return entry;
}

/** The next snapshot and the actions it would execute (emitted events among them); runs nothing. */
export function transition(
  machine: AnyStateMachine,
  snapshot: AnyMachineSnapshot,
  event: EventObject,
): [AnyMachineSnapshot, Actions[]] {
  const { scope, actions } = scopeOf(machine);
  const next = machine.transition(snapshot, event, scope) as AnyMachineSnapshot;
  return [next, actions.splice(0)];
}

/** The machine's initial snapshot. */
export function initialTransition(machine: AnyStateMachine): AnyMachineSnapshot {
  const { scope } = scopeOf(machine);
  return machine.getInitialSnapshot(scope, undefined) as AnyMachineSnapshot;
}
