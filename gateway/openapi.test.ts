import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi.js';
import { KINDS } from '../actors/index.js';
import { allRoutes } from './routes.js';

const ROUTES = allRoutes(KINDS);

describe('the OpenAPI document', () => {
  const doc = openApiDocument(ROUTES, () => undefined);
  const operations = ROUTES.map((route) => {
    const path = `/api${route.path.replace(/:(\w+)/g, '{$1}')}`;
    return { route, op: (doc.paths[path] as Record<string, Record<string, unknown>>)[route.method.toLowerCase()]! };
  });

  it("describes every route's answer body, not just an object (a 204 has none)", () => {
    for (const { route, op } of operations.filter(({ route }) => route.status !== 204)) {
      const success = (op.responses as Record<string, { content: { 'application/json': { schema: object } } }>)[
        String(route.status ?? 200)
      ]!;
      expect(success.content['application/json'].schema, route.action).not.toEqual({ type: 'object' });
    }
  });

  it('marks the public routes with an empty security, and the others take the bearer token', () => {
    expect(doc.security).toEqual([{ bearer: [] }]);
    for (const { route, op } of operations) expect(op.security, route.action).toEqual(route.auth ? undefined : []);
  });

  it("answers every refusal with the contract's error body", () => {
    for (const { op } of operations) {
      for (const [status, response] of Object.entries(op.responses as Record<string, { $ref?: string }>)) {
        if (Number(status) >= 400) expect(response.$ref).toBe(`#/components/responses/Refused${status}`);
      }
    }
    expect(doc.components.responses.Refused400!.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Error',
    });
  });
});
