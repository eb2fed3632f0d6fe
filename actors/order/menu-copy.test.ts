import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { demoProduct } from '../../test/fixtures.js';
import { MENU_REFRESH_MS, MenuCopy } from './menu-copy.js';

const picanha = demoProduct('picanha');

/** A menu to read from, whose answers the test holds back or fails, and a clock it moves. */
function setup() {
  const menu = { rows: [picanha], reads: 0, fail: false, hold: null as Promise<void> | null };
  let now = 0;
  const copy = new MenuCopy(
    async () => {
      menu.reads += 1;
      const rows = menu.rows;
      await menu.hold;
      if (menu.fail) throw new Error('menu unreachable');
      return rows;
    },
    () => new Date(now),
    pino({ level: 'silent' }),
  );
  return { menu, copy, later: (ms: number) => (now += ms) };
}

describe("the orders' copy of the menu", () => {
  it('reads the menu once, then answers from the copy', async () => {
    const { menu, copy } = setup();
    await Promise.all([copy.get(), copy.get()]);
    expect((await copy.get())?.get('picanha')).toEqual(picanha);
    expect(menu.reads).toBe(1);
  });

  it('takes a change at once', async () => {
    const { copy } = setup();
    await copy.get();
    copy.changed({ ...picanha, available: false });
    expect((await copy.get())?.get('picanha')?.available).toBe(false);
  });

  it('puts a change heard during a read over the rows that read got', async () => {
    const { menu, copy } = setup();
    let release = () => {};
    menu.hold = new Promise((r) => (release = r));
    const first = copy.get();
    copy.changed({ ...picanha, priceCents: 9490 });
    release();
    expect((await first)?.get('picanha')?.priceCents).toBe(9490);
  });

  it('answers null while the menu cannot be read and there is no copy, and reads again on the next use', async () => {
    const { menu, copy } = setup();
    menu.fail = true;
    expect(await copy.get()).toBeNull();
    menu.fail = false;
    expect((await copy.get())?.get('picanha')).toEqual(picanha);
  });

  it('reads again in the background when the copy is old, and keeps it when that read fails', async () => {
    const { menu, copy, later } = setup();
    await copy.get();
    menu.rows = [{ ...picanha, priceCents: 9990 }];
    later(MENU_REFRESH_MS + 1);
    menu.fail = true;
    expect((await copy.get())?.get('picanha')?.priceCents).toBe(8990);
    await new Promise((r) => setTimeout(r, 0));
    expect(menu.reads).toBe(2);
    menu.fail = false;
    expect((await copy.get())?.get('picanha')?.priceCents).toBe(8990);
    await new Promise((r) => setTimeout(r, 0));
    expect((await copy.get())?.get('picanha')?.priceCents).toBe(9990);
  });
});
