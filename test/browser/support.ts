import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TERMINALS = path.join(ROOT, 'terminals');
export const DIST = path.join(TERMINALS, 'dist');
export const SCREENSHOTS = path.join(ROOT, 'screenshots');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the screens when terminals/dist is missing or older than its sources; one test file at a time builds. */
export async function ensureBuilt(): Promise<void> {
  const lock = path.join(os.tmpdir(), 'comanda-screens-build.lock');
  const built = path.join(DIST, 'index.html');
  const fresh = () =>
    existsSync(built) &&
    statSync(built).mtimeMs >= Math.max(newestSource(TERMINALS), statSync(path.join(ROOT, 'vite.config.ts')).mtimeMs);
  for (let waited = 0; !fresh(); waited += 250) {
    try {
      mkdirSync(lock);
    } catch {
      // Another test file is building: wait for it (a lock older than two minutes is a crashed build).
      if (Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      if (!fresh())
        execFileSync(path.join(ROOT, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
          cwd: ROOT,
          stdio: 'inherit',
          // Vitest sets NODE_ENV=test, which would build Lit in development mode.
          env: { ...process.env, NODE_ENV: 'production' },
        });
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

/** Debian's Chromium, driven by playwright-core; never a downloaded browser. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Types a PIN on the pad as a person would: the digit buttons, then "Log in". */
export async function logIn(page: Page, pin: string): Promise<void> {
  for (const digit of pin) await page.getByRole('button', { name: digit, exact: true }).click();
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.locator('login-screen').waitFor({ state: 'detached' });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** The first useful paint the screen marked, and the first contentful paint, in ms from navigation start. */
export async function paintTimings(page: Page): Promise<{ useful: number | null; fcp: number | null }> {
  await page.waitForFunction(() => performance.getEntriesByName('comanda:useful-paint').length > 0, null, { timeout: 20_000 });
  await page
    .waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, { timeout: 5000 })
    .catch(() => undefined);
  return page.evaluate(() => ({
    useful: performance.getEntriesByName('comanda:useful-paint')[0]?.startTime ?? null,
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
  }));
}
