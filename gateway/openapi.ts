import { ERRORS } from '../shared/contract/index.js';
import type { Route } from './routes.js';

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
      return { type: 'string', enum: r.values };
    case 'boolean':
      return { type: 'boolean' };
    default:
      return { type: 'object' };
  }
}

const isOptional = (rule: Rule) =>
  typeof rule === 'string' ? rule.includes('optional') : Boolean(rule.optional) || rule.default !== undefined;

/** The OpenAPI 3 document of every route, with request schemas from the actions' `params`. */
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
    const requestBody =
      route.method !== 'GET'
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
      ...(route.auth ? { security: [{ bearer: [] }] } : {}),
      parameters,
      ...(requestBody ? { requestBody } : {}),
      responses: {
        [String(route.status ?? 200)]: { description: 'Success' },
        default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Comanda', version: '1', description: 'The restaurant runtime: orders, kitchen stations, terminals.' },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Error: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            message: { type: 'string' },
            code: { type: 'integer' },
            type: { type: 'string', enum: Object.keys(ERRORS) },
            data: {},
          },
        },
      },
    },
  };
}
