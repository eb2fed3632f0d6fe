import { describe, expect, it } from 'vitest';
import { WEIGHING_KEPT_MS, WEIGHINGS_KEPT, Weighings } from './weighings.js';

describe('the weighings a scale answered', () => {
  it('rings grams the scale answered, once, however often it answered them while the plate sat there', () => {
    const weighings = new Weighings();
    for (const now of [0, 400, 800]) weighings.answered('scale-1', 482, now);
    expect(weighings.ring('scale-1', 482, 'ring-1', 1000)).toBe(true);
    expect(weighings.ring('scale-1', 482, 'ring-2', 1100)).toBe(false);
    // The same command sent again (its answer lost) still rings.
    expect(weighings.ring('scale-1', 482, 'ring-1', 1200)).toBe(true);
  });

  it('refuses grams it did not answer, or another scale answered', () => {
    const weighings = new Weighings();
    weighings.answered('scale-1', 482, 0);
    expect(weighings.ring('scale-1', 1, 'ring-1', 10)).toBe(false);
    expect(weighings.ring('scale-2', 482, 'ring-1', 10)).toBe(false);
  });

  it('rings a plate weighed again after it was rung, as another weighing', () => {
    const weighings = new Weighings();
    weighings.answered('scale-1', 482, 0);
    expect(weighings.ring('scale-1', 482, 'ring-1', 10)).toBe(true);
    weighings.answered('scale-1', 482, 20);
    expect(weighings.ring('scale-1', 482, 'ring-2', 30)).toBe(true);
  });

  it('keeps a weighing for a while after its last answer, and the last few only', () => {
    const weighings = new Weighings();
    weighings.answered('scale-1', 482, 0);
    expect(weighings.ring('scale-1', 482, 'ring-1', WEIGHING_KEPT_MS + 1)).toBe(false);
    for (let grams = 100; grams <= 100 + WEIGHINGS_KEPT; grams++) weighings.answered('scale-1', grams, 0);
    expect(weighings.ring('scale-1', 100, 'ring-2', 1)).toBe(false);
    expect(weighings.ring('scale-1', 101, 'ring-3', 1)).toBe(true);
  });

  it('forgets what a scale read once it is taken out or moved', () => {
    const weighings = new Weighings();
    weighings.answered('scale-1', 482, 0);
    weighings.forget('scale-1');
    expect(weighings.ring('scale-1', 482, 'ring-1', 1)).toBe(false);
  });
});
