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
  // Cash moves no other actor (payments tell the drawer, never the other way round); its terminal shows it open.
  react: (facts, commandId) =>
    facts.flatMap((fact): Call[] => {
      if (fact.type !== 'DrawerOpened' && fact.type !== 'DrawerClosed') return [];
      const action = fact.type === 'DrawerOpened' ? 'terminals.drawerOpened' : 'terminals.drawerClosed';
      return [
        {
          action,
          params: { terminalId: fact.terminalId, drawerId: fact.drawerId, commandId: followUpId(commandId, 'terminal') },
        },
      ];
    }),
};
