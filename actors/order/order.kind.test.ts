import { describe, expect, it } from 'vitest';
import { followUpId } from '../../shared/runtime/actor-service.js';
import { openOrder, orderItem, ringItem } from '../../test/fixtures.js';
import { given, history } from '../../test/given.js';
import { orderKind } from './order.kind.js';
import type { OrderCommand, OrderFact } from './order.machine.js';

const at = '2026-11-25T12:00:00.000Z';
const open = openOrder;
const add = (id: string, station: string) => ringItem(id, station);
const send: OrderCommand = { type: 'SEND', course: null, at };
const voidItem = (itemId: string): OrderCommand => ({
  type: 'VOID_ITEM',
  itemId,
  reason: 'kitchen ran out',
  approvalRequired: true,
  byManager: true,
  approvedBy: null,
  at,
});
const past = (...commands: OrderCommand[]) => history(orderKind, commands);
const when = (facts: OrderFact[], command: OrderCommand) => given(orderKind, facts).when(command).facts;

describe('what an order asks of the stations', () => {
  it('a send fires each of its tickets at its station, each with a follow-up id of its own', () => {
    const sent = when(past(open, add('a', 'grill'), add('b', 'fryer')), send);
    const [fact] = sent;
    if (fact?.type !== 'OrderSent') throw new Error('expected OrderSent');
    const calls = orderKind.react(sent, 'cmd-send');
    expect(calls).toEqual(
      fact.tickets.map((ticket) => ({
        action: 'stations.fire',
        params: { stationId: ticket.stationId, commandId: followUpId('cmd-send', `fire:${ticket.stationId}`), ticket },
      })),
    );
    expect(calls.map((c) => c.params.stationId)).toEqual(['grill', 'fryer']);
    // A retried send delivers the same calls, so each station takes its ticket once; another send, other ids.
    expect(new Set(calls.map((c) => c.params.commandId)).size).toBe(2);
    expect(orderKind.react(sent, 'cmd-send')).toEqual(calls);
    expect(orderKind.react(sent, 'cmd-other').map((c) => c.params.commandId)).not.toContain(calls[0]!.params.commandId);
  });

  it('a void of a fired item strikes it off its ticket at its station; of an unsent one, asks nothing', () => {
    const fired = past(open, add('a', 'grill'), send);
    expect(orderKind.react(when(fired, voidItem('a')), 'cmd-void')).toEqual([
      {
        action: 'stations.voidItem',
        params: { stationId: 'grill', ticketId: 'o1-1-grill', itemId: 'a', commandId: followUpId('cmd-void', 'void:grill') },
      },
    ]);
    expect(orderKind.react(when(past(open, add('a', 'grill')), voidItem('a')), 'cmd-void')).toEqual([]);
  });

  it('every other fact asks nothing of anyone', () => {
    const facts = past(
      open,
      add('a', 'grill'),
      send,
      { type: 'TICKET_UNACKNOWLEDGED', ticketId: 'o1-1-grill', at },
      { type: 'TICKET_RECEIVED', ticketId: 'o1-1-grill', terminalId: 'kds-grill', receivedAt: at, at },
      { type: 'TICKET_BUMPED', ticketId: 'o1-1-grill', at },
      { type: 'TICKET_RECALLED', ticketId: 'o1-1-grill', at },
      { type: 'TICKET_BUMPED', ticketId: 'o1-1-grill', at },
      { type: 'SERVE', at },
    ).filter((f) => f.type !== 'OrderSent');
    expect(new Set(facts.map((f) => f.type)).size).toBe(7);
    expect(orderKind.react(facts, 'cmd')).toEqual([]);
    expect(orderKind.react(past(open, add('a', 'grill'), { type: 'CANCEL', reason: 'guest left', at }), 'cmd')).toEqual([]);
  });
});

describe('an order log written before facts', () => {
  it("decides an ADD_ITEM stored before products could be 86'd as rung, and keeps one that was refused refused", () => {
    const { upcast } = orderKind;
    const legacy = { type: 'ADD_ITEM', item: orderItem('a', 'grill'), at };
    const command = upcast!.command(legacy);
    expect(command).toEqual({ ...legacy, available: true });
    expect(when(past(open), command)).toEqual([{ type: 'ItemAdded', item: orderItem('a', 'grill'), at }]);
    expect(upcast!.command({ ...legacy, available: false })).toMatchObject({ available: false });
    expect(upcast!.types).toContain('ADD_ITEM');
  });

  it('decides an OPEN stored before business days and the service charge as opened on no day, with no service charge', () => {
    const { dayNumber: _, servicePercent: __, ...legacy } = open;
    const command = orderKind.upcast!.command(legacy);
    expect(command).toEqual({ ...legacy, dayNumber: null, servicePercent: 0 });
    expect(when([], command)).toEqual([{ ...legacy, type: 'OrderOpened', dayNumber: null, servicePercent: 0 }]);
  });
});
