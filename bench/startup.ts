/** startup: `npm start` → a healthy `GET /api/health`, on an empty data folder (embedded Postgres, initdb) and again on it. */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { descendants, hasExited, killGroup, spawnNode, stopChild, waitHealthy } from '../test/support/processes.js';
import { atCleanup, echoLogs, ms, type Figure } from './common.js';

async function npmStart(dataDir: string): Promise<{ healthyMs: number; exitMs: number }> {
  const started = performance.now();
  // Empty DATABASE_URL and JWT_SECRET: what a first `npm start` has.
  const proc = await spawnNode({ DATA_DIR: dataDir, DATABASE_URL: '', JWT_SECRET: '', NODE_OPTIONS: '' }, 'npm');
  const { child } = proc;
  echoLogs(child, 'npm start');
  // If anything goes wrong, the whole process group (npm, sh, tsx, node, the embedded Postgres) goes.
  const forget = atCleanup(async () => {
    if (!hasExited(child)) killGroup(child, 'SIGKILL');
  });
  await waitHealthy(proc.baseUrl, 60_000, child);
  const healthyMs = performance.now() - started;
  // SIGTERM goes to the node running start.ts: npm passes it to `sh -c`, and dash dies without passing it on.
  // The node is the deepest process running start.ts that is neither npm nor a shell (`tsx start.ts` adds one more node).
  const app = descendants(child.pid!)
    .filter(
      (p) => p.cmd.includes('start.ts') && !/(^|\/)(sh|bash|npm)( |$)/.test(p.cmd.split(' ')[0] ?? '') && !p.cmd.includes('npm'),
    )
    .at(-1);
  if (!app) throw new Error('could not find the node process running start.ts');
  const exitMs = await stopChild(child, 20_000, app.pid);
  forget();
  return { healthyMs, exitMs };
}

export const startupFigure: Figure = {
  name: 'startup',
  async run() {
    console.log('`npm start` → GET /api/health 200 (embedded Postgres, fresh DATA_DIR, LOG_LEVEL=warn)');
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'comanda-bench-data-'));
    await chmod(dataDir, 0o755);
    atCleanup(() => rm(dataDir, { recursive: true, force: true }));
    const first = await npmStart(dataDir);
    const second = await npmStart(dataDir);
    console.log(
      `   empty data folder: ${ms(first.healthyMs)} (exit after SIGTERM ${ms(first.exitMs)});` +
        ` initialised: ${ms(second.healthyMs)} (exit ${ms(second.exitMs)})\n`,
    );
    return [
      { figure: 'npm start → healthy (empty)', measured: ms(first.healthyMs), baseline: '', ratio: '', target: '' },
      { figure: 'npm start → healthy (again)', measured: ms(second.healthyMs), baseline: '', ratio: '', target: '' },
    ];
  },
};
