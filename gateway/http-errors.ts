import type { ServerResponse } from 'node:http';
import { ERRORS, type ErrorType } from '../shared/contract/index.js';

export interface HttpError {
  status: number;
  body: { name: string; message: string; code: number; type: string; data: unknown };
}

interface Raw {
  name?: string;
  message?: string;
  code?: number;
  type?: string;
  data?: unknown;
}

// Own keys only: an error whose type is 'constructor' or 'toString' is not one of ours.
const isOurs = (type: unknown): type is ErrorType => typeof type === 'string' && Object.hasOwn(ERRORS, type);

/** fastest-validator's findings, as one sentence a person can act on. */
function validationMessage(data: unknown): string {
  const problems = Array.isArray(data) ? (data as { message?: string; field?: string }[]) : [];
  const sentences = problems.map((p) => p.message ?? `The '${p.field}' field is not valid.`);
  return sentences.length > 0 ? sentences.join(' ') : 'The request is not valid.';
}

/** Maps any error that reaches the gateway to the contract's status and body, in one place. */
export function toHttpError(error: unknown): HttpError {
  const e = (error ?? {}) as Raw;
  const make = (type: ErrorType, message: string, data: unknown = e.data ?? null): HttpError => ({
    status: ERRORS[type].status,
    body: { name: e.name ?? 'Error', message, code: ERRORS[type].status, type, data },
  });
  if (isOurs(e.type)) return make(e.type, e.message ?? ERRORS[e.type].doc);
  switch (e.type) {
    case 'VALIDATION_ERROR':
      return make('BAD_REQUEST', validationMessage(e.data));
    case 'entity.too.large':
      return make('BODY_TOO_LARGE', 'The body is over 64 KiB: no command needs that much. Send less.', null);
    case 'entity.parse.failed':
    case 'charset.unsupported':
    case 'encoding.unsupported':
    case 'INVALID_REQUEST_BODY':
    case 'UNSUPPORTED_MEDIA_TYPE':
      return make('BAD_REQUEST', 'The body must be one JSON object of at most 64 KiB (Content-Type: application/json).', null);
    case 'NOT_FOUND':
      return make('NOT_FOUND', 'There is no such route: see GET /api/openapi.json.');
  }
  if (e.name?.startsWith('Sequelize') && /Connection|Timeout|HostNotFound|AccessDenied/.test(e.name)) {
    return make(
      'UNAVAILABLE',
      'The database cannot be reached right now: nothing was changed. Retry in a moment with the same commandId.',
      null,
    );
  }
  if (
    e.name === 'RequestRejectedError' ||
    e.name === 'ServiceNotFoundError' ||
    e.name === 'ServiceNotAvailableError' ||
    e.name === 'RequestTimeoutError'
  ) {
    return make('UNAVAILABLE', 'The service that handles this is not reachable right now: retry with the same commandId.');
  }
  // Another library's refusal (body-parser's charset, Moleculer's own 4xx): still one of our types.
  if (typeof e.code === 'number' && e.code >= 400 && e.code < 500) return make('BAD_REQUEST', e.message ?? 'Bad request', null);
  return make('INTERNAL', 'Something went wrong on our side: retrying with the same commandId is safe.', null);
}

/** Writes the contract's error body with its status. */
export function sendHttpError(res: ServerResponse, error: unknown): HttpError {
  const answer = toHttpError(error);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.writeHead(answer.status);
  res.end(JSON.stringify(answer.body));
  return answer;
}
