/** How a weight reads to the restaurant's people: the screens and the paper all show it through `kilos`. */

const formats = new Map<string, Intl.NumberFormat>();

/** Grams as kilograms with three decimals, in the locale's figures: 482 → "0,482 kg" (pt-BR), "0.482 kg" (en). */
export function kilos(grams: number, locale: string): string {
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: 'kilogram',
      minimumFractionDigits: 3,
      maximumFractionDigits: 3,
    });
    formats.set(locale, format);
  }
  return format.format(grams / 1000);
}
