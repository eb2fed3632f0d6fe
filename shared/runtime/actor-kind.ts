import type { AnyStateMachine } from 'xstate';
import type { ErrorType } from '../contract/index.js';
import type { StoredEvent, ViewRow } from '../db/event-store.js';
import { fold, type AnyEvent, type Snapshot } from './decider.js';
import { initialTransition } from './pure-transition.js';
import type { Refusals } from './refusal.js';

/** A command for another actor, delivered through the outbox once this one's facts are stored. */
export interface Call {
  action: string;
  params: Record<string, unknown> & { commandId: string };
}

/** What a kind of actor tells the host. Everything here is pure. */
export interface ActorKind<C, Cmd extends AnyEvent, F extends AnyEvent> {
  /** Stream type in the log, and the word in messages ("order", "station"). */
  type: string;
  /** Decides commands (guards, refusals, the facts they make) and folds facts (never refusing). */
  machine: AnyStateMachine;
  refusals: Refusals<C, Cmd>;
  /** Every fact type this kind stores. */
  facts: readonly F['type'][];
  /** Where an actor does not exist until this command (an order until OPEN), any other gets `unknown`. */
  bornBy?: Cmd['type'];
  unknown: { type: ErrorType; message: (id: string) => string };
  /** The state named in refusals, in the contract's words. */
  stateName: (snapshot: Snapshot<C>) => string;
  /** The answer to a command, from the state after its last fact. */
  view: (id: string, version: number, snapshot: Snapshot<C>, fact: F) => unknown;
  /** The read-model kinds (`views.kind`) `project` writes: a rebuild replaces these and no others. */
  views: readonly string[];
  /** The actor's own read-model rows a fact changed, written with it; each is broadcast as `<kind>.updated`. */
  project: (id: string, version: number, snapshot: Snapshot<C>, fact: F) => ViewRow[];
  /**
   * Commands to other actors for what happened. Their ids derive from this command's. `states[i]` is the actor
   * just after `facts[i]` (the host always passes them; a unit test of calls that need no state may not): what a
   * fact led to, an order PAID by its last payment, is not in the fact itself.
   */
  react: (facts: F[], commandId: string, states?: readonly Snapshot<C>[]) => Call[];
  /** The fact types the audit log leaves out (its comment says why); absent, every fact is audited. */
  unaudited?: readonly F['type'][];
  /**
   * For logs written before facts were stored: the old command-shaped event types, and the command each
   * stands for today. The log's upgrade decides each again, once, on the state the facts before it left, and
   * stores its fact in its place. Absent when this kind never stored commands.
   */
  upcast?: { types: readonly string[]; command: (legacy: AnyEvent & Record<string, unknown>) => Cmd };
}

/** Any kind, where the caller does not need its types (the registry, the rebuild). */
export type SomeKind = ActorKind<unknown, AnyEvent, AnyEvent>;

/** Rebuilds a machine snapshot from its persisted form, or from the machine's initial state. */
export function restore<C>(machine: AnyStateMachine, persisted: unknown): Snapshot<C> {
  if (persisted) {
    const { value, context } = persisted as { value: unknown; context: unknown };
    return machine.resolveState({ value: value as never, context: context as never }) as Snapshot<C>;
  }
  return initialTransition(machine) as Snapshot<C>;
}

/** Folds stored facts through the machine. */
export const replay = <C>(machine: AnyStateMachine, from: Snapshot<C>, events: StoredEvent[]): Snapshot<C> =>
  fold(
    machine,
    from,
    events.map((e) => e.data as AnyEvent),
  );
