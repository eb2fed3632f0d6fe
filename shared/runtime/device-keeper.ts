import type { Context, ServiceBroker } from 'moleculer';
import type { Logger } from 'pino';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { DeviceKind, DeviceView } from '../contract/index.js';
import { shardBy } from './actor-service.js';

/** Every node asks for each device's driver this often; a driver nobody asked for in three rounds closes its port. */
const KEEP_EVERY_MS = 2000;

export interface Driver {
  stop(): Promise<void>;
}

export interface KeeperOptions<D extends Driver> {
  /** The service whose `keep` action (sharded on the device id) holds the drivers of this kind. */
  service: string;
  kind: DeviceKind;
  sequelize: Sequelize;
  logger: Logger;
  /** A driver for the device as it is configured now: its port opens at once. */
  start: (device: DeviceView) => D;
  /** What ends with a device's driver besides its port (a printer's drawer check). */
  dropped?: (deviceId: string) => void;
}

/** The devices a manager configured and did not remove, of one kind or all, by id. */
export async function configuredDevices(sequelize: Sequelize, kind: DeviceKind | null = null): Promise<DeviceView[]> {
  const rows = await sequelize.query<{ data: DeviceView }>(
    "SELECT data FROM views WHERE kind = 'device' AND NOT (data ? 'removed') AND ($1::text IS NULL OR data->>'kind' = $1) ORDER BY id",
    { bind: [kind], type: QueryTypes.SELECT },
  );
  return rows.map((r) => r.data);
}

/** What, once changed, opens a device's port again. */
const wiring = (d: DeviceView) =>
  JSON.stringify([d.path, d.baudRate, d.mode ?? null, d.serves.terminalId ?? null, d.backupId ?? null]);

/**
 * Who drives which device (a printer, a scale, a pole display): the node the device id routes to (Shard). Every
 * node asks, every few seconds, for the driver of each configured device of its kind; the owner keeps it, or
 * opens it again when its path, baud rate, mode, terminal or backup changed; a driver nobody asked for lately
 * belongs to another node now, or to a removed device, and is stopped.
 */
export class DeviceKeeper<D extends Driver> {
  private readonly drivers = new Map<string, { driver: D; device: DeviceView; keptAt: number }>();
  private rounds: NodeJS.Timeout | null = null;

  constructor(private readonly o: KeeperOptions<D>) {}

  /** The devices of this kind a manager configured, and not removed. */
  configured(): Promise<DeviceView[]> {
    return configuredDevices(this.o.sequelize, this.o.kind);
  }

  /** This node's driver of the device, if it holds it. */
  driver(deviceId: string): D | null {
    return this.drivers.get(deviceId)?.driver ?? null;
  }

  /** The drivers held here, with the device each drives. */
  held(): { driver: D; device: DeviceView }[] {
    return [...this.drivers.values()];
  }

  /** On the owner: keeps the device's driver, opened again if its wiring changed. */
  async keep(device: DeviceView): Promise<D> {
    const held = this.drivers.get(device.id);
    if (held && wiring(held.device) === wiring(device)) {
      held.keptAt = Date.now();
      held.device = device;
      return held.driver;
    }
    await this.drop(device.id);
    const driver = this.o.start(device);
    this.drivers.set(device.id, { driver, device, keptAt: Date.now() });
    return driver;
  }

  async drop(deviceId: string): Promise<void> {
    const held = this.drivers.get(deviceId);
    this.drivers.delete(deviceId);
    this.o.dropped?.(deviceId);
    await held?.driver.stop();
  }

  /** Starts the rounds, once every node's service of this kind can answer. */
  start(broker: ServiceBroker): void {
    const ask = async () => {
      try {
        for (const device of await this.configured()) {
          await broker.call(`${this.o.service}.keep`, { deviceId: device.id, device });
        }
        for (const [deviceId, held] of this.drivers) if (Date.now() - held.keptAt > 3 * KEEP_EVERY_MS) await this.drop(deviceId);
      } catch (error) {
        this.o.logger.warn({ err: error, kind: this.o.kind }, 'could not ask for the devices’ drivers');
      }
    };
    const round = () => {
      this.rounds = setTimeout(() => void ask().finally(() => this.rounds && round()), KEEP_EVERY_MS);
    };
    void broker.waitForServices([this.o.service]).then(ask, () => undefined);
    round();
  }

  async stop(): Promise<void> {
    if (this.rounds) clearTimeout(this.rounds);
    this.rounds = null;
    await Promise.all([...this.drivers.keys()].map((id) => this.drop(id)));
  }
}

/** The owner's actions of a kind's service, called by every node's rounds and by the devices API. */
export function keeperActions(keeper: () => DeviceKeeper<Driver>) {
  return {
    /** From every node, every few seconds, and from the devices API at once: this node drives the device. */
    keep: {
      visibility: 'public' as const,
      ...shardBy('deviceId'),
      params: { deviceId: 'string', device: 'object' },
      async handler(ctx: Context<{ deviceId: string; device: DeviceView }>): Promise<void> {
        await keeper().keep(ctx.params.device);
      },
    },
    /** The device was taken out: its port closes. */
    drop: {
      visibility: 'public' as const,
      ...shardBy('deviceId'),
      params: { deviceId: 'string' },
      handler(ctx: Context<{ deviceId: string }>): Promise<void> {
        return keeper().drop(ctx.params.deviceId);
      },
    },
  };
}
