import { describe, expect, it } from 'vitest';
import { parseKilos } from './kilos.js';

describe('parseKilos', () => {
  it('reads kilos as a waiter types them, with a comma or a point', () => {
    expect(parseKilos('0,350')).toBe(350);
    expect(parseKilos('0.35')).toBe(350);
    expect(parseKilos(',482')).toBe(482);
    expect(parseKilos('1,2 kg')).toBe(1200);
    expect(parseKilos('2')).toBe(2000);
    expect(parseKilos('0,')).toBeNull();
  });

  it('reads nothing that is no weight', () => {
    for (const text of ['', ',', '0', '0,000', '0,3501', '1.234,5', '-1', 'abc', '1,2,3']) expect(parseKilos(text)).toBeNull();
  });
});
