import type { ActorKind } from '../../shared/runtime/actor-kind.js';
import {
  TERMINAL_FACTS,
  terminalMachine,
  terminalRefusals,
  type TerminalCommand,
  type TerminalContext,
  type TerminalFact,
} from './terminal.machine.js';
import { projectTerminal, terminalState, terminalView } from './terminal.projection.js';

export const terminalKind: ActorKind<TerminalContext, TerminalCommand, TerminalFact> = {
  type: 'terminal',
  machine: terminalMachine,
  refusals: terminalRefusals,
  facts: TERMINAL_FACTS,
  bornBy: 'INSTALL',
  unknown: { type: 'UNKNOWN_TERMINAL', message: (id) => `No terminal has the id ${id}.` },
  stateName: (snapshot) => (snapshot.matches('NEW') ? 'not installed' : terminalState(snapshot)),
  view: (id, version, snapshot) => terminalView(id, version, snapshot),
  views: ['terminal'],
  project: projectTerminal,
  // Presence is device bookkeeping that would bury the audit log in blinks, and the rest repeats what it has:
  // sessions are audited by their own notes (SessionStarted, SessionEnded), drawers by their own facts.
  unaudited: TERMINAL_FACTS,
  // A terminal tells no other actor anything: sessions and drawers tell it.
  react: () => [],
};
