import * as xstate from 'xstate';
import { describe, expect, it } from 'vitest';
import { orderKind } from '../../actors/order/order.kind.js';
import type { OrderCommand, OrderFact } from '../../actors/order/order.machine.js';
import { stationKind } from '../../actors/station/station.kind.js';
import type { StationCommand } from '../../actors/station/station.machine.js';
import { orderItem } from '../../test/fixtures.js';
import { given } from '../../test/given.js';
import type { ActorKind } from './actor-kind.js';
import type { AnyEvent } from './decider.js';
import { initialTransition, transition } from './pure-transition.js';

const at = '2026-11-25T12:00:00.000Z';

/** What the machine is handed over a run: each command, then the facts it made (none when it was refused). */
function commandsAndFacts<C, Cmd extends AnyEvent, F extends AnyEvent>(kind: ActorKind<C, Cmd, F>, commands: Cmd[]) {
  const facts: F[] = [];
  return commands.flatMap((command): (Cmd | F)[] => {
    const then = given(kind, facts).when(command);
    facts.push(...then.facts);
    return [command, ...then.facts];
  });
}

const orderCommands: OrderCommand[] = [
  { type: 'OPEN', orderId: 'o1', number: 7, dayNumber: 1, terminalId: 'pos-1', table: 3, covers: 2, servicePercent: 10, at },
  { type: 'ADD_ITEM', item: orderItem('a', 'grill'), available: true, at },
  { type: 'ADD_ITEM', item: orderItem('b', 'fryer'), available: true, at },
  { type: 'SEND', course: null, at },
  { type: 'SEND', course: null, at }, // refused: nothing unsent
  { type: 'TICKET_BUMPED', ticketId: 'o1-1-grill', at },
];
const orderLog: (OrderCommand | OrderFact)[] = commandsAndFacts(orderKind, orderCommands);

/** Our transition and XState's own, side by side over a log: same states, same context, same actions. */
function bothWays(machine: xstate.AnyStateMachine, log: { type: string }[]) {
  let ours = initialTransition(machine);
  let theirs = xstate.initialTransition(machine, undefined)[0];
  expect(ours.value).toEqual(theirs.value);
  const steps: { type: string; actions: string[] }[] = [];
  for (const event of log) {
    const [oursNext, oursActions] = transition(machine, ours, event);
    const [theirsNext, theirsActions] = xstate.transition(machine, theirs, event as never);
    expect(oursNext.value).toEqual(theirsNext.value);
    expect(oursNext.context).toEqual(theirsNext.context);
    expect(oursActions.map((a) => [a.type, a.params])).toEqual(theirsActions.map((a) => [a.type, a.params]));
    steps.push({ type: event.type, actions: oursActions.map((a) => a.type) });
    [ours, theirs] = [oursNext, theirsNext];
  }
  return { steps, last: ours };
}

describe('the pure transition the host uses', () => {
  it("steps an order's commands and facts exactly as XState's transition() does, emitted facts included", () => {
    expect(orderLog.map((e) => e.type)).toEqual([
      'OPEN',
      'OrderOpened',
      'ADD_ITEM',
      'ItemAdded',
      'ADD_ITEM',
      'ItemAdded',
      'SEND',
      'OrderSent',
      'SEND',
      'TICKET_BUMPED',
      'TicketBumped',
    ]);
    const { steps, last } = bothWays(orderKind.machine, orderLog);
    // The comparison saw actions, not only empty lists: each accepted command emitted its fact, a refused one nothing.
    const emits = steps.map((s) => s.actions.filter((a) => a === 'xstate.emit').length);
    expect(emits).toEqual([1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0]);
    // And the facts moved the state: the grill's ticket is bumped.
    expect(last.context.tickets.map((t: { status: string }) => t.status)).toEqual(['BUMPED', 'OPEN']);
  });

  it("steps a station's commands and facts exactly as XState's transition() does", () => {
    const ticket = {
      id: 't1',
      stationId: 'grill',
      orderId: 'o1',
      orderNumber: 7,
      table: 3,
      firedAt: at,
      items: [{ itemId: 'a', name: 'Picanha', quantity: 1, notes: '', course: 1, prepSeconds: 900, startDelaySeconds: 0 }],
    };
    const commands: StationCommand[] = [
      { type: 'FIRE_TICKET', ticket, capacity: 4, at },
      { type: 'ACK_TICKET', ticketId: 't1', terminalId: 'kds-grill', at },
      { type: 'BUMP', ticketId: 't1', at },
      { type: 'RECALL', ticketId: 't1', at },
    ];
    const log = commandsAndFacts(stationKind, commands);
    expect(log.map((e) => e.type)).toEqual([
      'FIRE_TICKET',
      'TicketFired',
      'ACK_TICKET',
      'TicketAcknowledged',
      'BUMP',
      'TicketBumped',
      'RECALL',
      'TicketRecalled',
    ]);
    const { steps } = bothWays(stationKind.machine, log);
    expect(steps.filter((s) => s.actions.includes('xstate.emit')).map((s) => s.type)).toEqual(commands.map((c) => c.type));
  });

  it('does not carry actions over from one call to the next', () => {
    const machine = orderKind.machine;
    const withItem = orderLog.slice(0, 4).reduce((s, e) => transition(machine, s, e)[0], initialTransition(machine));
    const [, sendActions] = transition(machine, withItem, orderCommands[3]!);
    const [, factActions] = transition(machine, withItem, orderLog[3]!);
    expect(sendActions.some((a) => a.type === 'xstate.emit')).toBe(true);
    expect(factActions.some((a) => a.type === 'xstate.emit')).toBe(false);
  });
});
