import type { TerminalState, TerminalView } from '../../shared/contract/index.js';
import type { ViewRow } from '../../shared/db/event-store.js';
import type { Snapshot } from '../../shared/runtime/decider.js';
import type { TerminalContext } from './terminal.machine.js';

/** The contract's state: OFFLINE while not online, else IN_USE while a session is open on it, LOCKED when none is. */
export function terminalState(snapshot: Snapshot<TerminalContext>): TerminalState {
  if (snapshot.matches({ INSTALLED: 'OFFLINE' })) return 'OFFLINE';
  return snapshot.context.sessions.length > 0 ? 'IN_USE' : 'LOCKED';
}

/** The terminal view of the contract (v2); a terminal is installed before anything else reaches it. */
export function terminalView(id: string, version: number, snapshot: Snapshot<TerminalContext>): TerminalView {
  const { kind, pairedWith, lastSeenAt, sessions, drawerId } = snapshot.context;
  const state = terminalState(snapshot);
  const userId = sessions.at(-1)?.userId;
  return {
    id,
    kind: kind!,
    state,
    online: state !== 'OFFLINE',
    ...(userId ? { userId } : {}),
    ...(drawerId ? { drawerId } : {}),
    lastSeenAt,
    ...(pairedWith ? { pairedWith } : {}),
    version,
  };
}

/** Read model: one `terminal` row per terminal, its whole view at the latest version. */
export function projectTerminal(id: string, version: number, snapshot: Snapshot<TerminalContext>): ViewRow[] {
  return [{ kind: 'terminal', id, version, data: terminalView(id, version, snapshot) }];
}
