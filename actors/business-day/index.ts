import { ROLES, SOCKET_EVENTS, TOPICS, type DayView } from '../../shared/contract/index.js';
import { listed, type KindModule } from '../../shared/runtime/registry.js';
import { businessDayKind } from './business-day.kind.js';
import { businessDayService } from './business-day.service.js';
import { businessDayRoutes } from './business-day.routes.js';

/** The business days: opened and closed by a manager, numbered, each closed with its Z report. */
export const businessDay: KindModule = {
  name: 'days',
  routes: businessDayRoutes,
  topics: [{ family: TOPICS.day, followers: ROLES }],
  service: businessDayService,
  actor: listed(businessDayKind),
  fanOut: [{ event: 'day.updated', socketEvent: SOCKET_EVENTS.day, rooms: (_view: DayView) => [TOPICS.day] }],
};
