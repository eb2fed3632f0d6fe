import type { Redis } from 'ioredis';
import type { ServiceBroker, ServiceSchema } from 'moleculer';
import type { Sequelize } from 'sequelize';

/** What one node can reach: empty when all is well, else one line per lost dependency. */
export interface NodeHealth {
  nodeID: string;
  problems: string[];
}

const within = <T>(ms: number, work: Promise<T>) =>
  Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);

/** The transporter's own view of its connection: nats v2 only logs a closed connection, so ask it. */
export function transporterLost(broker: ServiceBroker): boolean {
  const transit = broker.transit as unknown as
    { connected?: boolean; tx?: { client?: { isClosed?: () => boolean } } } | undefined;
  if (!transit) return false;
  return transit.connected === false || transit.tx?.client?.isClosed?.() === true;
}

interface PeerNode {
  id: string;
  services?: { name: string }[];
}

export async function checkNode(broker: ServiceBroker, sequelize: Sequelize, redis: Redis | null): Promise<NodeHealth> {
  const problems: string[] = [];
  if (transporterLost(broker)) problems.push('NATS: the transporter is disconnected');
  await within(1500, sequelize.query('SELECT 1')).catch(() => problems.push('Postgres: cannot be reached'));
  if (redis) await within(1000, redis.ping()).catch(() => problems.push('Redis: cannot be reached'));
  return { nodeID: broker.nodeID, problems };
}

/** Runs on every node, whatever SERVICES says, so a gateway can ask each node what it can reach. */
export function nodeHealthService(sequelize: Sequelize, redis: Redis | null): ServiceSchema {
  let heartbeats: NodeJS.Timeout | null = null;
  return {
    name: 'node-health',
    started(this: { broker: ServiceBroker }) {
      // Moleculer looks for silent nodes only once per heartbeat timeout, so a node that died just after a check
      // was dropped up to two timeouts later. Looking every half second drops it one timeout after its last beat.
      const discoverer = (this.broker.registry as unknown as { discoverer?: { checkRemoteNodes?: () => void } }).discoverer;
      if (this.broker.transit && discoverer?.checkRemoteNodes) {
        heartbeats = setInterval(() => discoverer.checkRemoteNodes!(), 500);
        heartbeats.unref();
      }
    },
    stopped() {
      if (heartbeats) clearInterval(heartbeats);
    },
    actions: {
      check: {
        visibility: 'public',
        handler(this: { broker: ServiceBroker }) {
          return checkNode(this.broker, sequelize, redis);
        },
      },
    },
    events: {
      // Until this node knew that gateway, its broadcasts skipped it, and a screen with no later message would
      // never notice: now that they reach it, the gateway tells its screens to re-fetch.
      '$node.connected'(this: { broker: ServiceBroker }, ctx: { params: { node: PeerNode } }) {
        const { node } = ctx.params;
        if (!node.services?.some((s) => s.name === 'gateway')) return;
        this.broker
          .call('gateway.resync', { reason: `${this.broker.nodeID} found it` }, { nodeID: node.id })
          .catch((error: unknown) =>
            this.broker.logger.warn({ err: error, gateway: node.id }, 'could not ask a gateway to resync'),
          );
      },
    },
  };
}
