import type { Context, ServiceBroker } from 'moleculer';
import type { RuntimeDeps } from '../shared/runtime/deps.js';
import { checkNode, type NodeHealth } from '../shared/runtime/node-health.js';

/** GET /api/health: this node's reach, and every node of the cluster with its services and its own reach. */
export async function health(
  broker: ServiceBroker,
  deps: RuntimeDeps,
  transporter: string | null,
  ctx: Context<unknown, { $statusCode?: number }>,
) {
  const self = await checkNode(broker, deps.sequelize, deps.redis);
  const nodes = (broker.registry as unknown as { getNodeList(o: object): unknown }).getNodeList({
    onlyAvailable: true,
    withServices: true,
  }) as { id: string; services: { name: string }[] }[];
  const reach = await Promise.all(
    nodes.map((n) =>
      n.id === broker.nodeID
        ? self
        : (ctx.call('node-health.check', {}, { nodeID: n.id, timeout: 2000 }) as Promise<NodeHealth>).catch(() => ({
            nodeID: n.id,
            problems: ['not answering'],
          })),
    ),
  );
  if (self.problems.length > 0) ctx.meta.$statusCode = 503;
  return {
    status: self.problems.length === 0 ? 'ok' : 'degraded',
    nodeID: broker.nodeID,
    // The kind of transporter, never its URL: that may hold credentials.
    transporter: transporter ? new URL(transporter).protocol.replace(':', '') : 'none',
    db: self.problems.some((p) => p.startsWith('Postgres')) ? 'unreachable' : 'ok',
    redis: deps.redis ? (self.problems.some((p) => p.startsWith('Redis')) ? 'unreachable' : 'ok') : 'none',
    problems: self.problems,
    nodes: nodes.map((n, i) => ({
      id: n.id,
      services: n.services.map((s) => s.name).filter((name) => !name.startsWith('$') && name !== 'node-health'),
      problems: reach[i]!.problems,
    })),
  };
}
