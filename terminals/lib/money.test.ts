import { describe, expect, it } from 'vitest';
import { parseMoney } from './money.js';

describe('parseMoney', () => {
  it('reads amounts as a Brazilian cashier types them', () => {
    expect(parseMoney('50', 'pt-BR')).toBe(5000);
    expect(parseMoney('50,5', 'pt-BR')).toBe(5050);
    expect(parseMoney('50,05', 'pt-BR')).toBe(5005);
    expect(parseMoney('R$ 1.234,56', 'pt-BR')).toBe(123456);
    expect(parseMoney('R$\u00a0250,00', 'pt-BR')).toBe(25000);
    expect(parseMoney(',99', 'pt-BR')).toBe(99);
  });

  it('reads a point followed by cents as the decimal point on a Brazilian tablet, and by thousands as grouping', () => {
    expect(parseMoney('12.50', 'pt-BR')).toBe(1250);
    expect(parseMoney('1.500', 'pt-BR')).toBe(150000);
  });

  it('reads English amounts', () => {
    expect(parseMoney('R$1,234.56', 'en')).toBe(123456);
    expect(parseMoney('250.00', 'en')).toBe(25000);
    expect(parseMoney('1,500', 'en')).toBe(150000);
    expect(parseMoney('7,5', 'en')).toBe(750);
  });

  it('refuses what is no amount', () => {
    for (const text of ['', 'R$', 'abc', '-10', '10,001', '1,2,3', '1.2.3', '10,00,00', '1.23,4.5'])
      expect(parseMoney(text, 'pt-BR'), text).toBeNull();
  });

  it('keeps amounts integer cents', () => {
    expect(parseMoney('0,10', 'pt-BR')).toBe(10);
    expect(parseMoney('19,99', 'pt-BR')).toBe(1999);
    expect(Number.isInteger(parseMoney('1.000.000,01', 'pt-BR'))).toBe(true);
  });
});
