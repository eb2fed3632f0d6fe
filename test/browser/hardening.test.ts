import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderView } from '../../shared/contract/index.js';
import { ApiClient, startTestNode, type TestNode } from '../harness.js';
import { DIST, ensureBuilt, launchChromium, logIn } from './support.js';

const LANDSCAPE = { width: 1024, height: 768 };

describe('the screens under the security headers, and the POS outbox facing refusals', () => {
  let node: TestNode;
  let browser: Browser;
  let manager: ApiClient;
  const contexts: BrowserContext[] = [];

  /** A page that records every CSP violation and page error, in a context of that locale. */
  async function open(url: string, locale = 'en-US'): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: LANDSCAPE, locale });
    contexts.push(context);
    const page = await context.newPage();
    const problems: string[] = [];
    await page.exposeFunction('reportViolation', (v: string) => problems.push(v));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { reportViolation: (v: string) => void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${node.baseUrl}${url}`);
    return { page, problems };
  }

  beforeAll(async () => {
    await ensureBuilt();
    node = await startTestNode({ screensDir: DIST });
    browser = await launchChromium();
    manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await node?.stop();
  });

  it('loads every screen with no CSP violation, and the POS and KDS go live over the websocket', async () => {
    const pos = await open('/pos/?terminal=pos-1');
    await logIn(pos.page, '1111');
    await pos.page.getByRole('button', { name: 'Table 3, free' }).waitFor();
    await pos.page.getByText('Online', { exact: true }).waitFor();
    const kds = await open('/kds/?station=grill');
    await logIn(kds.page, '3333');
    await kds.page.getByText('No open tickets').waitFor();
    await kds.page.getByText('Online', { exact: true }).waitFor();
    const others = await Promise.all(['/', '/expo/', '/customer/?pair=pos-1'].map((url) => open(url)));
    for (const { page } of others) await page.waitForLoadState('networkidle');
    expect([pos, kds, ...others].flatMap((p) => p.problems)).toEqual([]);
  });

  /** Answers the POS's item commands as the test says, counting them; the server never sees them. */
  async function interceptItems(page: Page, answer: () => { status: number; type: string; message: string }) {
    let calls = 0;
    await page.route('**/api/orders/*/items', async (route: Route) => {
      calls++;
      const { status, type, message } = answer();
      await route.fulfill({
        status,
        contentType: 'application/json',
        body: JSON.stringify({ name: 'CommandError', message, code: status, type, data: null }),
      });
    });
    return () => calls;
  }

  const line = (page: Page, name: string) => page.locator('pos-order').getByRole('listitem').filter({ hasText: name });

  it('keeps retrying a 5xx, then drops a 4xx and tells the waiter why; a reload does not bring it back', async () => {
    const { page } = await open('/pos/?terminal=pos-2');
    await logIn(page, '1111');
    await page.getByRole('button', { name: 'Table 8, free' }).click();
    await page.getByText(/Order #\d+/).waitFor();
    let refuse = false;
    const calls = await interceptItems(page, () =>
      refuse
        ? { status: 400, type: 'BAD_REQUEST', message: "The 'notes' field holds a character that cannot be stored." }
        : { status: 503, type: 'UNAVAILABLE', message: 'The database cannot be reached right now.' },
    );
    await page.getByRole('button', { name: 'Salada caprese' }).click();
    await line(page, 'Salada caprese').getByText('waiting', { exact: true }).waitFor();
    // A 5xx is tried again (after a second's backoff), and the line keeps waiting.
    await expect.poll(calls, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await line(page, 'Salada caprese').getByText('waiting', { exact: true }).waitFor();

    refuse = true;
    await page
      .getByRole('alert')
      .getByText(
        'Not accepted, and not sent again: something typed cannot be stored (an invisible character, perhaps). Type it again.',
      )
      .waitFor({ timeout: 15_000 });
    await line(page, 'Salada caprese').waitFor({ state: 'detached' });
    const refusedAt = calls();
    await page.reload();
    await page.getByText(/Order #\d+/).waitFor();
    expect(await line(page, 'Salada caprese').count()).toBe(0);
    expect(calls()).toBe(refusedAt);
    const { body } = await manager.get<{ orders: OrderView[] }>('/api/orders?status=OPEN&table=8');
    expect(body.orders[0]!.items).toEqual([]);
  });

  it('tells a Portuguese-speaking waiter why in Portuguese', async () => {
    const { page } = await open('/pos/?terminal=pos-2', 'pt-BR');
    for (const digit of '1111') await page.getByRole('button', { name: digit, exact: true }).click();
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('button', { name: 'Mesa 11, livre' }).click();
    await page.getByText(/Pedido nº \d+/).waitFor();
    await interceptItems(page, () => ({ status: 413, type: 'BODY_TOO_LARGE', message: 'The body is over 64 KiB.' }));
    await page.getByRole('button', { name: 'Pudim de leite condensado' }).click();
    await page
      .getByRole('alert')
      .getByText('Não aceito, e não será reenviado: é longo demais para enviar. Encurte as observações.')
      .waitFor();
  });
});
