import { request } from './api.js';
import type { UserView } from './contract.js';

export interface Session {
  terminalId: string;
  token: string;
  user: UserView;
}

const key = (terminalId: string) => `comanda.session.${terminalId}`;

/** The session of this terminal kept across reloads, or null. */
export function loadSession(terminalId: string): Session | null {
  try {
    const raw = localStorage.getItem(key(terminalId));
    const s = raw ? (JSON.parse(raw) as Partial<Session>) : null;
    return s && typeof s.token === 'string' && s.user && s.terminalId === terminalId ? (s as Session) : null;
  } catch {
    return null;
  }
}

export function forgetSession(terminalId: string): void {
  localStorage.removeItem(key(terminalId));
}

/** PIN login on a terminal (POST /api/auth/pin); the session is kept in localStorage. */
export async function login(terminalId: string, pin: string): Promise<Session> {
  const answer = await request<{ token: string; user: UserView }>('POST', '/api/auth/pin', null, { terminalId, pin });
  const session: Session = { terminalId, token: answer.token, user: answer.user };
  localStorage.setItem(key(terminalId), JSON.stringify(session));
  return session;
}

/** A query parameter of the page, or the fallback. */
export function param(name: string, fallback: string): string {
  const value = new URLSearchParams(location.search).get(name);
  return value && /^[a-z0-9-]{1,40}$/i.test(value) ? value : fallback;
}
