import type { ServiceSchema } from 'moleculer';
import type { Role } from '../contract/index.js';
import type { Route } from '../contract/routes.js';
import type { ActorKind, SomeKind } from './actor-kind.js';
import type { AnyEvent } from './decider.js';
import type { RuntimeDeps } from './deps.js';
import type { Projection } from './projector.js';

/** How the gateway fans one bus event out to Socket.IO rooms. */
export interface FanOut<V = never> {
  /** The Moleculer broadcast (`order.updated`, `terminal.updated`, ...). */
  event: string;
  /** The socket message screens get. */
  socketEvent: string;
  /** The rooms that hear of this view. */
  rooms: (view: V) => string[];
  /** When the change started, for the send-to-screen histogram; null when it is not measured. */
  startedAt?: (view: V, fact: string | undefined) => string | null;
  /** What each follower may see of the view, or null for nothing; absent: every follower sees it whole. */
  seenBy?: (follower: Follower, view: V) => unknown;
}

/** Who a socket is: the claims of its token. */
export interface Follower {
  sub: string;
  role: Role;
}

/**
 * A Socket.IO topic a kind offers (the contract's subscribe table): `family` alone (`orders`), or `family:<id>`
 * with ids matching `id` (`station:grill`); `followers` are the roles that may subscribe.
 */
export interface Topic {
  family: string;
  id?: RegExp;
  followers: readonly Role[];
}

/**
 * One kind of the restaurant, as its folder declares it: the service that hosts it, the actor kind whose
 * facts it stores (absent for reference data such as the menu), how its views reach the screens, and the
 * read models it projects from the log. `actors/index.ts` lists them all; the app's wiring, the gateway's
 * routes and fan-out, the OpenAPI document, the rebuild and the cluster's services derive from that list.
 */
export interface KindModule {
  /** The Moleculer service name (and a name in `SERVICES`). */
  name: string;
  service: (deps: RuntimeDeps) => ServiceSchema;
  /** Its HTTP routes: the gateway's aliases and the OpenAPI document are made from them. */
  routes?: Route[];
  actor?: SomeKind;
  fanOut?: FanOut<never>[];
  topics?: Topic[];
  projections?: Projection<unknown>[];
}

/** A kind's actor for the list, whatever its types. */
export const listed = <C, Cmd extends AnyEvent, F extends AnyEvent>(kind: ActorKind<C, Cmd, F>) => kind as unknown as SomeKind;
/** A projection for the list, whatever its row. */
export const listedProjection = <Row>(projection: Projection<Row>) => projection as unknown as Projection<unknown>;

export const actorKindsOf = (modules: readonly KindModule[]) => modules.flatMap((m) => (m.actor ? [m.actor] : []));
export const projectionsOf = (modules: readonly KindModule[]) => modules.flatMap((m) => m.projections ?? []);
export const routesOf = (modules: readonly KindModule[]) => modules.flatMap((m) => m.routes ?? []);
export const topicsOf = (modules: readonly KindModule[]) => modules.flatMap((m) => m.topics ?? []);
export const fanOutsOf = (modules: readonly KindModule[]) => modules.flatMap((m) => m.fanOut ?? []) as FanOut<unknown>[];
