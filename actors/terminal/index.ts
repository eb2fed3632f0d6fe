import { BUS_EVENTS, TOPICS, type TerminalView } from '../../shared/contract/index.js';
import { listed, type KindModule } from '../../shared/runtime/registry.js';
import { terminalKind } from './terminal.kind.js';
import { terminalService } from './terminal.service.js';
import { terminalRoutes } from './terminal.routes.js';

/** Terminals: the restaurant's devices, online or not, locked or in use, and the drawer open at each. */
export const terminal: KindModule = {
  name: 'terminals',
  topics: [
    // Besides managers, a terminal's own sockets and the customer display paired with it (gateway/access.ts).
    { family: 'terminal', id: /^[a-z0-9-]{1,40}$/, followers: ['MANAGER'] },
    { family: TOPICS.terminals, followers: ['MANAGER'] },
  ],
  routes: terminalRoutes,
  service: terminalService,
  actor: listed(terminalKind),
  fanOut: [
    {
      event: BUS_EVENTS.terminalUpdated,
      socketEvent: 'terminal',
      rooms: (view: TerminalView) => [TOPICS.terminals, TOPICS.terminal(view.id)],
    },
  ],
};
