import { describe, expect, it } from 'vitest';
import { followUpId } from '../../shared/runtime/actor-service.js';
import { history } from '../../test/given.js';
import type { FiredTicket } from '../order/order.machine.js';
import { stationKind } from './station.kind.js';
import type { StationCommand } from './station.machine.js';

const at = '2026-11-25T12:00:00.000Z';
const ticket: FiredTicket = {
  id: 't1',
  stationId: 'grill',
  orderId: 'o1',
  orderNumber: 7,
  table: 3,
  firedAt: at,
  items: [{ itemId: 'a', name: 'Picanha', quantity: 1, notes: '', course: 1, prepSeconds: 900, startDelaySeconds: 0 }],
};
const fire: StationCommand = { type: 'FIRE_TICKET', ticket, capacity: 4, at };
/** The calls the facts of the last command make, given the commands before it. */
const reactTo = (commands: StationCommand[], commandId = 'cmd') => {
  const before = history(stationKind, commands.slice(0, -1));
  return stationKind.react(history(stationKind, commands).slice(before.length), commandId);
};
const toOrder = (action: string, extra: Record<string, unknown> = {}, commandId = 'cmd') => [
  { action, params: { orderId: 'o1', ticketId: 't1', ...extra, commandId: followUpId(commandId, 'order') } },
];

const toPrinter = (reason: 'FIRED' | 'UNACKNOWLEDGED', commandId = 'cmd') => ({
  action: 'printers.fallback',
  params: {
    ticketId: 't1',
    reason,
    ...(reason === 'FIRED' ? { stationId: 'grill' } : {}),
    commandId: followUpId(commandId, 'printer'),
  },
});

describe('what a station tells the order and its printer of its tickets', () => {
  it('a fired ticket tells only the printer, which prints it if no screen of the station is online: the order fired it', () => {
    expect(reactTo([fire])).toEqual([toPrinter('FIRED')]);
  });

  it("the first screen's ack tells the order it was received, and when; later screens' acks do not", () => {
    const acked = '2026-11-25T12:00:02.000Z';
    const first: StationCommand = { type: 'ACK_TICKET', ticketId: 't1', terminalId: 'kds-grill', at: acked };
    expect(reactTo([fire, first], 'cmd-ack')).toEqual(
      toOrder('orders.ticketReceived', { terminalId: 'kds-grill', receivedAt: acked }, 'cmd-ack'),
    );
    expect(reactTo([fire, first, { ...first, terminalId: 'kds-grill-2' }])).toEqual([]);
  });

  it('a flag, a bump and a recall each tell the order, with an id that follows from the command; a flag tells the printer too', () => {
    expect(reactTo([fire, { type: 'FLAG_UNACKNOWLEDGED', ticketId: 't1', at }])).toEqual([
      ...toOrder('orders.ticketUnacknowledged'),
      toPrinter('UNACKNOWLEDGED'),
    ]);
    expect(reactTo([fire, { type: 'BUMP', ticketId: 't1', at }], 'cmd-bump')).toEqual(
      toOrder('orders.ticketBumped', {}, 'cmd-bump'),
    );
    const recalled = [fire, { type: 'BUMP', ticketId: 't1', at }, { type: 'RECALL', ticketId: 't1', at }] as StationCommand[];
    expect(reactTo(recalled, 'cmd-recall')).toEqual(toOrder('orders.ticketRecalled', {}, 'cmd-recall'));
  });

  it('an item struck off tells nobody: the order voided it', () => {
    expect(reactTo([fire, { type: 'VOID_ITEM', ticketId: 't1', itemId: 'a', at }])).toEqual([]);
  });

  it('a chit printed tells the order where and when, so its POS shows it; not the printer, which told the station', () => {
    const printedAt = '2026-11-25T12:00:03.000Z';
    const printed: StationCommand = { type: 'MARK_PRINTED', ticketId: 't1', deviceId: 'grill-printer', printedAt, at };
    expect(reactTo([fire, printed], 'printed:chit:t1')).toEqual(
      toOrder('orders.ticketPrinted', { deviceId: 'grill-printer', printedAt }, 'printed:chit:t1'),
    );
  });
});
