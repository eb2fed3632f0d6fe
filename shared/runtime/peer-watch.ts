import type { ServiceBroker } from 'moleculer';
import { connect, type NatsConnection } from 'nats';
import type { Logger } from 'pino';

/**
 * What a nats-server with a system account publishes the moment a client's connection closes, a `kill -9` included:
 * the server sees the socket end at once, while the node's peers would wait for three missed heartbeats.
 */
export const DISCONNECT_ADVISORIES = '$SYS.ACCOUNT.*.DISCONNECT';

/** The reason logged with every peer dropped on an advisory: the cluster tests look for it. */
export const PEER_GONE_REASON = 'disconnected advisory';

/** The part of `io.nats.server.advisory.v1.client_disconnect` read here. */
interface DisconnectAdvisory {
  client?: { name?: string };
  reason?: string;
}

/** What of Moleculer's node catalog is used here (its typings say `any`). */
interface NodeCatalog {
  get(nodeID: string): { available: boolean } | undefined;
  disconnected(nodeID: string, isUnexpected: boolean): void;
}

export interface PeerWatch {
  stop: () => Promise<void>;
}

/** A NATS URL's user and password go in options: nats.js v2 does not read them from the URL. */
function systemConnectOptions(systemUrl: string, name: string) {
  const url = new URL(systemUrl);
  return {
    servers: url.host,
    user: url.username ? decodeURIComponent(url.username) : undefined,
    pass: url.password ? decodeURIComponent(url.password) : undefined,
    name,
    maxReconnectAttempts: -1,
  };
}

/**
 * Drops a peer from this node's registry as soon as the server says its transporter connection closed. Peers are
 * known by connection name: every node names its transporter connection after its node id (`brokerOptions`).
 * A peer whose connection only blipped is found again by its next heartbeat, as after any drop.
 */
export async function watchPeers(broker: ServiceBroker, systemUrl: string, logger: Logger): Promise<PeerWatch> {
  const nc: NatsConnection = await connect(systemConnectOptions(systemUrl, `${broker.nodeID}:peer-watch`));
  const nodes = broker.registry.nodes as NodeCatalog;
  nc.subscribe(DISCONNECT_ADVISORIES, {
    callback: (error, msg) => {
      if (error) return void logger.warn({ err: error }, 'peer watch: advisory subscription failed');
      let advisory: DisconnectAdvisory;
      try {
        advisory = msg.json<DisconnectAdvisory>();
      } catch {
        return;
      }
      const peer = advisory.client?.name;
      if (!peer || peer === broker.nodeID || !nodes.get(peer)?.available) return;
      nodes.disconnected(peer, true);
      logger.warn(
        { peer, reason: PEER_GONE_REASON, natsReason: advisory.reason },
        'peer dropped: the server says its NATS connection closed',
      );
    },
  });
  return {
    async stop() {
      await nc.drain().catch(() => nc.close());
    },
  };
}
