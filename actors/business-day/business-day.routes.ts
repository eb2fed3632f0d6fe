import { ref, integer, time, object, list } from '../../shared/contract/schema.js';
import type { Route } from '../../shared/contract/routes.js';

/** The business day's HTTP routes: the gateway's aliases and the OpenAPI document come from here. */
export const businessDayRoutes: Route[] = [
  {
    method: 'GET',
    path: '/day',
    action: 'days.get',
    auth: true,
    summary: 'The open business day, or the last one closed',
    answer: ref('Day'),
  },
  {
    method: 'POST',
    path: '/day/open',
    action: 'days.open',
    auth: true,
    status: 201,
    summary: 'Manager: open the next business day for a date (today or before, not before the last day’s)',
    answer: ref('Day'),
  },
  {
    method: 'POST',
    path: '/day/close',
    action: 'days.close',
    auth: true,
    summary: 'Manager: close the business day once no order or drawer is open; answers its Z report',
    answer: ref('DayReport'),
  },
  {
    method: 'GET',
    path: '/reports/x',
    action: 'days.xReport',
    auth: true,
    summary: 'Manager or cashier: the X report of the open day so far',
    answer: ref('DayReport'),
  },
  {
    method: 'GET',
    path: '/reports/z',
    action: 'days.zReports',
    auth: true,
    summary: 'Every Z report: one per closed day',
    answer: list('reports', object({ number: integer, businessDate: { type: 'string', format: 'date' }, closedAt: time })),
  },
  {
    method: 'GET',
    path: '/reports/z/:number',
    action: 'days.zReport',
    auth: true,
    summary: 'The Z report of a closed day, as it was stored at its close',
    answer: ref('DayReport'),
  },
];
