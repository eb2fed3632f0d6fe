import { describe, expect, it } from 'vitest';
import { pixBrCode, type PixCharge } from './pix-br-code.js';

/** CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR), bit by bit: our own, not the library's. */
function crc16CcittFalse(text: string): number {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');

/** The payload's TLV fields (two-digit id, two-digit length, value), in order. */
function fields(payload: string): [string, string][] {
  const out: [string, string][] = [];
  for (let at = 0; at < payload.length;) {
    const id = payload.slice(at, at + 2);
    const length = Number(payload.slice(at + 2, at + 4));
    out.push([id, payload.slice(at + 4, at + 4 + length)]);
    at += 4 + length;
  }
  return out;
}
const field = (payload: string, id: string) => fields(payload).find(([f]) => f === id)?.[1];

/** The last four hex digits are the CRC of everything before them, "6304" included. */
const crcHolds = (payload: string) => payload.slice(-4) === hex4(crc16CcittFalse(payload.slice(0, -4)));

const charge: PixCharge = {
  txid: 'CMDo7p3x9k2m4q8r1s5t6u0v',
  amountCents: 12345,
  merchantName: 'Churrascaria Comanda',
  merchantCity: 'São Paulo',
  pixKey: 'pix@comanda.example',
};

describe('our CRC-16/CCITT-FALSE', () => {
  it('gives the check value of "123456789", 0x29B1', () => {
    expect(crc16CcittFalse('123456789')).toBe(0x29b1);
  });

  it("gives the CRC of the BR Code manual's example payload, 1D3D", () => {
    const example =
      '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';
    expect(crcHolds(example)).toBe(true);
  });
});

describe('the PIX "copia e cola" payload of a charge', () => {
  it('ends with the CRC of everything before it', () => {
    const payload = pixBrCode(charge);
    expect(payload.slice(-8, -4)).toBe('6304');
    expect(crcHolds(payload)).toBe(true);
  });

  it('holds the merchant-presented fields: single use, the key, BRL, the amount, the name, the city and the txid', () => {
    const payload = pixBrCode(charge);
    expect(fields(payload).map(([id]) => id)).toEqual(['00', '01', '26', '52', '53', '54', '58', '59', '60', '62', '63']);
    expect(field(payload, '00')).toBe('01');
    expect(field(payload, '01')).toBe('12');
    expect(fields(field(payload, '26')!)).toEqual([
      ['00', 'br.gov.bcb.pix'],
      ['01', 'pix@comanda.example'],
    ]);
    expect(field(payload, '52')).toBe('0000');
    expect(field(payload, '53')).toBe('986');
    expect(field(payload, '54')).toBe('123.45');
    expect(field(payload, '58')).toBe('BR');
    // Accents dropped and upper case, as bank apps expect.
    expect(field(payload, '59')).toBe('CHURRASCARIA COMANDA');
    expect(field(payload, '60')).toBe('SAO PAULO');
    expect(fields(field(payload, '62')!)).toEqual([['05', charge.txid]]);
  });

  it('writes the amount from cents exactly', () => {
    for (const [cents, amount] of [
      [1, '0.01'],
      [10, '0.10'],
      [100, '1.00'],
      [2999, '29.99'],
      [99_999_999, '999999.99'],
    ] as const) {
      const payload = pixBrCode({ ...charge, amountCents: cents });
      expect(field(payload, '54')).toBe(amount);
      expect(crcHolds(payload)).toBe(true);
    }
  });

  it('differs by txid, so each charge has a code of its own', () => {
    expect(pixBrCode(charge)).not.toBe(pixBrCode({ ...charge, txid: 'CMDother1' }));
  });

  it('refuses what no bank would read: a txid that is not 1 to 25 letters or digits, an amount not in whole cents above 0, a long name or city, no key', () => {
    for (const bad of [
      { txid: '' },
      { txid: 'a'.repeat(26) },
      { txid: 'with-hyphen' },
      { amountCents: 0 },
      { amountCents: 12.5 },
      { merchantName: 'A restaurant whose name is too long' },
      { merchantCity: 'Santo Antônio de Pádua' },
      { pixKey: '' },
    ]) {
      expect(() => pixBrCode({ ...charge, ...bad }), JSON.stringify(bad)).toThrow();
    }
  });
});
