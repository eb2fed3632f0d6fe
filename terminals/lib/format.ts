import { kilos } from './contract.js';
import { getLang, t } from './i18n.js';
import { settings } from './settings.js';

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Integer cents as money, in the restaurant's currency (BRL unless /api/settings says otherwise). */
export function money(cents: number): string {
  const key = `${getLang()}|${settings().currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(getLang(), { style: 'currency', currency: settings().currency });
    moneyFormats.set(key, format);
  }
  return format.format(cents / 100);
}

/** A weight in the screen's language, as the paper prints it too: 482 g → "0.482 kg". */
export const weight = (grams: number): string => kilos(grams, getLang());

/** How much of a line: a weighed item's weight ("0.482 kg Buffet por quilo"), else how many ("2× Picanha"). */
export const howMuch = (item: { quantity: number; grams?: number }): string =>
  item.grams !== undefined ? weight(item.grams) : `${item.quantity}×`;

/** A price per kilogram: "R$79.90/kg". */
export const perKg = (cents: number): string => t('perKg', { price: money(cents) });

/**
 * What a weighed line was priced at, as the scale's label reads: "0.482 kg × R$79.90/kg"; null for a line by the
 * unit, or weighed before its price per kilo was kept.
 */
export const weighedAt = ({ grams, pricePerKgCents }: { grams?: number; pricePerKgCents?: number }): string | null =>
  grams !== undefined && pricePerKgCents !== undefined ? `${weight(grams)} × ${perKg(pricePerKgCents)}` : null;

/** A clock-style duration: 4:05, 1:02:03; negative shows as -0:12, but never as "-0:00". */
export function clock(seconds: number): string {
  const s = Math.floor(Math.abs(seconds));
  const sign = seconds < 0 && s > 0 ? '-' : '';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${sign}${h}:${String(m).padStart(2, '0')}:${ss}` : `${sign}${m}:${ss}`;
}

/** A latency: 0.4 s, 12 s; from a minute on, 3:40. */
export function latency(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  if (seconds >= 60) return clock(seconds);
  const n = new Intl.NumberFormat(getLang(), { maximumFractionDigits: seconds < 10 ? 1 : 0 }).format(seconds);
  return `${n} s`;
}

/** Time of day on the restaurant's clock, e.g. 19:42. */
export function timeOfDay(ms: number): string {
  return new Intl.DateTimeFormat(getLang(), { hour: '2-digit', minute: '2-digit' }).format(ms);
}
