import type { Context, ServiceSchema } from 'moleculer';
import { SerialPort } from 'serialport';
import type { DeviceView, WeightReading } from '../../shared/contract/index.js';
import type { CallerMeta, RuntimeDeps } from '../../shared/runtime/deps.js';
import { DeviceKeeper, keeperActions } from '../../shared/runtime/device-keeper.js';
import { shardBy } from '../../shared/runtime/actor-service.js';
import { CommandError } from '../../shared/runtime/errors.js';
import { LINK_TIMING } from '../../shared/runtime/serial-link.js';
import { ScaleDriver } from './scale-driver.js';
import type { ScaleReading } from './toledo.js';
import { Weighings } from './weighings.js';

const WEIGHERS = ['WAITER', 'CASHIER', 'MANAGER'];
/** A Toledo answers an ENQ within a few tens of milliseconds; a busy node gets some slack. */
const REPLY_MS = 300;

type Params<P> = Context<P, CallerMeta>;

/** What the POS is told of a reading that is no weight to ring. */
function weightOf(reading: ScaleReading | null, terminalId: string): WeightReading {
  if (reading === null)
    throw new CommandError('SCALE_OFFLINE', `The scale of ${terminalId} does not answer: check its cable and power.`);
  if (reading.kind === 'UNSTABLE') throw new CommandError('SCALE_UNSTABLE', 'The weight is still moving: wait a moment.');
  if (reading.kind === 'NEGATIVE')
    throw new CommandError('SCALE_NEGATIVE', 'The scale reads below zero: empty it and zero it (tare).');
  if (reading.kind === 'OVERLOAD') throw new CommandError('SCALE_OVERLOAD', 'Too heavy for the scale: weigh it in parts.');
  if (reading.grams === 0) throw new CommandError('SCALE_ZERO', 'The scale reads zero: put the plate on it.');
  return { grams: reading.grams, stable: true };
}

/**
 * Scales: each one a device (configured through the devices API, its actor in actors/printer), driven on the
 * node its id routes to, where its port is open. The POS weighs through GET /api/terminals/:id/weight, asking
 * the scale at that moment; it polls that while its weighing dialog is open. The node driving a scale keeps the
 * weights it answered lately (Weighings), which the orders service asks about before it rings a plate's grams.
 */
export function scaleService(deps: RuntimeDeps): ServiceSchema {
  const { logger, sequelize } = deps;
  let keeper: DeviceKeeper<ScaleDriver>;
  const weighings = new Weighings();
  const scaleOf = async (terminalId: string) =>
    (await keeper.configured()).find((d) => d.serves.terminalId === terminalId) ?? null;

  return {
    name: 'scales',
    created() {
      const broker = this.broker;
      keeper = new DeviceKeeper({
        service: 'scales',
        kind: 'scale',
        sequelize,
        logger,
        dropped: (deviceId) => weighings.forget(deviceId),
        start: (device) =>
          new ScaleDriver({
            deviceId: device.id,
            openPort: () => new SerialPort({ path: device.path, baudRate: device.baudRate, autoOpen: false }),
            report: (status) =>
              broker
                .call('printers.status', { deviceId: device.id, status })
                .then(() => undefined)
                .catch((error: unknown) => logger.warn({ err: error, deviceId: device.id }, 'could not record a scale’s status')),
            timing: { ...LINK_TIMING, replyMs: REPLY_MS },
            logger,
          }),
      });
    },
    started() {
      keeper.start(this.broker);
    },
    stopped() {
      return keeper.stop();
    },
    actions: {
      /** The POS weighs: a stable reading of its terminal's scale, or why there is none to ring. */
      weight: {
        roles: WEIGHERS,
        params: { terminalId: 'string|min:1|max:40' },
        async handler(ctx: Params<{ terminalId: string }>): Promise<WeightReading> {
          const { terminalId } = ctx.params;
          const scale = await scaleOf(terminalId);
          if (!scale) throw new CommandError('NO_SCALE', `No scale serves ${terminalId}: a manager sets one up.`);
          return ctx.call('scales.read', { deviceId: scale.id, device: scale });
        },
      },
      /** On the node that holds the scale's port: what it reads now, as the POS is told it; a weight is kept to ring. */
      read: {
        visibility: 'public',
        ...shardBy('deviceId'),
        params: { deviceId: 'string', device: 'object' },
        async handler(ctx: Params<{ deviceId: string; device: DeviceView }>): Promise<WeightReading> {
          const { deviceId, device } = ctx.params;
          // Configured a moment ago, before a round reached this node: its driver is opened now.
          const driver = keeper.driver(deviceId) ?? (await keeper.keep(device));
          const answer = weightOf(await driver.weigh(), device.serves.terminalId ?? deviceId);
          weighings.answered(deviceId, answer.grams, deps.clock().getTime());
          return answer;
        },
      },
      /**
       * From the orders service, ringing a plate: whether the caller's terminal's scale answered these grams lately
       * and no other ring took that weighing (it is this command's now); false when no scale serves the terminal.
       */
      ringWeighing: {
        visibility: 'public',
        params: { terminalId: 'string', grams: 'number', commandId: 'string' },
        async handler(ctx: Params<{ terminalId: string; grams: number; commandId: string }>): Promise<boolean> {
          const { terminalId, grams, commandId } = ctx.params;
          const scale = await scaleOf(terminalId);
          if (!scale) return false;
          return ctx.call('scales.ringReading', { deviceId: scale.id, grams, commandId });
        },
      },
      /** On the node that drives the scale, where its weighings are kept. */
      ringReading: {
        visibility: 'public',
        ...shardBy('deviceId'),
        params: { deviceId: 'string', grams: 'number', commandId: 'string' },
        handler(ctx: Params<{ deviceId: string; grams: number; commandId: string }>): boolean {
          const { deviceId, grams, commandId } = ctx.params;
          return weighings.ring(deviceId, grams, commandId, deps.clock().getTime());
        },
      },
      ...keeperActions(() => keeper),
    },
  };
}
