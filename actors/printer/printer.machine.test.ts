import { describe, expect, it } from 'vitest';
import { given, history } from '../../test/given.js';
import { printerKind } from './printer.kind.js';
import type { PrinterCommand, PrinterFact } from './printer.machine.js';

const at = '2026-12-01T15:00:00.000Z';

describe("a printer's cash drawer", () => {
  const configured = history(printerKind, [
    {
      type: 'CONFIGURE',
      config: { kind: 'printer', model: 'Epson TM-T20', path: '/dev/ttyS0', baudRate: 9600, serves: { receiptsOf: 'pos-1' } },
      at,
    },
  ]);
  const opened = [...configured, { type: 'DrawerSensedOpen' as const, at }];
  const check = (seconds: number): PrinterCommand => ({
    type: 'CHECK_DRAWER',
    leftOpenSeconds: 60,
    at: new Date(Date.parse(at) + seconds * 1000).toISOString(),
  });

  it('given it opened, when 60 s passed, then it is left open; before that, or once told, nothing', () => {
    expect(given(printerKind, opened).when(check(59)).refusal?.type).toBe('INVALID_TRANSITION');
    const { facts, next } = given(printerKind, opened).when(check(60));
    expect(facts).toEqual([{ type: 'DrawerLeftOpen', since: at, at: check(60).at }]);
    expect(next.context.drawer).toEqual({ open: true, since: at, leftOpen: true });
    expect(given(printerKind, [...opened, ...facts]).when(check(90)).refusal?.type).toBe('INVALID_TRANSITION');
  });

  it('given it was left open, when it shuts, then the alert is down; a shut drawer read shut again is no news', () => {
    const leftOpen = [...opened, { type: 'DrawerLeftOpen' as const, since: at, at }];
    const { next } = given(printerKind, leftOpen).when({ type: 'REPORT_DRAWER', open: false, at });
    expect(next.context.drawer).toEqual({ open: false, since: at, leftOpen: false });
    expect(given(printerKind, configured).when({ type: 'REPORT_DRAWER', open: false, at }).refusal?.type).toBe(
      'INVALID_TRANSITION',
    );
    expect(given(printerKind, configured).when(check(120)).refusal?.type).toBe('INVALID_TRANSITION');
  });

  it('given it was left open, when it shuts, then the shut names the spell it ends; an ordinary shut does not', () => {
    const leftOpen = [...opened, { type: 'DrawerLeftOpen' as const, since: at, at: check(60).at }];
    expect(given(printerKind, leftOpen).when({ type: 'REPORT_DRAWER', open: false, at: check(70).at }).facts).toEqual([
      { type: 'DrawerSensedShut', leftOpenSince: at, at: check(70).at },
    ]);
    expect(given(printerKind, opened).when({ type: 'REPORT_DRAWER', open: false, at }).facts).toEqual([
      { type: 'DrawerSensedShut', at },
    ]);
  });

  it('tells the drawer at the terminal whose receipts it prints that it was left open, and when that spell ended', () => {
    const states = (facts: PrinterFact[]) =>
      facts.map((_, i) => given(printerKind, [...opened, ...facts.slice(0, i + 1)]).snapshot);
    const left = given(printerKind, opened).when(check(61)).facts;
    expect(printerKind.react(left, 'cmd', states(left))).toEqual([
      { action: 'drawers.leftOpen', params: { terminalId: 'pos-1', since: at, seconds: 61, commandId: 'cmd:drawer' } },
    ]);
    const shut = given(printerKind, [...opened, ...left]).when({ type: 'REPORT_DRAWER', open: false, at }).facts;
    expect(printerKind.react(shut, 'cmd', states([...left, ...shut]).slice(1))).toEqual([
      { action: 'drawers.shut', params: { terminalId: 'pos-1', since: at, commandId: 'cmd:drawer' } },
    ]);
    // A kitchen printer has no drawer to tell.
    const kitchen = history(printerKind, [
      {
        type: 'CONFIGURE',
        config: { kind: 'printer', model: 'Epson TM-T20', path: '/dev/ttyS1', baudRate: 9600, serves: { stationId: 'grill' } },
        at,
      },
    ]);
    const grill = given(printerKind, [...kitchen, { type: 'DrawerSensedOpen' as const, at }]).when(check(61));
    expect(printerKind.react(grill.facts, 'cmd', [grill.next])).toEqual([]);
  });
});
