import { CommandError } from '../shared/runtime/errors.js';

/** Postgres stores no NUL in text or jsonb, and a lone surrogate is not UTF-8: either would fail only at the append. */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /[\u0000\p{Cs}]/u;
/** No command of the API nests deeper than this; a deeper body is not one of ours (and would cost a deep walk). */
const MAX_DEPTH = 8;

type Rules = Record<string, unknown> | undefined;

const nullable = (rule: unknown) =>
  typeof rule === 'object' && rule !== null && (rule as { nullable?: unknown }).nullable === true;

/**
 * Refuses, naming the field, what no action can take whatever its schema: a string Postgres cannot store (in a
 * value or a key), a `__proto__` key, a body nested deeper than any command, and a `null` where the action's
 * schema does not say `nullable` (fastest-validator lets null through every optional field).
 */
export function checkInput(params: Record<string, unknown>, rules: Rules): void {
  const stack: [unknown, string, number][] = [[params, '', 0]];
  while (stack.length > 0) {
    const [value, field, depth] = stack.pop()!;
    if (typeof value === 'string') {
      if (UNSTORABLE.test(value)) {
        throw new CommandError(
          'BAD_REQUEST',
          `The '${field}' field holds a character that cannot be stored (a NUL or a lone surrogate).`,
          { field },
        );
      }
    } else if (value !== null && typeof value === 'object') {
      if (depth > MAX_DEPTH) throw new CommandError('BAD_REQUEST', `The '${field}' field is nested too deep.`, { field });
      for (const [key, inner] of Object.entries(value)) {
        const path = field ? `${field}.${key}` : key;
        if (key === '__proto__' || UNSTORABLE.test(key)) {
          throw new CommandError('BAD_REQUEST', `'${path.replace(UNSTORABLE, '?')}' is not a field of this request.`, {
            field: path.replace(UNSTORABLE, '?'),
          });
        }
        stack.push([inner, path, depth + 1]);
      }
    }
  }
  for (const [field, value] of Object.entries(params)) {
    if (value === null && rules && Object.hasOwn(rules, field) && !nullable(rules[field])) {
      throw new CommandError('BAD_REQUEST', `The '${field}' field may not be null: leave it out instead.`, { field });
    }
  }
}

/** A UUID in one canonical form, so a commandId that differs only in letter case is the same command. */
export const canonicalCommandId = (id: unknown) => (typeof id === 'string' ? id.toLowerCase() : id);
