import type { ActorKind } from '../../shared/runtime/actor-kind.js';
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
  // Paper running out and coming back is device bookkeeping that would bury the audit log; what a printer
  // printed is in its queue (print_jobs) and on the tickets it printed for.
  audited: false,
  // A printer tells the stations what it printed from its queue, not from its facts.
  react: () => [],
};
