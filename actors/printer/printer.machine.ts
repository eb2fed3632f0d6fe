import { assign, emit, setup } from 'xstate';
import type { DeviceConfig, PrinterStatus } from '../../shared/contract/index.js';
import type { Refusals } from '../../shared/runtime/refusal.js';

export interface PrinterContext {
  /** Null only before it is first configured. */
  config: DeviceConfig | null;
  status: PrinterStatus;
  /** When the status last changed (or the device was configured); null before that. */
  statusAt: string | null;
}

/**
 * What a printer is told: its configuration by a manager (PUT and DELETE of /api/devices/:id), its status by
 * its driver, which reads the printer's own real-time status replies on the node that holds its port.
 */
export type PrinterCommand =
  | { type: 'CONFIGURE'; config: DeviceConfig; at: string }
  | { type: 'REMOVE'; at: string }
  | { type: 'REPORT_STATUS'; status: PrinterStatus; at: string };

/** What happened to a printer, in the past tense. */
export type PrinterFact =
  | { type: 'PrinterConfigured'; config: DeviceConfig; at: string }
  | { type: 'PrinterRemoved'; at: string }
  | { type: 'PrinterStatusChanged'; status: PrinterStatus; at: string };

export const PRINTER_FACTS = [
  'PrinterConfigured',
  'PrinterRemoved',
  'PrinterStatusChanged',
] as const satisfies readonly PrinterFact['type'][];

type PrinterEvent = PrinterCommand | PrinterFact;
type Ev<T extends PrinterEvent['type']> = Extract<PrinterEvent, { type: T }>;

/**
 * A printer: CONFIGURED (with the status its driver last read) or REMOVED, and configured again at will.
 * Commands (upper case) emit facts; facts (past tense) change the context and never refuse.
 */
export const printerMachine = setup({
  types: {
    context: {} as PrinterContext,
    events: {} as PrinterEvent,
    emitted: {} as PrinterFact,
  },
  guards: {
    statusChanged: ({ context, event }) => context.status !== (event as Ev<'REPORT_STATUS'>).status,
  },
  actions: {
    // Decisions: what a command makes happen.
    decideConfigure: emit(({ event }) => {
      const { config, at } = event as Ev<'CONFIGURE'>;
      return { type: 'PrinterConfigured' as const, config, at };
    }),
    decideRemove: emit(({ event }) => ({ type: 'PrinterRemoved' as const, at: event.at })),
    decideStatus: emit(({ event }) => {
      const { status, at } = event as Ev<'REPORT_STATUS'>;
      return { type: 'PrinterStatusChanged' as const, status, at };
    }),

    // Evolution: what a fact changes.
    configured: assign(({ context, event }) => ({
      config: (event as Ev<'PrinterConfigured'>).config,
      // A device configured again keeps what its driver last read; a new one is OFFLINE until its port answers.
      statusAt: context.statusAt ?? event.at,
    })),
    // Its port is closed once it is removed: nothing answers for it any more.
    removed: assign({ status: 'OFFLINE', statusAt: ({ event }) => event.at }),
    statusChanged: assign({
      status: ({ event }) => (event as Ev<'PrinterStatusChanged'>).status,
      statusAt: ({ event }) => event.at,
    }),
  },
}).createMachine({
  id: 'printer',
  context: { config: null, status: 'OFFLINE', statusAt: null },
  initial: 'NEW',
  states: {
    // Only CONFIGURE reaches it here (the kind is born by it).
    NEW: {
      on: {
        CONFIGURE: { actions: 'decideConfigure' },
        PrinterConfigured: { target: 'CONFIGURED', actions: 'configured' },
      },
    },
    CONFIGURED: {
      on: {
        CONFIGURE: { actions: 'decideConfigure' },
        REMOVE: { actions: 'decideRemove' },
        REPORT_STATUS: { guard: 'statusChanged', actions: 'decideStatus' },
        PrinterConfigured: { actions: 'configured' },
        PrinterRemoved: { target: 'REMOVED', actions: 'removed' },
        PrinterStatusChanged: { actions: 'statusChanged' },
      },
    },
    REMOVED: {
      on: {
        CONFIGURE: { actions: 'decideConfigure' },
        PrinterConfigured: { target: 'CONFIGURED', actions: 'configured' },
      },
    },
  },
});

export const printerRefusals: Refusals<PrinterContext, PrinterCommand> = {
  statusChanged: {
    type: 'INVALID_TRANSITION',
    message: (c) => `The printer is ${c.status} already.`,
  },
};
