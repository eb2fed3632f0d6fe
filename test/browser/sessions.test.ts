import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestNode, type TestNode } from '../harness.js';
import { DIST, ensureBuilt, launchChromium, logIn } from './support.js';

describe('sessions on the screens, in Chromium', () => {
  let node: TestNode;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function open(url: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'en-US' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${node.baseUrl}${url}`);
    return page;
  }

  /** The token the screen keeps for its terminal, as a client of the API. */
  async function tokenOf(page: Page, terminalId: string): Promise<ApiClient> {
    const raw = await page.evaluate((key) => localStorage.getItem(key), `comanda.session.${terminalId}`);
    return Object.assign(new ApiClient(node.baseUrl), { token: (JSON.parse(raw!) as { token: string }).token, terminalId });
  }

  beforeAll(async () => {
    await ensureBuilt();
    node = await startTestNode({ screensDir: DIST });
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await node?.stop();
  });

  it("the POS's Lock ends its session on the server: the PIN pad shows and the token is refused", async () => {
    const pos = await open('/pos/?terminal=pos-1');
    await logIn(pos, '1111');
    const session = await tokenOf(pos, 'pos-1');
    expect((await session.get('/api/menu')).status).toBe(200);
    await pos.getByRole('button', { name: 'Lock' }).click();
    await pos.locator('login-screen').waitFor();
    for (let tries = 0; (await session.get('/api/menu')).status === 200 && tries < 100; tries++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await session.get<{ type: string }>('/api/menu')).body.type).toBe('SESSION_ENDED');
  });

  it('a screen whose session ends elsewhere goes back to the PIN pad', async () => {
    const kds = await open('/kds/?station=grill');
    await logIn(kds, '3333');
    await kds.getByText('No open tickets').waitFor();
    expect((await (await tokenOf(kds, 'kds-grill')).post('/api/auth/lock', {})).status).toBe(200);
    await kds.locator('login-screen').waitFor();
  });

  it('the PIN pad says so when a role does not work at this kind of terminal', async () => {
    const kds = await open('/kds/?station=fryer');
    for (const digit of '1111') await kds.getByRole('button', { name: digit, exact: true }).click();
    await kds.getByRole('button', { name: 'Log in' }).click();
    await kds.getByText('A waiter does not log in on a KDS terminal', { exact: false }).waitFor();
    expect(await kds.locator('login-screen').count()).toBe(1);
  });
});
