import type { Api } from './api.js';
import type { Settings } from './contract.js';

const KEY = 'comanda.settings';
const DEFAULTS: Settings = { currency: 'BRL', locale: 'pt-BR', ackTimeoutSeconds: 5, serverTime: new Date(0).toISOString() };

let current: Settings = readCached();
/** Server clock minus this device's clock, in ms. Timers run on the server's time. */
let offsetMs = 0;

function readCached(): Settings {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? { ...DEFAULTS, ...(JSON.parse(raw) as Partial<Settings>) } : DEFAULTS;
  } catch {
    return DEFAULTS;
  }
}

export function settings(): Settings {
  return current;
}

/** Now, on the server's clock. */
export function serverNow(): number {
  return Date.now() + offsetMs;
}

/**
 * GET /api/settings; the answer's serverTime, against the midpoint of the round trip, gives the
 * offset between this tablet's clock and the server's. Without the call (offline) the last settings stay.
 */
export async function loadSettings(api: Api): Promise<Settings> {
  const sent = Date.now();
  const answer = await api.get<Partial<Settings>>('/api/settings');
  const received = Date.now();
  current = { ...DEFAULTS, ...answer };
  const serverTime = typeof answer.serverTime === 'string' ? Date.parse(answer.serverTime) : NaN;
  if (Number.isFinite(serverTime)) offsetMs = serverTime - (sent + received) / 2;
  localStorage.setItem(KEY, JSON.stringify(current));
  return current;
}
