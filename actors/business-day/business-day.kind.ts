import { DAY_VIEWS } from '../../shared/contract/index.js';
import type { ActorKind } from '../../shared/runtime/actor-kind.js';
import { followUpId } from '../../shared/runtime/actor-service.js';
import {
  DAY_FACTS,
  businessDayMachine,
  businessDayRefusals,
  type DayCommand,
  type DayContext,
  type DayFact,
} from './business-day.machine.js';
import { dayView, projectDay } from './business-day.projection.js';

export const businessDayKind: ActorKind<DayContext, DayCommand, DayFact> = {
  type: 'business-day',
  machine: businessDayMachine,
  refusals: businessDayRefusals,
  facts: DAY_FACTS,
  unknown: { type: 'NO_DAY', message: () => 'No business day was ever opened.' },
  stateName: (snapshot) => String(snapshot.value),
  // A close answers its Z report; an open, the day.
  view: (_id, version, snapshot, fact) => (fact.type === 'DayClosed' ? fact.zReport : dayView(version, snapshot)),
  views: [DAY_VIEWS.day, DAY_VIEWS.zReport],
  project: projectDay,
  // The Z report prints at the close, as it was stored.
  react: (facts, commandId) =>
    facts.flatMap((fact) =>
      fact.type === 'DayClosed'
        ? [
            {
              action: 'printers.zReport',
              params: { report: fact.zReport, jobId: `z:${fact.number}`, commandId: followUpId(commandId, 'print') },
            },
          ]
        : [],
    ),
};
