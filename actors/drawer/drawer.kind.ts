import type { ActorKind } from '../../shared/runtime/actor-kind.js';
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
  // Cash moves no other actor: payments tell the drawer, never the other way round.
  react: () => [],
};
