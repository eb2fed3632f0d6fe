import type { AlertView } from '../../shared/contract/index.js';
import type { ActorKind, Call } from '../../shared/runtime/actor-kind.js';
import { followUpId } from '../../shared/runtime/actor-service.js';
import {
  DRAWER_FACTS,
  drawerMachine,
  drawerRefusals,
  type DrawerCommand,
  type DrawerContext,
  type DrawerFact,
} from './drawer.machine.js';
import { drawerView, projectDrawer } from './drawer.projection.js';

export const drawerKind: ActorKind<DrawerContext, DrawerCommand, DrawerFact> = {
  type: 'drawer',
  machine: drawerMachine,
  refusals: drawerRefusals,
  facts: DRAWER_FACTS,
  unknown: { type: 'UNKNOWN_DRAWER', message: (id) => `No cash drawer has the id ${id}.` },
  stateName: (snapshot) => String(snapshot.value),
  view: (id, version, snapshot) => drawerView(id, version, snapshot),
  views: ['drawer'],
  project: projectDrawer,
  // Its printer's DrawerLeftOpen, audited, says the same; the shut is sensor bookkeeping, as the printer's is.
  unaudited: ['LeftOpenAlertRaised', 'LeftOpenAlertCleared'],
  // Cash moves no other actor (payments tell the drawer, never the other way round); its terminal shows it open
  // or closed. Its terminal's receipt printer kicks it open for cash taken and an approved no-sale (a no-sale is
  // only decided approved), and prints its close. Found left open, it tells the managers' alerts topic, once.
  react: (facts, commandId, states) =>
    facts.flatMap((fact, i): Call[] => {
      switch (fact.type) {
        case 'CashSaleTaken':
        case 'NoSaleOpened': {
          const context = states?.[i]?.context;
          if (!context) return [];
          const { id: drawerId, terminalId } = context;
          const kickId = followUpId(commandId, 'kick');
          return [{ action: 'printers.kick', params: { terminalId, drawerId, jobId: `kick:${kickId}`, commandId: kickId } }];
        }
        case 'DrawerOpened':
          return [terminalCall('terminals.drawerOpened', fact, commandId)];
        case 'LeftOpenAlertRaised': {
          const { drawerId, terminalId, since, seconds, at } = fact;
          const alert: AlertView = {
            type: 'DRAWER_LEFT_OPEN',
            at,
            drawerId,
            terminalId,
            since,
            seconds,
            message: `Drawer ${drawerId} at ${terminalId} open for ${seconds} s.`,
          };
          return [{ action: 'gateway.alert', params: { alert, commandId: followUpId(commandId, 'alert') } }];
        }
        case 'DrawerClosed':
          return [
            terminalCall('terminals.drawerClosed', fact, commandId),
            {
              action: 'printers.drawerClose',
              params: { close: fact, jobId: `close:${fact.drawerId}:${fact.at}`, commandId: followUpId(commandId, 'print') },
            },
          ];
        default:
          return [];
      }
    }),
};

function terminalCall(action: string, fact: { terminalId: string; drawerId: string }, commandId: string): Call {
  return {
    action,
    params: { terminalId: fact.terminalId, drawerId: fact.drawerId, commandId: followUpId(commandId, 'terminal') },
  };
}
