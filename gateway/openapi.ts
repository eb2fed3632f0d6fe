import type { Route } from '../shared/contract/routes.js';
import { ref, VIEWS, type Json } from '../shared/contract/schema.js';

type Schema = Record<string, unknown>;
type Rule = string | Record<string, unknown>;

/** fastest-validator rule (shorthand or object) to JSON Schema, for the rules our actions use. */
function toJsonSchema(rule: Rule): Schema {
  const r: Record<string, unknown> =
    typeof rule === 'string'
      ? Object.fromEntries(
          rule.split('|').map((part, i) => {
            if (i === 0) return ['type', part];
            const [k, v] = part.split(':');
            return [k!, v === undefined ? true : Number.isNaN(Number(v)) ? v : Number(v)];
          }),
        )
      : rule;
  switch (r.type) {
    case 'uuid':
      return { type: 'string', format: 'uuid' };
    case 'number':
      return {
        type: r.integer ? 'integer' : 'number',
        ...(r.min !== undefined && { minimum: r.min }),
        ...(r.max !== undefined && { maximum: r.max }),
        // The gateway refuses null wherever the schema does not say nullable.
        ...(r.nullable ? { nullable: true } : {}),
      };
    case 'string':
      return {
        type: 'string',
        ...(r.min !== undefined && { minLength: r.min }),
        ...(r.max !== undefined && { maxLength: r.max }),
        ...(r.pattern instanceof RegExp && { pattern: r.pattern.source }),
      };
    case 'enum':
      return { type: (r.values as unknown[]).every((v) => typeof v === 'number') ? 'integer' : 'string', enum: r.values };
    case 'boolean':
      return { type: 'boolean' };
    case 'array':
      return {
        type: 'array',
        items: toJsonSchema(r.items as Rule),
        ...(r.min !== undefined && { minItems: r.min }),
        ...(r.max !== undefined && { maxItems: r.max }),
        ...(r.unique === true && { uniqueItems: true }),
      };
    case 'object': {
      // A body's nested object (a manager's approval) shows its fields; one with none is any object.
      const props = (r.props ?? {}) as Record<string, Rule>;
      const required = Object.keys(props).filter((k) => !isOptional(props[k]!));
      return Object.keys(props).length === 0
        ? { type: 'object' }
        : {
            type: 'object',
            properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, toJsonSchema(v)])),
            ...(required.length ? { required } : {}),
          };
    }
    default:
      return { type: 'object' };
  }
}

function isOptional(rule: Rule): boolean {
  return typeof rule === 'string' ? rule.includes('optional') : Boolean(rule.optional) || rule.default !== undefined;
}

/** The refusals a route may answer, by what it is: each status with the contract's error body. */
function refusals(route: Route, hasPath: boolean): Record<string, Json> {
  const statuses = [
    '400',
    ...(route.auth ? ['401', '403'] : []),
    ...(hasPath ? ['404'] : []),
    ...(route.method !== 'GET' ? ['409', '413', '422', '429'] : []),
    '503',
  ];
  return Object.fromEntries(statuses.map((status) => [status, { $ref: `#/components/responses/Refused${status}` }]));
}

const REFUSED: Record<string, string> = {
  '400': 'Bad input: a field is missing, of the wrong type, out of range, or holds what cannot be stored.',
  '401': 'No token, or the token is invalid or expired.',
  '403': 'The role may not do this, or the page is of another origin.',
  '404': 'No such order, station, ticket, product, terminal, drawer or closed day, or no day yet.',
  '409': "The actor's state does not allow it, or another writer changed it first.",
  '413': 'The body is over 64 KiB.',
  '422': 'Well-formed but impossible, e.g. an unknown product or a reused commandId.',
  '429': 'Too many requests, or too many wrong PINs: wait the Retry-After seconds.',
  '503': 'A dependency is down: retry with the same commandId.',
};

/** The OpenAPI 3 document of every route, with request schemas from the actions' `params` and the views as answers. */
export function openApiDocument(routes: Route[], paramsOf: (action: string) => Record<string, Rule> | undefined) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const pathParams = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    const rules = Object.entries(paramsOf(route.action) ?? {}).filter(([name]) => !name.startsWith('$$'));
    const fields = rules.filter(([name]) => !pathParams.includes(name));
    const parameters = [
      ...pathParams.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      ...(route.method === 'GET'
        ? fields.map(([name, rule]) => ({ name, in: 'query', required: !isOptional(rule), schema: toJsonSchema(rule) }))
        : []),
    ];
    // OpenAPI 3.0 wants a non-empty `required` or none (a PATCH may have every field optional).
    const required = fields.filter(([, rule]) => !isOptional(rule)).map(([name]) => name);
    // A DELETE names what it removes in its path alone.
    const requestBody =
      route.method !== 'GET' && route.method !== 'DELETE'
        ? {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: Object.fromEntries(fields.map(([name, rule]) => [name, toJsonSchema(rule)])),
                  ...(required.length > 0 && { required }),
                },
              },
            },
          }
        : undefined;
    const key = `/api${route.path.replace(/:(\w+)/g, '{$1}')}`;
    paths[key] ??= {};
    paths[key][route.method.toLowerCase()] = {
      summary: route.summary,
      operationId: route.action,
      // Public routes say so: everything else takes the document's bearer token.
      ...(route.auth ? {} : { security: [] }),
      ...(parameters.length > 0 && { parameters }),
      ...(requestBody ? { requestBody } : {}),
      responses: {
        [String(route.status ?? 200)]:
          route.status === 204
            ? { description: 'Success, nothing to answer' }
            : { description: 'Success', content: { 'application/json': { schema: route.answer ?? { type: 'object' } } } },
        ...refusals(route, pathParams.length > 0),
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Comanda',
      version: '1',
      description: 'The restaurant runtime: orders, kitchen stations, terminals.',
    },
    servers: [{ url: '/', description: 'The node that serves this document' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: VIEWS,
      responses: Object.fromEntries(
        Object.entries(REFUSED).map(([status, description]) => [
          `Refused${status}`,
          { description, content: { 'application/json': { schema: ref('Error') } } },
        ]),
      ),
    },
  };
}
