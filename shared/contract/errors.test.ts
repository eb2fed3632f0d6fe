import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { toHttpError } from '../../gateway/http-errors.js';
import { ERRORS } from './errors.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return file.endsWith('.ts') && !file.endsWith('.test.ts') ? [file] : [];
  });
}

describe('the error registry', () => {
  const code = ['actors', 'gateway', 'shared'].flatMap((d) => sources(path.join(root, d))).map((f) => readFileSync(f, 'utf8'));
  const thrown = new Set(
    code.flatMap((text) => [
      ...[...text.matchAll(/(?:CommandError|make)\(\s*'([A-Z_]+)'/g)].map((m) => m[1]!),
      ...[...text.matchAll(/\btype: '([A-Z_]+)',\s*message/g)].map((m) => m[1]!),
    ]),
  );

  it('knows every error type the code gives', () => {
    expect(thrown.size).toBeGreaterThan(10);
    expect([...thrown].filter((type) => !(type in ERRORS))).toEqual([]);
  });

  it('documents every type in the README with its status', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    for (const [type, { status }] of Object.entries(ERRORS)) {
      const line = readme.split('\n').find((l) => l.startsWith('|') && l.includes(`\`${type}\``));
      expect(line, type).toBeDefined();
      expect(line, type).toContain(String(status));
    }
  });

  it('maps each registered type to its own status', () => {
    for (const [type, { status }] of Object.entries(ERRORS)) {
      expect(toHttpError({ name: 'CommandError', message: 'm', code: status, type }).status).toBe(status);
    }
    expect(toHttpError({ type: 'VALIDATION_ERROR', data: [{ message: "The 'x' field is required." }] })).toMatchObject({
      status: 400,
      body: { type: 'BAD_REQUEST', message: "The 'x' field is required." },
    });
    expect(toHttpError(new Error('boom')).status).toBe(500);
  });
});
