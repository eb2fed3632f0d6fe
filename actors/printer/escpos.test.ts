import { describe, expect, it } from 'vitest';
import type { TicketView } from '../../shared/contract/index.js';
import { decodeEscPos, textOf } from '../../simulators/printer/escpos-decoder.js';
import { chitBytes, isStatusReply, printerStatus } from './escpos.js';

const ticket: TicketView = {
  id: 't-1',
  stationId: 'grill',
  orderId: '00000000-0000-4000-8000-000000000001',
  orderNumber: 42,
  table: 7,
  status: 'OPEN',
  version: 3,
  firedAt: '2026-12-01T15:00:00.000Z',
  acks: [],
  unacknowledged: false,
  items: [
    {
      itemId: 'i-1',

      name: 'Picanha na brasa',
      quantity: 2,
      notes: 'sem cebola, ao ponto',
      course: 1,
      prepSeconds: 900,
      startDelaySeconds: 0,
      startAt: '2026-12-01T15:00:00.000Z',
      voided: false,
    },
    {
      itemId: 'i-2',

      name: 'Coração de frango',
      quantity: 1,
      notes: '',
      course: 1,
      prepSeconds: 600,
      startDelaySeconds: 300,
      startAt: '2026-12-01T15:05:00.000Z',
      voided: false,
    },
    {
      itemId: 'i-3',

      name: 'Pudim de leite condensado',
      quantity: 1,
      notes: 'maçã à parte, limão',
      course: 2,
      prepSeconds: 60,
      startDelaySeconds: 840,
      startAt: '2026-12-01T15:14:00.000Z',
      voided: false,
    },
  ],
};

describe('the printer status replies (DLE EOT n)', () => {
  it('read online, paper near end, paper out, cover open and error as the manual sets the bits', () => {
    expect(printerStatus({ printer: 0x12, paper: 0x12 })).toBe('ONLINE');
    expect(printerStatus({ printer: 0x12, paper: 0x1e })).toBe('PAPER_NEAR_END');
    expect(printerStatus({ printer: 0x12, paper: 0x72 })).toBe('PAPER_OUT');
    expect(printerStatus({ printer: 0x1a, offlineCause: 0x32 })).toBe('PAPER_OUT');
    expect(printerStatus({ printer: 0x1a, offlineCause: 0x16 })).toBe('COVER_OPEN');
    expect(printerStatus({ printer: 0x1a, offlineCause: 0x52 })).toBe('ERROR');
    expect(printerStatus({ printer: 0x1a, offlineCause: 0x12 })).toBe('OFFLINE');
  });

  it('tell a reply from a stray byte by its fixed bits', () => {
    expect(isStatusReply(0x12)).toBe(true);
    expect(isStatusReply(0x1a)).toBe(true);
    expect(isStatusReply(0x41)).toBe(false);
    expect(isStatusReply(0x92)).toBe(false);
  });
});

describe('a kitchen chit', () => {
  it('decodes, in code page 860, to its lines with the accents right: table and order double, notes inverted', () => {
    const job = decodeEscPos(
      chitBytes(ticket, { stationName: 'Grelha', locale: 'pt-BR', timeZone: 'America/Sao_Paulo', reprint: false }),
    );
    expect(job.codePages).toContain(3);
    expect(job.cut).toBe(true);
    const lines = textOf(job);
    expect(lines.filter((l) => !/^─+$/.test(l))).toEqual([
      'GRELHA',
      'Mesa 7',
      'Pedido 42',
      'Disparado 12:00',
      'Curso 1',
      '2x Picanha na brasa',
      '  sem cebola, ao ponto',
      '  começar já (12:00)',
      '1x Coração de frango',
      '  começar em 5 min (12:05)',
      'Curso 2',
      '1x Pudim de leite condensado',
      '  maçã à parte, limão',
      '  começar em 14 min (12:14)',
    ]);
    const line = (text: string) => job.lines.find((l) => l.text.trim() === text)!;
    expect(line('Mesa 7').double).toBe(true);
    expect(line('Pedido 42').double).toBe(true);
    expect(line('sem cebola, ao ponto').inverted).toBe(true);
    expect(line('2x Picanha na brasa')).toMatchObject({ bold: true, double: false });
  });

  it('says REPRINT at its head when it may have printed already', () => {
    const job = decodeEscPos(chitBytes(ticket, { stationName: 'Grelha', locale: 'pt-BR', reprint: true }));
    expect(job.lines[0]).toMatchObject({ text: expect.stringContaining('REIMPRESSÃO') as unknown, inverted: true });
    const en = decodeEscPos(chitBytes(ticket, { stationName: 'Grill', locale: 'en', reprint: true }));
    expect(textOf(en).slice(0, 3)).toEqual(['*** REPRINT ***', 'GRILL', 'Table 7']);
  });
});
