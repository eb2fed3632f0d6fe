import type { ErrorType } from '../contract/index.js';

/**
 * Why a machine said no, for one named guard: the error type a client gets and a message a
 * person can act on. Machines export a `refusals` map keyed by guard name; the host reports
 * the first failing guard of the transition that would have handled the event.
 */
export interface Refusal<TContext, TEvent> {
  type: ErrorType;
  message: (context: TContext, event: TEvent) => string;
}

export type Refusals<TContext, TEvent> = Record<string, Refusal<TContext, TEvent>>;
