import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import type { ErrorType } from '../contract/index.js';
import { transition } from './pure-transition.js';
import { refusalOf, type Refusals } from './refusal.js';

/** A command or a fact, as machines take them: time always comes in the event. */
export type AnyEvent = { type: string; at: string };

/**
 * A machine snapshot whose context the caller knows.
 */
export type Snapshot<C> = Omit<AnyMachineSnapshot, 'context'> & { context: C };
const asAny = <C>(snapshot: Snapshot<C>) => snapshot as unknown as AnyMachineSnapshot;

export type Decision<F> =
  { facts: F[]; refusal: null } | { facts: null; refusal: { type: ErrorType; message?: string; data?: unknown } };

/**
 * Decide: the facts a command makes happen, or why the machine will not take it. The machine's command
 * transitions only emit facts; the state does not change until the facts are folded in.
 */
export function decide<C, F>(
  machine: AnyStateMachine,
  refusals: Refusals<C, never>,
  snapshot: Snapshot<C>,
  command: AnyEvent,
): Decision<F> {
  // A command the machine takes emits at least one fact; only when it emits none is the reason looked for.
  const [, actions] = transition(machine, asAny(snapshot), command);
  const facts = actions.filter((a) => a.type === 'xstate.emit').map((a) => (a.params as { event: F }).event);
  if (facts.length > 0) return { facts, refusal: null };
  const refusal = refusalOf(machine, refusals as Refusals<C, AnyEvent>, asAny(snapshot), command);
  // Taken, yet nothing recorded: it would be answered but never stored, a machine's mistake.
  if (!refusal) throw new Error(`The ${machine.id} machine accepted ${command.type} but emitted no fact.`);
  return { facts: null, refusal };
}

/** A stored fact the machine cannot take where it is: the log and the code disagree, and that is never ignored. */
export class FactNotApplicable extends Error {
  constructor(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, fact: AnyEvent) {
    super(`The ${machine.id} machine cannot apply ${fact.type} in state ${JSON.stringify(snapshot.value)}.`);
  }
}

/** Evolve: folds one fact into the state. It never refuses; a fact it cannot take is an error. */
export function evolve<C>(machine: AnyStateMachine, snapshot: Snapshot<C>, fact: AnyEvent): Snapshot<C> {
  // Every fact changes the state; XState hands back the very snapshot it was given when no transition took it.
  const [next] = transition(machine, asAny(snapshot), fact);
  if (next === asAny(snapshot)) throw new FactNotApplicable(machine, asAny(snapshot), fact);
  return next as Snapshot<C>;
}

/** Folds facts in order: how every actor is rebuilt, and what tests compare. */
export const fold = <C>(machine: AnyStateMachine, from: Snapshot<C>, facts: AnyEvent[]): Snapshot<C> =>
  facts.reduce((snapshot, fact) => evolve(machine, snapshot, fact), from);
