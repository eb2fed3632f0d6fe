import { BUS_EVENTS, TOPICS, type TerminalView } from '../../shared/contract/index.js';
import type { KindModule } from '../../shared/runtime/registry.js';
import { terminalService } from './terminal.service.js';

/** Terminals: the restaurant's devices and whether they are online. */
export const terminal: KindModule = {
  name: 'terminals',
  service: terminalService,
  fanOut: [
    {
      event: BUS_EVENTS.terminalUpdated,
      socketEvent: 'terminal',
      rooms: (view: TerminalView) => [TOPICS.terminals, TOPICS.terminal(view.id)],
    },
  ],
};
