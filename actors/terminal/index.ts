import { BUS_EVENTS, TOPICS, type TerminalView } from '../../shared/contract/index.js';
import type { KindModule } from '../../shared/runtime/registry.js';
import { terminalService } from './terminal.service.js';
import { terminalRoutes } from './terminal.routes.js';

/** Terminals: the restaurant's devices and whether they are online. */
export const terminal: KindModule = {
  name: 'terminals',
  topics: [
    // Besides managers, a terminal's own sockets and the customer display paired with it (gateway/access.ts).
    { family: 'terminal', id: /^[a-z0-9-]{1,40}$/, followers: ['MANAGER'] },
    { family: TOPICS.terminals, followers: ['MANAGER'] },
  ],
  routes: terminalRoutes,
  service: terminalService,
  fanOut: [
    {
      event: BUS_EVENTS.terminalUpdated,
      socketEvent: 'terminal',
      rooms: (view: TerminalView) => [TOPICS.terminals, TOPICS.terminal(view.id)],
    },
  ],
};
