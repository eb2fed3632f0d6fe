/** The end state every cluster test asserts after its disturbance, and the report it prints first. */
import { expect } from 'vitest';
import { failureSummary, type Cluster, type EndState, type Rush } from './cluster.js';

export function report(cluster: Cluster, run: Rush, state: EndState, lines: string[]): void {
  const longest = state.outages[0];
  console.log(
    [
      ...lines,
      `${run.records.length} commands, ${run.records.filter((r) => r.outcome === 'accepted').length} accepted; ${run.orders.length} orders`,
      `longest outage of an actor: ${longest ? `${Math.round(longest.ms)} ms (${longest.kind} ${longest.actorId}, ${longest.attempts} attempts)` : 'none'}; actors with an outage: ${state.outages.filter((o) => o.ms > 0).length}`,
      `top outages: ${state.outages
        .slice(0, 8)
        .map((o) => `${o.kind}:${o.actorId.slice(0, 8)} ${Math.round(o.ms)} ms`)
        .join(', ')}`,
      `screen gaps repaired by re-fetch: ${state.gapsRepaired}; resyncs told by gateways: ${state.resyncs}; tickets drawn only from a re-fetch: ${state.fetchedOnly}; missed tickets already bumped when re-fetched: ${state.closedBeforeDrawn}; tickets bumped from the HTTP sweep (never seen on a screen): ${run.sweptTickets.length}`,
      `events by type (events/distinct commandIds): ${state.invariants.byType.map((t) => `${t.type} ${t.events}/${t.commands}`).join(', ')}`,
      'failed attempts seen by clients:',
      ...failureSummary(run.records).slice(0, 15),
      'warnings and errors the nodes logged:',
      ...cluster.warnings().slice(0, 80),
    ].join('\n'),
  );
}

/** Nothing lost, nothing twice, nothing a screen could not repair: every broken promise at once, by name. */
export function expectEndState(cluster: Cluster, run: Rush, state: EndState, orders: number): void {
  const { invariants } = state;
  const broken: Record<string, unknown[]> = {
    'nodes that died by themselves': cluster.crashed(),
    'streams whose versions are not 1..n': invariants.gappyStreams,
    'commandIds with two events': invariants.duplicateCommands,
    'commands rows without their event': invariants.commandsWithoutEvent,
    'events without their commands row': invariants.eventsWithoutCommand,
    'event types with more events than commandIds': invariants.byType.filter((t) => t.events !== t.commands),
    'commands that never got a 2xx within the retry window': state.failed,
    'commands refused although the client did nothing wrong': state.refusals,
    'accepted commands missing from the log': state.acceptedButMissing,
    'events no client asked for': state.unknownEvents,
    'orders not as their accepted commands say': state.wrongOrders,
    'what the screens show vs HTTP': state.screens,
    'orders opened': run.orders.length === orders ? [] : [`${run.orders.length} of ${orders}`],
  };
  expect(Object.fromEntries(Object.entries(broken).filter(([, list]) => list.length > 0))).toEqual({});
}
