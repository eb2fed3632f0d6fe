import { describe, expect, it } from 'vitest';
import { replay, restore } from '../../shared/runtime/actor-kind.js';
import { decideGroup } from '../../shared/runtime/decide-group.js';
import { FactNotApplicable, fold } from '../../shared/runtime/decider.js';
import { asStored, given as givenKind, history } from '../../test/given.js';
import { terminalKind } from './terminal.kind.js';
import { terminalMachine, type TerminalCommand, type TerminalContext, type TerminalFact } from './terminal.machine.js';
import { terminalView } from './terminal.projection.js';

const at = '2026-12-01T10:00:00.000Z';
const later = '2026-12-01T10:00:04.000Z';
const after = '2026-12-01T10:00:15.000Z';

const given = (facts: TerminalFact[]) => givenKind(terminalKind, facts);
/** The facts a run of commands made: the past a test starts from. */
const past = (...commands: TerminalCommand[]) => history(terminalKind, commands);
const view = (facts: TerminalFact[]) =>
  terminalView('pos-1', facts.length, fold(terminalMachine, restore(terminalMachine, null), facts));

const install = (kind: 'POS' | 'CUSTOMER' = 'POS', pairedWith: string | null = null): TerminalCommand => ({
  type: 'INSTALL',
  terminalId: kind === 'POS' ? 'pos-1' : 'cd-1',
  kind,
  pairedWith,
  at,
});
const held = (when = at): TerminalCommand => ({ type: 'SOCKETS_HELD', at: when });
const gone = (when = later): TerminalCommand => ({ type: 'SOCKETS_GONE', at: when });
const graceOver = (leftAt = later): TerminalCommand => ({ type: 'GRACE_OVER', leftAt, at: after });
const openSession = (sessionId = 's1', userId = 'wagner', stillOpen = true): TerminalCommand => ({
  type: 'OPEN_SESSION',
  sessionId,
  userId,
  stillOpen,
  at,
});
const closeSession = (sessionId = 's1', reason = 'LOCKED'): TerminalCommand => ({ type: 'CLOSE_SESSION', sessionId, reason, at });
const drawerOpened = (drawerId = 'drawer-1'): TerminalCommand => ({ type: 'DRAWER_OPENED', drawerId, at });
const drawerClosed = (drawerId = 'drawer-1'): TerminalCommand => ({ type: 'DRAWER_CLOSED', drawerId, at });

const installed: TerminalFact = { type: 'TerminalInstalled', terminalId: 'pos-1', kind: 'POS', pairedWith: null, at };
const online = past(install(), held());
const leaving = past(install(), held(), gone());

describe('terminal machine: its birth', () => {
  it('given nothing, when INSTALL, then it is LOCKED and OFFLINE, never seen', () => {
    const { refusal, facts, next } = given([]).when(install());
    expect(refusal).toBeNull();
    expect(facts).toEqual([installed]);
    expect(terminalView('pos-1', 1, next)).toEqual({
      id: 'pos-1',
      kind: 'POS',
      state: 'OFFLINE',
      online: false,
      lastSeenAt: null,
      version: 1,
    });
  });

  it('given nothing, when INSTALL of a customer display, then its view names the POS it shows', () => {
    expect(view(past(install('CUSTOMER', 'pos-1')))).toMatchObject({ kind: 'CUSTOMER', pairedWith: 'pos-1' });
  });

  it('given an installed terminal, when INSTALL again, then it is refused', () => {
    expect(given([installed]).when(install())).toMatchObject({ refusal: { type: 'INVALID_TRANSITION' }, facts: [] });
  });

  it('given no terminal, when anything but INSTALL, then the host answers UNKNOWN_TERMINAL', () => {
    const start = { snapshot: restore<TerminalContext>(terminalMachine, null), version: 0 };
    const [outcome] = decideGroup(terminalKind, 'pos-9', start, [{ commandId: 'c1', command: held() }], () => false);
    expect(outcome).toMatchObject({ kind: 'refused', refusal: { type: 'UNKNOWN_TERMINAL' } });
    for (const command of [held(), gone(), graceOver(), openSession(), closeSession(), drawerOpened(), drawerClosed()]) {
      expect(given([]).when(command), command.type).toMatchObject({ refusal: { type: 'INVALID_TRANSITION' }, facts: [] });
    }
  });
});

describe('terminal machine: online, offline and the grace between', () => {
  it('given an offline terminal, when SOCKETS_HELD, then it came online: LOCKED, seen now', () => {
    const { facts, next } = given([installed]).when(held());
    expect(facts).toEqual([{ type: 'TerminalCameOnline', at }]);
    expect(terminalView('pos-1', 2, next)).toMatchObject({ state: 'LOCKED', online: true, lastSeenAt: at });
  });

  it('given an online terminal, when SOCKETS_GONE, then it left but stays online for the grace', () => {
    const { facts, next } = given(online).when(gone());
    expect(facts).toEqual([{ type: 'TerminalLeft', at: later }]);
    expect(next.context.leftAt).toBe(later);
    expect(terminalView('pos-1', 3, next)).toMatchObject({ state: 'LOCKED', online: true, lastSeenAt: later });
  });

  it('given a terminal that left, when GRACE_OVER for that leave, then it went offline, last seen when it left', () => {
    const { facts, next } = given(leaving).when(graceOver());
    expect(facts).toEqual([{ type: 'TerminalWentOffline', leftAt: later, at: after }]);
    expect(next.context.leftAt).toBeNull();
    expect(terminalView('pos-1', 4, next)).toMatchObject({ state: 'OFFLINE', online: false, lastSeenAt: later });
  });

  it('given a terminal that left, when SOCKETS_HELD within the grace, then it came back: a blink, never offline', () => {
    const { facts, next } = given(leaving).when(held(later));
    expect(facts).toEqual([{ type: 'TerminalCameBack', at: later }]);
    expect(next.context.leftAt).toBeNull();
    expect(terminalView('pos-1', 4, next)).toMatchObject({ state: 'LOCKED', online: true });
    // The grace of that leave then changes nothing.
    expect(given([...leaving, ...facts]).when(graceOver())).toMatchObject({ refusal: { type: 'INVALID_TRANSITION' } });
  });

  it('given a terminal that blinked and left again, when GRACE_OVER for the first leave, then it is refused: the last one counts', () => {
    const again = past(install(), held(), gone(), held(later), gone(after));
    expect(given(again).when(graceOver(later))).toMatchObject({
      refusal: {
        type: 'INVALID_TRANSITION',
        message: 'pos-1 came back and left again since that leave: its grace starts from the last one.',
      },
      facts: [],
    });
    expect(given(again).when(graceOver(after)).facts).toEqual([{ type: 'TerminalWentOffline', leftAt: after, at: after }]);
  });

  it('given presence it already has, when told it again, then it is refused: nothing changed', () => {
    expect(given([installed]).when(gone())).toMatchObject({ refusal: { type: 'INVALID_TRANSITION' } });
    expect(given([installed]).when(graceOver())).toMatchObject({ refusal: { type: 'INVALID_TRANSITION' } });
    expect(given(online).when(held())).toMatchObject({ refusal: { type: 'INVALID_TRANSITION' } });
    expect(given(online).when(graceOver())).toMatchObject({ refusal: { type: 'INVALID_TRANSITION' } });
    expect(given(leaving).when(gone())).toMatchObject({ refusal: { type: 'INVALID_TRANSITION' } });
  });
});

describe('terminal machine: sessions', () => {
  it('given an online terminal, when OPEN_SESSION, then it is IN_USE by that user', () => {
    const { facts, next } = given(online).when(openSession());
    expect(facts).toEqual([{ type: 'SessionOpened', sessionId: 's1', userId: 'wagner', at }]);
    expect(terminalView('pos-1', 3, next)).toMatchObject({ state: 'IN_USE', online: true, userId: 'wagner' });
  });

  it('given an offline terminal, when OPEN_SESSION, then it is still OFFLINE, and IN_USE once a socket comes', () => {
    const loggedIn = past(install(), openSession());
    expect(view(loggedIn)).toMatchObject({ state: 'OFFLINE', online: false, userId: 'wagner' });
    expect(view(past(install(), openSession(), held()))).toMatchObject({ state: 'IN_USE', online: true });
  });

  it('given a session that ended before the terminal heard it open, when OPEN_SESSION, then SESSION_ENDED', () => {
    expect(given(online).when(openSession('s1', 'wagner', false))).toMatchObject({
      refusal: { type: 'SESSION_ENDED', message: 'Session s1 ended before pos-1 heard it open.' },
      facts: [],
    });
  });

  it('given an IN_USE terminal, when CLOSE_SESSION of its session, then it is LOCKED, with no user', () => {
    const { facts, next } = given(past(install(), held(), openSession())).when(closeSession('s1', 'IDLE'));
    expect(facts).toEqual([{ type: 'SessionClosed', sessionId: 's1', reason: 'IDLE', at }]);
    const closed = terminalView('pos-1', 4, next);
    expect(closed).toMatchObject({ state: 'LOCKED', online: true });
    expect(closed).not.toHaveProperty('userId');
  });

  it('given two sessions on one terminal, when one closes, then it stays IN_USE by the other; LOCKED when both did', () => {
    const two = past(install(), held(), openSession('s1', 'wagner'), openSession('s2', 'maria'));
    expect(view(two)).toMatchObject({ state: 'IN_USE', userId: 'maria' });
    expect(view([...two, ...given(two).when(closeSession('s2')).facts])).toMatchObject({ state: 'IN_USE', userId: 'wagner' });
    expect(
      view(past(install(), held(), openSession('s1'), openSession('s2'), closeSession('s1'), closeSession('s2'))),
    ).toMatchObject({
      state: 'LOCKED',
    });
  });

  it('given a terminal without that session, when CLOSE_SESSION, then it is refused', () => {
    expect(given(past(install(), openSession('s1'))).when(closeSession('s2'))).toMatchObject({
      refusal: { type: 'INVALID_TRANSITION', message: 'pos-1 has no open session s2.' },
      facts: [],
    });
  });
});

describe('terminal machine: its drawer', () => {
  it('given a terminal, when DRAWER_OPENED, then its view names the drawer; DRAWER_CLOSED takes it away', () => {
    const { facts, next } = given(online).when(drawerOpened());
    expect(facts).toEqual([{ type: 'DrawerOpenedHere', drawerId: 'drawer-1', at }]);
    expect(terminalView('pos-1', 3, next)).toMatchObject({ drawerId: 'drawer-1' });
    const closed = given([...online, ...facts]).when(drawerClosed());
    expect(closed.facts).toEqual([{ type: 'DrawerClosedHere', drawerId: 'drawer-1', at }]);
    expect(terminalView('pos-1', 4, closed.next)).not.toHaveProperty('drawerId');
  });

  it('given a terminal without that drawer open, when DRAWER_CLOSED, then it is refused', () => {
    expect(given(online).when(drawerClosed())).toMatchObject({
      refusal: { type: 'INVALID_TRANSITION', message: 'Drawer drawer-1 is not open at pos-1.' },
      facts: [],
    });
  });
});

describe('terminal machine: the log', () => {
  const log = past(
    install(),
    held(),
    openSession('s1'),
    drawerOpened(),
    gone(),
    held(later),
    closeSession('s1'),
    openSession('s2', 'maria'),
    gone(after),
    graceOver(after),
  );

  it('replaying the log rebuilds the same state, whatever the snapshot it starts from', () => {
    const whole = fold(terminalMachine, restore<TerminalContext>(terminalMachine, null), log);
    const fromSnapshot = replay(
      terminalMachine,
      restore<TerminalContext>(
        terminalMachine,
        terminalMachine.getPersistedSnapshot(fold(terminalMachine, restore(terminalMachine, null), log.slice(0, 5)) as never),
      ),
      asStored(log).slice(5),
    );
    expect(fromSnapshot.context).toEqual(whole.context);
    expect(fromSnapshot.value).toEqual(whole.value);
    expect(terminalView('pos-1', log.length, whole)).toEqual({
      id: 'pos-1',
      kind: 'POS',
      state: 'OFFLINE',
      online: false,
      userId: 'maria',
      drawerId: 'drawer-1',
      lastSeenAt: after,
      version: log.length,
    });
  });

  it('a stored fact the terminal cannot take where it is, is an error', () => {
    expect(() => fold(terminalMachine, restore(terminalMachine, null), [{ type: 'TerminalLeft', at }])).toThrow(
      FactNotApplicable,
    );
    expect(() => fold(terminalMachine, restore(terminalMachine, null), [installed, { type: 'TerminalLeft', at }])).toThrow(
      FactNotApplicable,
    );
  });
});
