import { TOPICS, type Role } from '../shared/contract/index.js';
import type { Topic } from '../shared/runtime/registry.js';
import type { Session } from './sessions.js';

/** The gateway's own topic: alerts for the managers (a PIN sweep). */
export const GATEWAY_TOPICS: Topic[] = [{ family: TOPICS.alerts, followers: ['MANAGER'] }];

/** The topic a name is (`station:grill` is the station family's), or null when no kind offers it. */
export function topicOf(topics: readonly Topic[], name: string): Topic | null {
  const [family, id] = name.includes(':') ? name.split(':', 2) : [name, undefined];
  const topic = topics.find((t) => t.family === family);
  if (!topic || (topic.id ? id === undefined || !topic.id.test(id) : id !== undefined)) return null;
  return topic;
}

/** What a customer display may follow besides its POS's terminal topic, whoever paired it. */
const CUSTOMER_TOPICS = new Set<string>([TOPICS.day, TOPICS.menu]);

/** Roles that may act for another terminal than their session's (e.g. open an order for a POS from mgr-1). */
export const ACTS_FOR_OTHER_TERMINALS: readonly Role[] = ['MANAGER'];

/** Why this session may not follow the topic (one `topicOf` found), or null when it may. */
export function subscribeRefusal(session: Session, topic: string, { followers }: Topic): string | null {
  const [family, id] = topic.includes(':') ? topic.split(':', 2) : [topic, null];
  if (session.kind === 'CUSTOMER') {
    const paired = session.pairedWith && topic === TOPICS.terminal(session.pairedWith);
    return paired || CUSTOMER_TOPICS.has(topic)
      ? null
      : `A customer display follows only ${session.pairedWith ? TOPICS.terminal(session.pairedWith) : 'its POS'}, day and menu.`;
  }
  if (family === 'terminal' && id === session.terminalId) return null;
  return followers.includes(session.role)
    ? null
    : `A ${session.role.toLowerCase()} may not follow ${topic}; it takes ${followers.join(' or ').toLowerCase() || 'nobody'}.`;
}

/** Why this session may not ack the station's tickets, or null: only a kitchen screen that serves it. */
export function ackRefusal(session: Session, stationId: string): string | null {
  if (session.kind === 'KDS' && session.station === stationId) return null;
  return session.kind === 'KDS'
    ? `This kitchen screen serves ${session.station ?? 'no station'}, not ${stationId}: its acks do not count there.`
    : 'Only a kitchen screen of the station acknowledges its tickets.';
}

/**
 * What a customer display may call over HTTP: only reads of its POS's orders at their tables, open or paid and
 * not yet closed (and its own lock). A read by id is allowed for an order of that POS only, which only the answer
 * tells: `ownOrder` asks for that check.
 */
export function customerCall(
  session: Session,
  route: string,
  params: Record<string, unknown>,
): { refusal: string | null; ownOrder?: boolean } {
  const pos = session.pairedWith;
  const refusal = `A customer display reads only the open and paid orders of ${pos ?? 'its POS'}, and writes nothing.`;
  switch (route) {
    case 'POST /auth/lock':
      return { refusal: null };
    case 'GET /orders':
      return {
        refusal:
          pos && params.terminalId === pos && (params.status === 'OPEN' || params.status === 'PAID') && params.table === undefined
            ? null
            : refusal,
      };
    case 'GET /orders/:orderId':
      return pos ? { refusal: null, ownOrder: true } : { refusal };
    default:
      return { refusal };
  }
}
