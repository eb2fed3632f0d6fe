import { integer, object } from '../../shared/contract/schema.js';
import type { Route } from '../../shared/contract/routes.js';

/** The scale's HTTP route: the gateway's alias and the OpenAPI document come from here. */
export const scaleRoutes: Route[] = [
  {
    method: 'GET',
    path: '/terminals/:terminalId/weight',
    action: 'scales.weight',
    auth: true,
    summary:
      "A stable reading of the terminal's scale, in grams, asked of the scale now (the POS polls it while it weighs); 409 SCALE_UNSTABLE, 422 SCALE_ZERO, SCALE_NEGATIVE or SCALE_OVERLOAD, 503 SCALE_OFFLINE",
    answer: object({ grams: integer, stable: { type: 'boolean', enum: [true] } }),
  },
];
