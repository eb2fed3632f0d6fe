import { getNextTransitions, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type { ErrorType } from '../contract/index.js';

/**
 * Why a machine said no, for one named guard: the error type a client gets and a message a
 * person can act on. Machines export a `refusals` map keyed by guard name.
 */
export interface Refusal<TContext, TEvent> {
  type: ErrorType;
  message: (context: TContext, event: TEvent) => string;
  /** What the refusal names for programs (the error's `data`), e.g. the orders still open. */
  data?: (context: TContext, event: TEvent) => unknown;
}

export type Refusals<TContext, TEvent> = Record<string, Refusal<TContext, TEvent>>;

function guardNames(guard: unknown): string[] {
  if (typeof guard === 'string') return [guard];
  if (typeof guard === 'function' && Array.isArray((guard as { guards?: unknown }).guards)) {
    return (guard as unknown as { guards: unknown[] }).guards.flatMap(guardNames);
  }
  if (guard && typeof guard === 'object' && 'type' in guard) return [String((guard as { type: unknown }).type)];
  return [];
}

/**
 * Null when the machine takes the event. Otherwise the first failing guard that has a refusal, of the
 * transitions that would handle the event; or INVALID_TRANSITION (no message) when no transition of
 * the current state handles it at all.
 */
export function refusalOf<C, E extends { type: string }>(
  machine: AnyStateMachine,
  refusals: Refusals<C, E>,
  snapshot: AnyMachineSnapshot,
  event: E,
): { type: ErrorType; message?: string; data?: unknown } | null {
  if (snapshot.can(event)) return null;
  const guards = machine.implementations.guards as Record<string, (args: unknown, params: unknown) => boolean>;
  const candidates = getNextTransitions(snapshot).filter((t) => t.eventType === event.type);
  for (const name of candidates.flatMap((t) => guardNames(t.guard))) {
    const refusal = refusals[name];
    if (refusal && !guards[name]!({ context: snapshot.context, event }, undefined)) {
      const context = snapshot.context as C;
      return { type: refusal.type, message: refusal.message(context, event), data: refusal.data?.(context, event) };
    }
  }
  return { type: 'INVALID_TRANSITION' };
}
