/** What a kitchen screen works out from its tickets: timers, all-day counts, start hints. */
import type { Ticket, TicketItem } from '../lib/contract.js';

export type Timing = 'on-time' | 'close' | 'late';

/** How far a ticket is against its longest preparation time: late past it, close past 75 %. */
export function timingOf(ticket: Ticket, now: number): { ageSeconds: number; timing: Timing } {
  const ageSeconds = Math.max(0, (now - Date.parse(ticket.firedAt)) / 1000);
  const target = Math.max(0, ...ticket.items.filter((i) => !i.voided).map((i) => i.prepSeconds));
  const timing: Timing = target === 0 || ageSeconds < target * 0.75 ? 'on-time' : ageSeconds < target ? 'close' : 'late';
  return { ageSeconds, timing: target === 0 ? 'on-time' : timing };
}

/** How long "start now" stays on an item whose start was held back. */
const START_NOW_SECONDS = 120;

/**
 * Cook-time sync, from the server's startAt: seconds until the cook should start the item, or null
 * when there is nothing to say (it started with the ticket, or its start is well past).
 */
export function startInSeconds(item: TicketItem, now: number): number | null {
  if (!item.startDelaySeconds) return null;
  const seconds = (Date.parse(item.startAt) - now) / 1000;
  return seconds < -START_NOW_SECONDS ? null : seconds;
}

/** How many of each item are open on the station, most first. */
export function allDay(tickets: Ticket[]): { name: string; quantity: number }[] {
  const counts = new Map<string, number>();
  for (const ticket of tickets) {
    for (const item of ticket.items) if (!item.voided) counts.set(item.name, (counts.get(item.name) ?? 0) + item.quantity);
  }
  return [...counts]
    .map(([name, quantity]) => ({ name, quantity }))
    .sort((a, b) => b.quantity - a.quantity || a.name.localeCompare(b.name));
}

/** Oldest first; on the same second, the one the station got first. */
export function byAge(a: Ticket, b: Ticket): number {
  return Date.parse(a.firedAt) - Date.parse(b.firedAt) || a.version - b.version;
}
