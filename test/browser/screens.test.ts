import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderView, TicketView } from '../../shared/contract/index.js';
import { ApiClient, startTestNode, type TestNode } from '../harness.js';
import { DIST, ensureBuilt, launchChromium, logIn, screenshot } from './support.js';

describe('a table from the POS to the grill and back, in Chromium', () => {
  let node: TestNode;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function open(url: string, viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'en-US' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`page error on ${url}:`, error));
    await page.goto(`${node.baseUrl}${url}`);
    return page;
  }

  beforeAll(async () => {
    await ensureBuilt();
    node = await startTestNode({ screensDir: DIST, ackTimeoutSeconds: 3 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await node?.stop();
  });

  it('rings two stations and a held course, the grill draws it live, the POS sees it received, a bump bar makes it ready, course 2 fires', async () => {
    const kds = await open('/kds/?station=grill', { width: 1920, height: 1080 });
    await logIn(kds, '3333');
    await kds.getByText('No open tickets').waitFor();

    const pos = await open('/pos/?terminal=pos-1', { width: 1024, height: 768 });
    await logIn(pos, '1111');
    await pos.getByText('Wagner').waitFor();
    await pos.getByRole('button', { name: 'Table 5, free' }).click();
    await pos.getByRole('textbox', { name: 'Notes for the next item' }).fill('ao ponto');
    await pos.getByRole('button', { name: 'Picanha na brasa' }).click();
    await pos.getByRole('button', { name: 'Batata frita' }).click();
    await pos.getByRole('button', { name: 'Course 2' }).click();
    await pos.getByRole('button', { name: 'Salmão grelhado' }).click();
    await pos.getByRole('listitem').filter({ hasText: 'Salmão grelhado' }).getByText('new').waitFor();
    await pos.getByRole('button', { name: 'Send', exact: true }).click();

    // The grill's screen draws the ticket without a reload: course 1 only.
    const bump = kds.getByRole('button', { name: /^Bump order #\d+, Table 5$/ });
    await bump.waitFor();
    await kds.getByText('ao ponto').waitFor();
    expect(await kds.getByText('Salmão grelhado').count()).toBe(0);

    // The POS learns that the grill's screen received it, and how long that took.
    const picanha = pos.getByRole('listitem').filter({ hasText: 'Picanha na brasa' });
    await picanha.getByText(/Grill received in \d/).waitFor();
    await pos.getByRole('button', { name: 'Fire course 2' }).waitFor();
    await screenshot(pos, 'pos-1024x768-order');
    await screenshot(kds, 'kds-1920x1080');

    // A bump bar is a keyboard: 1 selects the first ticket, Enter bumps it.
    await kds.keyboard.press('1');
    await kds.keyboard.press('Enter');
    await picanha.getByText('ready', { exact: true }).waitFor();
    await kds.getByText('No open tickets').waitFor();

    // Fire course 2: the held salmon reaches the grill.
    await pos.getByRole('button', { name: 'Fire course 2' }).click();
    await kds.locator('kds-ticket').getByText('Salmão grelhado', { exact: true }).waitFor();
    await pos
      .getByRole('listitem')
      .filter({ hasText: 'Salmão grelhado' })
      .getByText(/Grill received in/)
      .waitFor();

    // Backspace recalls the last bumped ticket.
    await kds.keyboard.press('Backspace');
    await kds.locator('kds-ticket').getByText('ao ponto').waitFor();

    const cook = await ApiClient.login(node.baseUrl, 'kds-fryer', '3333');
    const grill = await cook.get<{ tickets: TicketView[] }>('/api/stations/grill/tickets');
    expect(grill.body.tickets.flatMap((t) => t.items.map((i) => i.name)).sort()).toEqual(['Picanha na brasa', 'Salmão grelhado']);
    expect(grill.body.tickets.every((t) => t.acks.some((a) => a.terminalId === 'kds-grill'))).toBe(true);
    const orders = await cook.get<{ orders: OrderView[] }>('/api/orders?status=OPEN&table=5');
    expect(orders.body.orders).toHaveLength(1);
    expect(orders.body.orders[0]!.items.map((i) => [i.name, i.course, i.notes])).toEqual([
      ['Picanha na brasa', 1, 'ao ponto'],
      ['Batata frita', 1, ''],
      ['Salmão grelhado', 2, ''],
    ]);
    void randomUUID;
  });
});
