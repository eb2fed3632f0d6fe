/** Money as a person types it, in the separators of the language money is shown in. No DOM: unit-tested in Node. */

/** The decimal and grouping separators `Intl` uses for a locale (pt-BR: "," and "."; en: "." and ","). */
export function separators(locale: string): { decimal: string; group: string } {
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
  return {
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    group: parts.find((p) => p.type === 'group')?.value ?? ',',
  };
}

/**
 * Integer cents from what was typed ("50", "50,00", "R$ 1.234,56" in pt-BR; "1,234.56" in en), or null when it is
 * not an amount. The locale's decimal separator is the decimal point; the other one is read as a decimal point too
 * when one or two digits follow it at the end ("12.50" typed on a Brazilian tablet), else as grouping.
 */
export function parseMoney(text: string, locale: string): number | null {
  const { decimal, group } = separators(locale);
  // The currency's symbol or code, and spaces (Intl puts a no-break space in "R$ 10,00").
  const bare = text.replace(/[^\d.,-]/g, '');
  if (!/\d/.test(bare) || bare.includes('-')) return null;
  let whole = bare;
  let fraction = '';
  const lastDecimal = bare.lastIndexOf(decimal);
  const lastOther = bare.lastIndexOf(group);
  if (lastDecimal >= 0) {
    whole = bare.slice(0, lastDecimal);
    fraction = bare.slice(lastDecimal + 1);
    if (whole.includes(decimal)) return null;
  } else if (lastOther >= 0 && /^\d{1,2}$/.test(bare.slice(lastOther + 1)) && bare.indexOf(group) === lastOther) {
    whole = bare.slice(0, lastOther);
    fraction = bare.slice(lastOther + 1);
  }
  if (!/^\d{0,2}$/.test(fraction)) return null;
  const groups = whole.split(/[.,]/);
  // Grouping, where used, is in threes: "1.2.3" is a typo, not an amount.
  if (groups.length > 1 && groups.slice(1).some((g) => g.length !== 3)) return null;
  const digits = groups.join('');
  if (digits === '' && fraction === '') return null;
  const cents = Number(digits || '0') * 100 + Number(fraction.padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : null;
}
