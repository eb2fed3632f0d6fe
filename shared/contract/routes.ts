import type { Json } from './schema.js';

/** An HTTP route of the contract, as a kind or the gateway declares it. */
export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Under /api, with `:name` parameters. */
  path: string;
  action: string;
  summary: string;
  /** Whether a Bearer token is needed. */
  auth: boolean;
  /** The body of a success, as JSON Schema (shared/contract/schema.ts), for the OpenAPI document. */
  answer?: Json;
  /** The status of a success, when it is not 200. */
  status?: number;
  /**
   * The body field naming the terminal a command acts for: it must be the caller's session's, unless the
   * caller's role may act for another terminal (access.ts).
   */
  actsFor?: string;
  /**
   * The action gets the body's raw text (`meta.rawBody`) and its `x-signature` header (`meta.signature`): a webhook
   * signed over the bytes it was sent as.
   */
  rawBody?: true;
}
