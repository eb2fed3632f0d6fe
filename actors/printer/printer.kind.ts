import type { ActorKind, Call } from '../../shared/runtime/actor-kind.js';
import { followUpId } from '../../shared/runtime/actor-service.js';
import {
  PRINTER_FACTS,
  printerMachine,
  printerRefusals,
  type PrinterCommand,
  type PrinterContext,
  type PrinterFact,
} from './printer.machine.js';
import { deviceView, projectDevice } from './printer.projection.js';

export const printerKind: ActorKind<PrinterContext, PrinterCommand, PrinterFact> = {
  type: 'printer',
  machine: printerMachine,
  refusals: printerRefusals,
  facts: PRINTER_FACTS,
  bornBy: 'CONFIGURE',
  unknown: { type: 'UNKNOWN_DEVICE', message: (id) => `No device has the id ${id}.` },
  stateName: (snapshot) => (snapshot.matches('REMOVED') ? 'removed' : snapshot.context.status),
  view: (id, version, snapshot) => deviceView(id, version, snapshot),
  views: ['device'],
  project: projectDevice,
  // Paper running out and coming back, a drawer opened and shut, is device bookkeeping that would bury the audit
  // log; what a printer printed is in its queue (print_jobs) and on the tickets it printed for. Its configuration
  // and a drawer left open are the manager's and stay in.
  unaudited: ['PrinterStatusChanged', 'DrawerSensedOpen', 'DrawerSensedShut'],
  // A printer tells the stations what it printed from its queue, not from its facts. The drawer it kicks, at the
  // terminal whose receipts it prints, is told when it was left open and when that spell ended.
  react: (facts, commandId, states) =>
    facts.flatMap((fact, i): Call[] => {
      const terminalId = states?.[i]?.context.config?.serves.receiptsOf;
      if (!terminalId) return [];
      const drawerCommandId = followUpId(commandId, 'drawer');
      if (fact.type === 'DrawerLeftOpen') {
        const seconds = Math.round((Date.parse(fact.at) - Date.parse(fact.since)) / 1000);
        return [{ action: 'drawers.leftOpen', params: { terminalId, since: fact.since, seconds, commandId: drawerCommandId } }];
      }
      if (fact.type === 'DrawerSensedShut' && fact.leftOpenSince)
        return [{ action: 'drawers.shut', params: { terminalId, since: fact.leftOpenSince, commandId: drawerCommandId } }];
      return [];
    }),
};
