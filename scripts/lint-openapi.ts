import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startTestNode } from '../test/harness.js';

/**
 * `npm run lint`'s OpenAPI step: the document is made at run time from the routes and the actions' params, so
 * a node is started (on the test Postgres, as the tests do), its document written to a file, and Redocly lints it.
 */
const node = await startTestNode();
const dir = await mkdtemp(path.join(os.tmpdir(), 'comanda-openapi-'));
let status = 1;
try {
  const res = await fetch(`${node.baseUrl}/api/openapi.json`);
  if (!res.ok) throw new Error(`GET /api/openapi.json answered ${res.status}`);
  const file = path.join(dir, 'openapi.json');
  await writeFile(file, await res.text());
  const lint = spawnSync('npx', ['--no-install', 'redocly', 'lint', '--config', 'redocly.yaml', file], { stdio: 'inherit' });
  status = lint.status ?? 1;
} finally {
  await node.stop();
  await rm(dir, { recursive: true, force: true });
}
process.exit(status);
