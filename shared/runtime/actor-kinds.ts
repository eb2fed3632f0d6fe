import { orderKind } from '../../actors/order/order.service.js';
import { stationKind } from '../../actors/station/station.service.js';
import type { ActorKind } from './actor-host.js';

/** Every kind of actor whose log feeds the read models. */
export const ACTOR_KINDS = [orderKind, stationKind] as unknown as ActorKind<unknown, { type: string; at: string }>[];
