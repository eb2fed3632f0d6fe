import type { Context, ServiceSchema } from 'moleculer';
import { SerialPort } from 'serialport';
import type { OrderView } from '../../shared/contract/index.js';
import type { RuntimeDeps } from '../../shared/runtime/deps.js';
import { DeviceKeeper, keeperActions } from '../../shared/runtime/device-keeper.js';
import { LINK_TIMING } from '../../shared/runtime/serial-link.js';
import { PoleDriver } from './pole-driver.js';
import { poleLinesOf } from './pole-display.js';

/**
 * Pole displays: each one a device (configured through the devices API, its actor in actors/printer), driven on
 * the node its id routes to. Every node hears each order change; the node holding the pole of the order's
 * terminal shows it: the last item rung and the total, then the total and the change of a cash payment.
 */
export function poleService(deps: RuntimeDeps): ServiceSchema {
  const { logger, sequelize, settings } = deps;
  let keeper: DeviceKeeper<PoleDriver>;

  return {
    name: 'poles',
    created() {
      const broker = this.broker;
      keeper = new DeviceKeeper({
        service: 'poles',
        kind: 'pole',
        sequelize,
        logger,
        start: (device) =>
          new PoleDriver({
            deviceId: device.id,
            mode: device.mode ?? 'EPSON',
            openPort: () => new SerialPort({ path: device.path, baudRate: device.baudRate, autoOpen: false }),
            report: (status) =>
              broker
                .call('printers.status', { deviceId: device.id, status })
                .then(() => undefined)
                .catch((error: unknown) =>
                  logger.warn({ err: error, deviceId: device.id }, 'could not record a pole display’s status'),
                ),
            timing: LINK_TIMING,
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
    events: {
      'order.updated'(ctx: Context<{ view: OrderView; event: string }>) {
        const { view, event } = ctx.params;
        // Every order change on every node comes here: the lines are worked out only where a display shows them.
        const poles = keeper.held().filter(({ device }) => device.serves.terminalId === view.terminalId);
        if (poles.length === 0) return;
        const lines = poleLinesOf(view, event, settings);
        if (lines) for (const { driver } of poles) driver.show(lines);
      },
    },
    actions: {
      ...keeperActions(() => keeper),
    },
  };
}
