import { ref, list } from '../../shared/contract/schema.js';
import type { Route } from '../../shared/contract/routes.js';

/** The drawer's HTTP routes: the gateway's aliases and the OpenAPI document come from here. */
export const drawerRoutes: Route[] = [
  {
    method: 'GET',
    path: '/drawers',
    action: 'drawers.list',
    auth: true,
    summary: 'Every cash drawer',
    answer: list('drawers', ref('Drawer')),
  },
  {
    method: 'GET',
    path: '/drawers/:drawerId',
    action: 'drawers.get',
    auth: true,
    summary: 'One cash drawer',
    answer: ref('Drawer'),
  },
  {
    method: 'POST',
    path: '/drawers/:drawerId/open',
    action: 'drawers.open',
    auth: true,
    summary: 'Cashier or manager: open a drawer with a float; the caller becomes its cashier',
    answer: ref('Drawer'),
  },
  {
    method: 'POST',
    path: '/drawers/:drawerId/pay-in',
    action: 'drawers.payIn',
    auth: true,
    summary: 'Put cash in, with a reason',
    answer: ref('Drawer'),
  },
  {
    method: 'POST',
    path: '/drawers/:drawerId/pay-out',
    action: 'drawers.payOut',
    auth: true,
    summary: "Take cash out, with a reason; over PAYOUT_LIMIT_CENTS with a manager's approval",
    answer: ref('Drawer'),
  },
  {
    method: 'POST',
    path: '/drawers/:drawerId/drop',
    action: 'drawers.drop',
    auth: true,
    summary: 'Take cash to the safe',
    answer: ref('Drawer'),
  },
  {
    method: 'POST',
    path: '/drawers/:drawerId/no-sale',
    action: 'drawers.noSale',
    auth: true,
    summary: "Open the drawer with no sale, with a reason and a manager's approval",
    answer: ref('Drawer'),
  },
  {
    method: 'POST',
    path: '/drawers/:drawerId/count',
    action: 'drawers.count',
    auth: true,
    summary: 'Start the blind count: from now on only a manager sees the cash it should hold',
    answer: ref('Drawer'),
  },
  {
    method: 'POST',
    path: '/drawers/:drawerId/close',
    action: 'drawers.close',
    auth: true,
    summary: 'Close a counted drawer with the cash counted: over or short against what it should hold',
    answer: ref('Drawer'),
  },
];
