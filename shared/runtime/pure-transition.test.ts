import * as xstate from 'xstate';
import { describe, expect, it } from 'vitest';
import { orderMachine, type OrderEvent } from '../../actors/order/order.machine.js';
import { stationMachine, type StationEvent } from '../../actors/station/station.machine.js';
import { orderItem } from '../../test/fixtures.js';
import { initialTransition, transition } from './pure-transition.js';

const at = '2026-11-25T12:00:00.000Z';
const orderLog: OrderEvent[] = [
  { type: 'OPEN', orderId: 'o1', number: 7, terminalId: 'pos-1', table: 3, covers: 2, at },
  { type: 'ADD_ITEM', item: orderItem('a', 'grill'), at },
  { type: 'ADD_ITEM', item: orderItem('b', 'fryer'), at },
  { type: 'SEND', course: null, at },
  { type: 'SEND', course: null, at }, // refused: nothing unsent
  { type: 'TICKET_BUMPED', ticketId: 'o1-4-grill', at },
];

/** Our transition and XState's own, side by side over a log: same states, same context, same actions. */
function bothWays(machine: xstate.AnyStateMachine, log: { type: string }[]) {
  let ours = initialTransition(machine);
  let theirs = xstate.initialTransition(machine, undefined)[0];
  expect(ours.value).toEqual(theirs.value);
  const steps: unknown[] = [];
  for (const event of log) {
    const [oursNext, oursActions] = transition(machine, ours, event);
    const [theirsNext, theirsActions] = xstate.transition(machine, theirs, event as never);
    expect(oursNext.value).toEqual(theirsNext.value);
    expect(oursNext.context).toEqual(theirsNext.context);
    expect(oursActions.map((a) => [a.type, a.params])).toEqual(theirsActions.map((a) => [a.type, a.params]));
    steps.push(oursActions.map((a) => a.type));
    [ours, theirs] = [oursNext, theirsNext];
  }
  return steps;
}

describe('the pure transition the host uses', () => {
  it("decides an order's log exactly as XState's transition() does, emitted events included", () => {
    const steps = bothWays(orderMachine, orderLog);
    // The send emitted its tickets: the comparison saw actions, not two empty lists.
    expect((steps[3] as string[]).filter((t) => t === 'xstate.emit')).toHaveLength(2);
  });

  it("decides a station's log exactly as XState's transition() does", () => {
    const ticket = {
      id: 't1',
      orderId: 'o1',
      orderNumber: 7,
      table: 3,
      firedAt: at,
      items: [{ ...orderItem('a', 'grill'), itemId: 'a', startDelaySeconds: 0 }],
    };
    const log = [
      { type: 'FIRE_TICKET', ticket, capacity: 4, at },
      { type: 'ACK_TICKET', ticketId: 't1', terminalId: 'kds-grill', at },
      { type: 'BUMP', ticketId: 't1', at },
      { type: 'RECALL', ticketId: 't1', at },
    ] as unknown as StationEvent[];
    const steps = bothWays(stationMachine, log);
    expect(steps[2]).toContain('xstate.emit');
  });

  it('does not carry actions over from one call to the next', () => {
    const opened = transition(orderMachine, initialTransition(orderMachine), orderLog[0]!)[0];
    const withItem = transition(orderMachine, opened, orderLog[1]!)[0];
    const [, sendActions] = transition(orderMachine, withItem, orderLog[3]!);
    const [, nextActions] = transition(orderMachine, withItem, { type: 'CANCEL', reason: 'test', at } as OrderEvent);
    expect(sendActions.some((a) => a.type === 'xstate.emit')).toBe(true);
    expect(nextActions.some((a) => a.type === 'xstate.emit')).toBe(false);
  });
});
