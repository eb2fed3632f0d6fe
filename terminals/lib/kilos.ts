/** A weight as a person types it when the scale cannot weigh: kilos, as the scale and the paper show them. No DOM. */

/**
 * Grams from kilos typed ("0,350", "0.35 kg", "2"), the decimal point a comma or a point whatever the language
 * (no one groups thousands of kilos), up to three decimals; null when it is no weight, or nothing.
 */
export function parseKilos(text: string): number | null {
  const bare = text.replace(/\s|kg$/gi, '');
  const match = /^(\d*)(?:[.,](\d{0,3}))?$/.exec(bare);
  if (!match || (match[1] === '' && !match[2])) return null;
  const grams = Number(match[1] || '0') * 1000 + Number((match[2] ?? '').padEnd(3, '0'));
  return grams > 0 && Number.isSafeInteger(grams) ? grams : null;
}
