import { assign, emit, setup } from 'xstate';
import type { TerminalKind } from '../../shared/contract/index.js';
import type { Refusals } from '../../shared/runtime/refusal.js';

/** A login on the terminal, as long as it lasts. */
export interface OpenSession {
  sessionId: string;
  userId: string;
}

export interface TerminalContext {
  id: string;
  /** Null only before it is installed. */
  kind: TerminalKind | null;
  /** The POS a customer display shows. */
  pairedWith: string | null;
  /** When it came online or its last socket left; null while it was never seen. */
  lastSeenAt: string | null;
  /** When its last socket left, while it waits out the grace; null otherwise. */
  leftAt: string | null;
  /** Its open sessions, oldest first: one in practice, but a second login does not end the first. */
  sessions: OpenSession[];
  /** The cash drawer open at it (a terminal has one drawer at most: the drawers table says so). */
  drawerId: string | null;
}

/**
 * What a terminal is told. Its presence comes from the gateways' sockets (how many each holds is device
 * bookkeeping, in `terminal_sockets`: the terminal hears only whether any is held), its sessions from
 * gateway/sessions.ts, its drawers from the drawers. The machine decides; only facts are stored.
 */
export type TerminalCommand =
  /** Its birth, from the terminals table: what kind of terminal it is and, for a customer display, its POS. */
  | { type: 'INSTALL'; terminalId: string; kind: TerminalKind; pairedWith: string | null; at: string }
  /** Some gateway holds a socket of it. */
  | { type: 'SOCKETS_HELD'; at: string }
  /** No gateway holds a socket of it. */
  | { type: 'SOCKETS_GONE'; at: string }
  /** The grace after its leave at `leftAt` is over (the service keeps the timer). */
  | { type: 'GRACE_OVER'; leftAt: string; at: string }
  /** `stillOpen`: the session had not ended yet when the terminal was told it opened. */
  | { type: 'OPEN_SESSION'; sessionId: string; userId: string; stillOpen: boolean; at: string }
  /** `reason`: LOCKED, IDLE or REPLACED, as the session's end said. */
  | { type: 'CLOSE_SESSION'; sessionId: string; reason: string; at: string }
  | { type: 'DRAWER_OPENED'; drawerId: string; at: string }
  | { type: 'DRAWER_CLOSED'; drawerId: string; at: string };

/** What happened to a terminal, in the past tense. */
export type TerminalFact =
  | { type: 'TerminalInstalled'; terminalId: string; kind: TerminalKind; pairedWith: string | null; at: string }
  | { type: 'TerminalCameOnline'; at: string }
  | { type: 'TerminalLeft'; at: string }
  /** A socket came back within the grace: it never went offline. */
  | { type: 'TerminalCameBack'; at: string }
  /** `leftAt`: the leave whose grace it waited out. */
  | { type: 'TerminalWentOffline'; leftAt: string; at: string }
  | { type: 'SessionOpened'; sessionId: string; userId: string; at: string }
  | { type: 'SessionClosed'; sessionId: string; reason: string; at: string }
  | { type: 'DrawerOpenedHere'; drawerId: string; at: string }
  | { type: 'DrawerClosedHere'; drawerId: string; at: string };

export const TERMINAL_FACTS = [
  'TerminalInstalled',
  'TerminalCameOnline',
  'TerminalLeft',
  'TerminalCameBack',
  'TerminalWentOffline',
  'SessionOpened',
  'SessionClosed',
  'DrawerOpenedHere',
  'DrawerClosedHere',
] as const satisfies readonly TerminalFact['type'][];

type TerminalEvent = TerminalCommand | TerminalFact;
type Ev<T extends TerminalEvent['type']> = Extract<TerminalEvent, { type: T }>;

/**
 * A terminal: installed once, then OFFLINE, CONNECTED (some socket held) or LEAVING (none held, for the
 * grace, so a blink does not flap it); its sessions and drawers come and go in any of the three, since a
 * login is HTTP and outlives a socket. Commands (upper case) emit facts; facts (past tense) change the
 * state and never refuse. The grace is a command the service sends when its timer rings: the machine has
 * no timers of its own.
 */
export const terminalMachine = setup({
  types: {
    context: {} as TerminalContext,
    events: {} as TerminalEvent,
    emitted: {} as TerminalFact,
  },
  guards: {
    noSocketSinceThatLeave: ({ context, event }) => context.leftAt === (event as Ev<'GRACE_OVER'>).leftAt,
    sessionStillOpen: ({ event }) => (event as Ev<'OPEN_SESSION'>).stillOpen,
    holdsThatSession: ({ context, event }) =>
      context.sessions.some((s) => s.sessionId === (event as Ev<'CLOSE_SESSION'>).sessionId),
    holdsThatDrawer: ({ context, event }) => context.drawerId === (event as Ev<'DRAWER_CLOSED'>).drawerId,
  },
  actions: {
    // Decisions: what a command makes happen.
    decideInstall: emit(({ event }) => {
      const { terminalId, kind, pairedWith, at } = event as Ev<'INSTALL'>;
      return { type: 'TerminalInstalled' as const, terminalId, kind, pairedWith, at };
    }),
    decideCameOnline: emit(({ event }) => ({ type: 'TerminalCameOnline' as const, at: event.at })),
    decideLeft: emit(({ event }) => ({ type: 'TerminalLeft' as const, at: event.at })),
    decideCameBack: emit(({ event }) => ({ type: 'TerminalCameBack' as const, at: event.at })),
    decideWentOffline: emit(({ event }) => {
      const { leftAt, at } = event as Ev<'GRACE_OVER'>;
      return { type: 'TerminalWentOffline' as const, leftAt, at };
    }),
    decideOpenSession: emit(({ event }) => {
      const { sessionId, userId, at } = event as Ev<'OPEN_SESSION'>;
      return { type: 'SessionOpened' as const, sessionId, userId, at };
    }),
    decideCloseSession: emit(({ event }) => {
      const { sessionId, reason, at } = event as Ev<'CLOSE_SESSION'>;
      return { type: 'SessionClosed' as const, sessionId, reason, at };
    }),
    decideDrawerOpened: emit(({ event }) => {
      const { drawerId, at } = event as Ev<'DRAWER_OPENED'>;
      return { type: 'DrawerOpenedHere' as const, drawerId, at };
    }),
    decideDrawerClosed: emit(({ event }) => {
      const { drawerId, at } = event as Ev<'DRAWER_CLOSED'>;
      return { type: 'DrawerClosedHere' as const, drawerId, at };
    }),

    // Evolution: what a fact changes.
    installed: assign(({ event }) => {
      const { terminalId: id, kind, pairedWith } = event as Ev<'TerminalInstalled'>;
      return { id, kind, pairedWith };
    }),
    seen: assign({ lastSeenAt: ({ event }) => event.at, leftAt: null }),
    left: assign({ lastSeenAt: ({ event }) => event.at, leftAt: ({ event }) => event.at }),
    wentOffline: assign({ leftAt: null }),
    sessionOpened: assign({
      sessions: ({ context, event }) => {
        const { sessionId, userId } = event as Ev<'SessionOpened'>;
        return [...context.sessions, { sessionId, userId }];
      },
    }),
    sessionClosed: assign({
      sessions: ({ context, event }) => context.sessions.filter((s) => s.sessionId !== (event as Ev<'SessionClosed'>).sessionId),
    }),
    drawerOpened: assign({ drawerId: ({ event }) => (event as Ev<'DrawerOpenedHere'>).drawerId }),
    drawerClosed: assign({ drawerId: null }),
  },
}).createMachine({
  id: 'terminal',
  context: {
    id: '',
    kind: null,
    pairedWith: null,
    lastSeenAt: null,
    leftAt: null,
    sessions: [],
    drawerId: null,
  },
  initial: 'NEW',
  states: {
    // Only INSTALL reaches it here (the kind is born by it).
    NEW: {
      on: {
        INSTALL: { actions: 'decideInstall' },
        TerminalInstalled: { target: 'INSTALLED', actions: 'installed' },
      },
    },
    INSTALLED: {
      initial: 'OFFLINE',
      on: {
        OPEN_SESSION: { guard: 'sessionStillOpen', actions: 'decideOpenSession' },
        CLOSE_SESSION: { guard: 'holdsThatSession', actions: 'decideCloseSession' },
        DRAWER_OPENED: { actions: 'decideDrawerOpened' },
        DRAWER_CLOSED: { guard: 'holdsThatDrawer', actions: 'decideDrawerClosed' },
        SessionOpened: { actions: 'sessionOpened' },
        SessionClosed: { actions: 'sessionClosed' },
        DrawerOpenedHere: { actions: 'drawerOpened' },
        DrawerClosedHere: { actions: 'drawerClosed' },
      },
      states: {
        OFFLINE: {
          on: {
            SOCKETS_HELD: { actions: 'decideCameOnline' },
            TerminalCameOnline: { target: 'CONNECTED', actions: 'seen' },
          },
        },
        CONNECTED: {
          on: {
            SOCKETS_GONE: { actions: 'decideLeft' },
            TerminalLeft: { target: 'LEAVING', actions: 'left' },
          },
        },
        // No socket held, yet online until the grace is over: a socket back before then is a blink.
        LEAVING: {
          on: {
            SOCKETS_HELD: { actions: 'decideCameBack' },
            GRACE_OVER: { guard: 'noSocketSinceThatLeave', actions: 'decideWentOffline' },
            TerminalCameBack: { target: 'CONNECTED', actions: 'seen' },
            TerminalWentOffline: { target: 'OFFLINE', actions: 'wentOffline' },
          },
        },
      },
    },
  },
});

export const terminalRefusals: Refusals<TerminalContext, TerminalCommand> = {
  noSocketSinceThatLeave: {
    type: 'INVALID_TRANSITION',
    message: (c) => `${c.id} came back and left again since that leave: its grace starts from the last one.`,
  },
  sessionStillOpen: {
    type: 'SESSION_ENDED',
    message: (c, e) => `Session ${(e as Ev<'OPEN_SESSION'>).sessionId} ended before ${c.id} heard it open.`,
  },
  holdsThatSession: {
    type: 'INVALID_TRANSITION',
    message: (c, e) => `${c.id} has no open session ${(e as Ev<'CLOSE_SESSION'>).sessionId}.`,
  },
  holdsThatDrawer: {
    type: 'INVALID_TRANSITION',
    message: (c, e) => `Drawer ${(e as Ev<'DRAWER_CLOSED'>).drawerId} is not open at ${c.id}.`,
  },
};
