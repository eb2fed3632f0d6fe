import { describe, expect, it } from 'vitest';
import { kilos } from './weight.js';

describe('a weight as it reads', () => {
  it('is kilograms with three decimals, in the figures of the locale', () => {
    expect(kilos(482, 'pt-BR')).toBe('0,482 kg');
    expect(kilos(482, 'en')).toBe('0.482 kg');
    expect(kilos(1250, 'pt-BR')).toBe('1,250 kg');
    expect(kilos(7, 'pt-BR')).toBe('0,007 kg');
    expect(kilos(12_345, 'en')).toBe('12.345 kg');
  });
});
