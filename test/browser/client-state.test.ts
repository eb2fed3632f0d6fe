import { describe, expect, it } from 'vitest';
import { idFrom, type OrderView } from '../../shared/contract/index.js';
import type { OutboxEntry } from '../../terminals/lib/outbox.js';
import { demoProduct } from '../fixtures.js';
import { Coalesced, StreamMap, VersionedMap } from '../../terminals/lib/versions.js';
import { draftOf, tableStates } from '../../terminals/pos/pos-model.js';

// The screens' pure client logic, without a browser: versions, the POS's view of waiting commands.
const v = (id: string, version: number, extra: Record<string, unknown> = {}) => ({ id, version, ...extra });

describe('version bookkeeping', () => {
  it('drops older and equal versions and reports a gap in one entity', () => {
    const map = new VersionedMap<{ id: string; version: number }>();
    expect(map.apply(v('a', 1))).toBe('applied');
    expect(map.apply(v('a', 1))).toBe('stale');
    expect(map.apply(v('a', 2))).toBe('applied');
    expect(map.apply(v('a', 5))).toBe('gap');
    expect(map.get('a')?.version).toBe(5);
    expect(map.apply(v('a', 4))).toBe('stale');
  });

  it('keeps what arrived newer while a list was being fetched, and drops what the list no longer has', () => {
    const map = new VersionedMap<{ id: string; version: number }>();
    map.apply(v('gone', 3));
    map.beginFetch();
    map.apply(v('new', 1));
    map.apply(v('b', 7));
    map.endFetch([v('b', 6), v('c', 2)]);
    expect(map.values().map((x) => [x.id, x.version])).toEqual([
      ['b', 7],
      ['c', 2],
      ['new', 1],
    ]);
  });

  it('sees a gap in a station stream even when the missing version belongs to a ticket never seen', () => {
    const rail = new StreamMap<{ id: string; version: number }>();
    rail.endFetchAt([v('t1', 4)], 5);
    expect(rail.apply(v('t2', 6))).toBe('applied');
    expect(rail.apply(v('t1', 8))).toBe('gap');
    expect(rail.apply(v('t3', 7))).toBe('applied');
    expect(rail.lastVersion).toBe(8);
  });

  it('runs one fetch at a time and one more for the asks made meanwhile', async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    const fetcher = new Coalesced(async () => {
      runs++;
      await new Promise<void>((r) => (release = r));
    });
    const first = fetcher.request();
    void fetcher.request();
    void fetcher.request();
    release();
    await new Promise((r) => setTimeout(r, 0));
    release();
    await first;
    expect(runs).toBe(2);
  });
});

describe('the POS while commands wait', () => {
  const products = new Map(['picanha', 'pudim'].map((id) => [id, demoProduct(id)]));
  const entry = (kind: OutboxEntry['kind'], order: string, body: Record<string, unknown>): OutboxEntry => ({
    commandId: String(body.commandId ?? Math.random()),
    kind,
    path: '',
    order,
    body,
    token: 't',
    at: 0,
  });

  it('shows an order opened offline with its waiting lines, and Send fires course 1 before course 2', () => {
    const pending = [
      entry('open', 'new:x', { commandId: 'x', table: 4 }),
      entry('item', 'new:x', { productId: 'picanha', quantity: 2, course: 1 }),
      entry('item', 'new:x', { productId: 'pudim', quantity: 1, course: 2 }),
    ];
    const draft = draftOf('new:x', null, pending, products, () => undefined);
    expect(draft.table).toBe(4);
    expect(draft.lines.map((l) => [l.name, l.status, l.priceCents])).toEqual([
      ['Picanha na brasa', 'PENDING', 17980],
      ['Pudim de leite condensado', 'PENDING', 1690],
    ]);
    expect(draft.totalCents).toBe(19670);
    expect(draft.nextCourse).toBe(1);
    const sent = draftOf('new:x', null, [...pending, entry('send', 'new:x', { course: 1 })], products, () => undefined);
    expect(sent.nextCourse).toBe(2);
    expect(tableStates([3, 4], [], pending).map((t) => t.state)).toEqual(['free', 'open']);
  });

  it('shows an item once when the order brings it back before its command is answered', () => {
    const commandId = '5b0c1a52-9d0e-4f49-a0b6-6a3f7e1c2d11';
    const order = {
      id: 'o1',
      table: 4,
      items: [
        {
          id: idFrom(commandId, 'item'),
          name: 'Picanha na brasa',
          quantity: 1,
          notes: '',
          course: 1,
          status: 'NEW',
          priceCents: 8990,
          station: 'grill',
          ticketId: null,
        },
      ],
      tickets: [],
      totals: { totalCents: 8990 },
    } as unknown as OrderView;
    const pending = [
      entry('item', 'o1', { commandId, productId: 'picanha', quantity: 1 }),
      entry('item', 'o1', { commandId: 'still-waiting', productId: 'pudim', quantity: 1 }),
    ];
    const draft = draftOf('o1', order, pending, products, (ref) => ref);
    expect(draft.lines.map((l) => [l.name, l.status])).toEqual([
      ['Picanha na brasa', 'NEW'],
      ['Pudim de leite condensado', 'PENDING'],
    ]);
    expect(draft.totalCents).toBe(8990 + 1690);
  });

  it('shows an item whose void waits as voiding, and a voided new item no longer waits to be sent', () => {
    const item = (id: string, status: string) => ({
      id,
      name: id,
      quantity: 1,
      notes: '',
      course: 1,
      status,
      priceCents: 1000,
      station: 'grill',
      ticketId: null,
    });
    const order = {
      id: 'o1',
      table: 4,
      items: [item('kept', 'FIRED'), item('going', 'NEW')],
      tickets: [],
      totals: { totalCents: 2000 },
    } as unknown as OrderView;
    expect(draftOf('o1', order, [], products, (ref) => ref).nextCourse).toBe(1);
    const voiding = {
      ...entry('void', 'o1', { commandId: 'v1', reason: 'Rung by mistake' }),
      path: '/api/orders/{order}/items/going/void',
    };
    const draft = draftOf('o1', order, [voiding], products, (ref) => ref);
    expect(draft.lines.map((l) => [l.itemId, l.voiding])).toEqual([
      ['kept', false],
      ['going', true],
    ]);
    expect(draft.nextCourse).toBeNull();
  });

  it('counts a table by its most advanced open order', () => {
    const order = (table: number, kitchen: OrderView['kitchen']) => ({ status: 'OPEN', table, kitchen, number: 1 }) as OrderView;
    expect(tableStates([1, 2], [order(1, 'READY'), order(1, 'SENT'), order(2, 'NONE')], []).map((t) => t.state)).toEqual([
      'sent',
      'open',
    ]);
  });
});
