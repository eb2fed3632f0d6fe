import { assign, emit, setup } from 'xstate';
import type { DeviceConfig, DrawerSensor, PrinterStatus } from '../../shared/contract/index.js';
import type { Refusals } from '../../shared/runtime/refusal.js';

export interface PrinterContext {
  /** Null only before it is first configured. */
  config: DeviceConfig | null;
  status: PrinterStatus;
  /** When the status last changed (or the device was configured); null before that. */
  statusAt: string | null;
  /** The cash drawer on its kick connector, as its sensor reads; absent until it first read one open. */
  drawer?: DrawerSensor;
}

/**
 * What a printer is told: its configuration by a manager (PUT and DELETE of /api/devices/:id), its status by
 * its driver, which reads the printer's own real-time status replies on the node that holds its port.
 */
export type PrinterCommand =
  | { type: 'CONFIGURE'; config: DeviceConfig; at: string }
  | { type: 'REMOVE'; at: string }
  | { type: 'REPORT_STATUS'; status: PrinterStatus; at: string }
  /** Its driver read the drawer sensor change. */
  | { type: 'REPORT_DRAWER'; open: boolean; at: string }
  /** A while after the drawer opened: `leftOpenSeconds` is DRAWER_LEFT_OPEN_SECONDS as it is. */
  | { type: 'CHECK_DRAWER'; leftOpenSeconds: number; at: string };

/** What happened to a printer, in the past tense. */
export type PrinterFact =
  | { type: 'PrinterConfigured'; config: DeviceConfig; at: string }
  | { type: 'PrinterRemoved'; at: string }
  | { type: 'PrinterStatusChanged'; status: PrinterStatus; at: string }
  | { type: 'DrawerSensedOpen'; at: string }
  /** `leftOpenSince`: it had been left open since then, and its shutting ends that alert. */
  | { type: 'DrawerSensedShut'; leftOpenSince?: string; at: string }
  /** Open since `since`, longer than the restaurant allows: the manager is told until it is shut. */
  | { type: 'DrawerLeftOpen'; since: string; at: string };

export const PRINTER_FACTS = [
  'PrinterConfigured',
  'PrinterRemoved',
  'PrinterStatusChanged',
  'DrawerSensedOpen',
  'DrawerSensedShut',
  'DrawerLeftOpen',
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
    drawerChanged: ({ context, event }) => (context.drawer?.open ?? false) !== (event as Ev<'REPORT_DRAWER'>).open,
    drawerLeftOpenTooLong: ({ context, event }) => {
      const { leftOpenSeconds, at } = event as Ev<'CHECK_DRAWER'>;
      const drawer = context.drawer;
      return !!drawer?.open && !drawer.leftOpen && Date.parse(at) - Date.parse(drawer.since) >= leftOpenSeconds * 1000;
    },
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

    decideDrawer: emit(({ context, event }) => {
      const { open, at } = event as Ev<'REPORT_DRAWER'>;
      if (open) return { type: 'DrawerSensedOpen' as const, at };
      const { leftOpen, since } = context.drawer!;
      return { type: 'DrawerSensedShut' as const, ...(leftOpen ? { leftOpenSince: since } : {}), at };
    }),
    decideLeftOpen: emit(({ context, event }) => ({
      type: 'DrawerLeftOpen' as const,
      since: context.drawer!.since,
      at: event.at,
    })),

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
    drawerOpened: assign({ drawer: ({ event }) => ({ open: true, since: event.at, leftOpen: false }) }),
    drawerShut: assign({ drawer: ({ event }) => ({ open: false, since: event.at, leftOpen: false }) }),
    drawerLeftOpen: assign({ drawer: ({ context }) => ({ ...context.drawer!, leftOpen: true }) }),
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
        REPORT_DRAWER: { guard: 'drawerChanged', actions: 'decideDrawer' },
        CHECK_DRAWER: { guard: 'drawerLeftOpenTooLong', actions: 'decideLeftOpen' },
        PrinterConfigured: { actions: 'configured' },
        PrinterRemoved: { target: 'REMOVED', actions: 'removed' },
        PrinterStatusChanged: { actions: 'statusChanged' },
        DrawerSensedOpen: { actions: 'drawerOpened' },
        DrawerSensedShut: { actions: 'drawerShut' },
        DrawerLeftOpen: { actions: 'drawerLeftOpen' },
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
  drawerChanged: {
    type: 'INVALID_TRANSITION',
    message: (c) => `The drawer is ${c.drawer?.open ? 'open' : 'shut'} already.`,
  },
  drawerLeftOpenTooLong: {
    type: 'INVALID_TRANSITION',
    message: () => 'The drawer is shut, not open long enough yet, or its manager was told already.',
  },
};
