import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The Prometheus metrics of one node, served at GET /metrics. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    commands: new Counter({
      name: 'comanda_commands_total',
      help: 'Commands accepted by actors',
      labelNames: ['actor', 'command'] as const,
      registers: [registry],
    }),
    rejections: new Counter({
      name: 'comanda_rejections_total',
      help: 'Commands refused, by error type',
      labelNames: ['actor', 'command', 'type'] as const,
      registers: [registry],
    }),
    sendToSocket: new Histogram({
      name: 'comanda_send_to_socket_seconds',
      help: 'From the send of an order to its ticket leaving the gateway for the station sockets',
      buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    socketClients: new Gauge({ name: 'comanda_socket_clients', help: 'Connected Socket.IO clients', registers: [registry] }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
