import { drawerSeenBy, ROLES, SOCKET_EVENTS, TOPICS, type DrawerView, type Role } from '../shared/contract/index.js';
import type { Session } from './sessions.js';

/** Who may follow each topic (Sockets v2), by its family: the part before `:`. */
export const SUBSCRIBERS: Record<string, readonly Role[]> = {
  [TOPICS.terminals]: ['MANAGER'],
  [TOPICS.alerts]: ['MANAGER'],
  // A cashier follows it too, and hears only its own drawer's (PUSHED_AS).
  [TOPICS.drawers]: ['MANAGER', 'CASHIER'],
  [TOPICS.day]: ROLES,
  [TOPICS.menu]: ROLES,
  station: ['KITCHEN', 'MANAGER', 'WAITER', 'CASHIER'],
  order: ['MANAGER', 'WAITER', 'CASHIER', 'KITCHEN'],
  [TOPICS.orders]: ['MANAGER', 'WAITER', 'CASHIER', 'KITCHEN'],
  // Besides these, a terminal's own sockets and the customer display paired with it.
  terminal: ['MANAGER'],
};

/** Who a socket is: the claims of its token. */
export interface Follower {
  sub: string;
  role: Role;
}

/**
 * Socket messages not every follower of their room may see whole: what each one is pushed, or null for
 * nothing. A manager sees every drawer; a cashier only the drawer it holds (or just closed), counted blind.
 */
export const PUSHED_AS: Record<string, (follower: Follower, view: never) => unknown> = {
  [SOCKET_EVENTS.drawer]: (follower: Follower, view: DrawerView) => {
    if (follower.role === 'MANAGER') return view;
    const holder = view.cashierId ?? (view.status === 'CLOSED' ? view.lastClose?.cashierId : undefined);
    return holder === follower.sub ? drawerSeenBy(view, follower.role) : null;
  },
};

/** What a customer display may follow besides its POS's terminal topic, whoever paired it. */
const CUSTOMER_TOPICS = new Set<string>([TOPICS.day, TOPICS.menu]);

/** Roles that may act for another terminal than their session's (e.g. open an order for a POS from mgr-1). */
export const ACTS_FOR_OTHER_TERMINALS: readonly Role[] = ['MANAGER'];

/** Why this session may not follow the topic, or null when it may. */
export function subscribeRefusal(session: Session, topic: string): string | null {
  const [family, id] = topic.includes(':') ? topic.split(':', 2) : [topic, null];
  if (session.kind === 'CUSTOMER') {
    const paired = session.pairedWith && topic === TOPICS.terminal(session.pairedWith);
    return paired || CUSTOMER_TOPICS.has(topic)
      ? null
      : `A customer display follows only ${session.pairedWith ? TOPICS.terminal(session.pairedWith) : 'its POS'}, day and menu.`;
  }
  if (family === 'terminal' && id === session.terminalId) return null;
  const roles = SUBSCRIBERS[family!] ?? [];
  return roles.includes(session.role)
    ? null
    : `A ${session.role.toLowerCase()} may not follow ${topic}; it takes ${roles.join(' or ').toLowerCase() || 'nobody'}.`;
}

/** Why this session may not ack the station's tickets, or null: only a kitchen screen that serves it. */
export function ackRefusal(session: Session, stationId: string): string | null {
  if (session.kind === 'KDS' && session.station === stationId) return null;
  return session.kind === 'KDS'
    ? `This kitchen screen serves ${session.station ?? 'no station'}, not ${stationId}: its acks do not count there.`
    : 'Only a kitchen screen of the station acknowledges its tickets.';
}

/**
 * What a customer display may call over HTTP: only reads of its POS's open orders (and its own lock). A read
 * by id is allowed for an order of that POS only, which only the answer tells: `ownOrder` asks for that check.
 */
export function customerCall(
  session: Session,
  route: string,
  params: Record<string, unknown>,
): { refusal: string | null; ownOrder?: boolean } {
  const pos = session.pairedWith;
  const refusal = `A customer display reads only the open orders of ${pos ?? 'its POS'}, and writes nothing.`;
  switch (route) {
    case 'POST /auth/lock':
      return { refusal: null };
    case 'GET /orders':
      return {
        refusal: pos && params.terminalId === pos && params.status === 'OPEN' && params.table === undefined ? null : refusal,
      };
    case 'GET /orders/:orderId':
      return pos ? { refusal: null, ownOrder: true } : { refusal };
    default:
      return { refusal };
  }
}
