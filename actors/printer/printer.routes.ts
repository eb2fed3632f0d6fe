import { list, object, ref, string, time } from '../../shared/contract/schema.js';
import type { Route } from '../../shared/contract/routes.js';

/** The devices' HTTP routes: the gateway's aliases and the OpenAPI document come from here. */
export const printerRoutes: Route[] = [
  {
    method: 'GET',
    path: '/devices',
    action: 'printers.list',
    auth: true,
    summary: 'Every serial device, configured and live: its status as it last answered',
    answer: list('devices', ref('Device')),
  },
  {
    method: 'PUT',
    path: '/devices/:deviceId',
    action: 'printers.put',
    auth: true,
    summary: 'Set a device up, or change it; its port is opened at once on the node that drives it',
    answer: ref('Device'),
  },
  {
    method: 'DELETE',
    path: '/devices/:deviceId',
    action: 'printers.remove',
    auth: true,
    status: 204,
    summary: 'Take a device out: its port closes',
  },
  {
    method: 'POST',
    path: '/reports/x/print',
    action: 'printers.printX',
    auth: true,
    status: 202,
    summary: "Manager or cashier: print the open day's X report on this terminal's receipt printer (queued once per commandId)",
    answer: object({ jobId: string, deviceId: string }, ['jobId', 'deviceId']),
  },
  {
    method: 'GET',
    path: '/devices/:deviceId/jobs',
    action: 'printers.jobs',
    auth: true,
    summary: "A printer's queue, oldest first",
    answer: list(
      'jobs',
      object(
        {
          id: string,
          kind: { type: 'string', enum: ['RECEIPT', 'CHIT', 'REPORT', 'DRAWER_KICK'] },
          status: { type: 'string', enum: ['QUEUED', 'PRINTING', 'PRINTED', 'MOVED'] },
          printedBy: { ...string, nullable: true },
          at: time,
        },
        ['id', 'kind', 'status', 'at'],
      ),
    ),
  },
];
