import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { Context, ServiceSchema } from 'moleculer';
import { QueryTypes } from 'sequelize';
import { SerialPort } from 'serialport';
import {
  BAUD_RATES,
  DEVICE_KINDS,
  POLE_MODES,
  type DayReport,
  type DeviceConfig,
  type DeviceKind,
  type DeviceView,
  type PrinterStatus,
  type TicketView,
} from '../../shared/contract/index.js';
import { ActorHost, type CommandInput } from '../../shared/runtime/actor-host.js';
import { actingOf, shardBy } from '../../shared/runtime/actor-service.js';
import type { CallerMeta, RuntimeDeps } from '../../shared/runtime/deps.js';
import { configuredDevices, DeviceKeeper, keeperActions } from '../../shared/runtime/device-keeper.js';
import { CommandError } from '../../shared/runtime/errors.js';
import type { DrawerFact } from '../drawer/drawer.machine.js';
import type { Receipt } from '../order/order.receipt.js';
import { chitBytes, drawerCloseBytes, kickBytes, receiptBytes, reportBytes } from './escpos.js';
import { PrintQueue, type AfterPrint, type HeldJob } from './print-queue.js';
import { DEFAULT_TIMING, PrinterDriver } from './printer-driver.js';
import type { PrinterCommand } from './printer.machine.js';
import { printerKind } from './printer.kind.js';

const MANAGERS = ['MANAGER'];
const REPORT_READERS = ['MANAGER', 'CASHIER'];
const id = 'string|min:1|max:40';
/** How long a list of the devices read for printing stands (a change made on this node or told by another is seen at once). */
const DEVICES_FRESH_MS = 2000;

/** The service that drives a scale or a pole display (the printers drive their own). */
const DRIVEN_BY: Record<Exclude<DeviceKind, 'printer'>, string> = { scale: 'scales', pole: 'poles' };

type Params<P> = Context<P, CallerMeta>;
type Put = DeviceConfig & { deviceId: string };
/** A REPORT job's document: a day's X or Z report, or a drawer's close. */
type ReportDocument = { report: DayReport } | { close: Extract<DrawerFact, { type: 'DrawerClosed' }> };
/** What the outbox hands a print: the job's id, made from the fact, so a fact told twice prints once. */
type Print<P> = Params<P & { jobId: string }>;

/** A refusal the machine answers when nothing changed: the status was that already, the device is removed already. */
const unlessUnchanged = (error: unknown): null => {
  if (error instanceof CommandError && error.type === 'INVALID_TRANSITION') return null;
  throw error;
};

/**
 * Printers: each an actor (its configuration and its status), driven from the node that owns it, where its port
 * is opened (a DeviceKeeper: Shard on the device id, every node asks every few seconds for each printer's driver,
 * and the owner keeps it). What prints waits in the print queue (print-queue.ts) until its printer can print it.
 */
export function printerService(deps: RuntimeDeps): ServiceSchema {
  const { sequelize, logger, settings } = deps;
  const host = new ActorHost(printerKind, deps);
  let queue: PrintQueue;
  let keeper: DeviceKeeper<PrinterDriver>;
  let stations = new Map<string, string>();
  const holder = randomUUID();

  /** Tells a printer what its driver read; a reading that changes nothing is no news. */
  const tell = (deviceId: string, command: CommandInput<PrinterCommand>['command']) => {
    const { type, ...request } = command;
    return host
      .execute({ actorId: deviceId, commandId: randomUUID(), request, command })
      .then(
        () => undefined,
        (error: unknown) => void unlessUnchanged(error),
      )
      .catch((error: unknown) => logger.warn({ err: error, deviceId, type }, 'could not record what a printer read'));
  };
  const report = (deviceId: string, status: PrinterStatus) => tell(deviceId, { type: 'REPORT_STATUS', status });

  /** Per printer, the check due once its drawer has been open DRAWER_LEFT_OPEN_SECONDS: a timer is a command the host sends. */
  const drawerChecks = new Map<string, NodeJS.Timeout>();
  const stopDrawerCheck = (deviceId: string) => {
    clearTimeout(drawerChecks.get(deviceId));
    drawerChecks.delete(deviceId);
  };
  /**
   * Waits until the drawer has been open DRAWER_LEFT_OPEN_SECONDS since the actor says it opened (a node that took
   * the printer over finds it open already), then asks the actor. A timer keeps the event loop's time, which a busy
   * loop leaves behind the clock the machine's guard reads: one that fires early waits again for what is left. A
   * check refused or lost (the actor's opening later than the one waited from, the database away) looks again at
   * what the actor says, a second later at the soonest, until the alert is raised or the drawer shut.
   */
  const checkDrawer = async (deviceId: string, soonestMs = 0) => {
    stopDrawerCheck(deviceId);
    const drawer = (await viewOf(deviceId))?.drawer;
    if (!drawer?.open || drawer.leftOpen) return;
    const leftOpenSeconds = settings.drawerLeftOpenSeconds;
    const dueAt = Math.max(Date.parse(drawer.since) + leftOpenSeconds * 1000, deps.clock().getTime() + soonestMs);
    const due = () => {
      const early = dueAt - deps.clock().getTime();
      if (early > 0) return void drawerChecks.set(deviceId, setTimeout(due, early).unref());
      drawerChecks.delete(deviceId);
      void tell(deviceId, { type: 'CHECK_DRAWER', leftOpenSeconds }).then(() => checkDrawer(deviceId, 1000));
    };
    due();
  };
  const reportDrawer = async (deviceId: string, open: boolean) => {
    await tell(deviceId, { type: 'REPORT_DRAWER', open });
    await checkDrawer(deviceId);
  };

  const render = (job: HeldJob): Uint8Array => {
    const paper = {
      restaurantName: settings.restaurantName,
      locale: settings.locale,
      currency: settings.currency,
      reprint: job.reprint,
    };
    switch (job.kind) {
      case 'CHIT': {
        const ticket = job.document as TicketView;
        return chitBytes(ticket, {
          stationName: stations.get(ticket.stationId) ?? ticket.stationId,
          locale: settings.locale,
          reprint: job.reprint,
        });
      }
      case 'RECEIPT':
        return receiptBytes(job.document as Receipt, paper);
      case 'REPORT': {
        const document = job.document as ReportDocument;
        return 'close' in document ? drawerCloseBytes(document.close, paper) : reportBytes(document.report, paper);
      }
      case 'DRAWER_KICK':
        return kickBytes();
    }
  };

  /** A chit printed: its station hears it, so the ticket's view says where it printed. */
  const afterPrint: AfterPrint = (job, deviceId, at) => {
    if (job.kind !== 'CHIT') return null;
    const ticket = job.document as TicketView;
    return {
      action: 'stations.printed',
      params: { stationId: ticket.stationId, ticketId: ticket.id, deviceId, printedAt: at, commandId: `printed:${job.id}` },
    };
  };

  const startDriver = (device: DeviceView) =>
    new PrinterDriver({
      deviceId: device.id,
      backupId: device.backupId ?? null,
      openPort: () => new SerialPort({ path: device.path, baudRate: device.baudRate, autoOpen: false }),
      queue,
      holder,
      render,
      report: (status) => report(device.id, status),
      reportDrawer: (open) => reportDrawer(device.id, open),
      afterPrint,
      timing: { ...DEFAULT_TIMING, failoverMs: settings.printerFailoverSeconds * 1000 },
      logger,
      clock: deps.clock,
    });

  const portThere = async (path: string) => {
    if (!(await stat(path).catch(() => null)))
      throw new CommandError('DEVICE_PATH_NOT_FOUND', `path: no serial port ${path} on this node: check the cable and the path.`);
  };

  /** A manager's configuration, in the log with who set it and where (the audit reads it). */
  const configure = async (ctx: Params<unknown>, deviceId: string, config: DeviceConfig) => {
    const view = (await host.execute({
      ...actingOf(ctx),
      actorId: deviceId,
      commandId: randomUUID(),
      request: config,
      command: { type: 'CONFIGURE', config },
    })) as DeviceView;
    recent = null;
    return view;
  };

  /** A scale's or a pole display's driver is another service's: it is told to stop driving the port. */
  const closeElsewhere = (ctx: Params<unknown>, kind: Exclude<DeviceKind, 'printer'>, deviceId: string) =>
    ctx
      .call(`${DRIVEN_BY[kind]}.drop`, { deviceId })
      .catch((error: unknown) => logger.warn({ err: error, deviceId }, 'could not close the port of a device taken out'));

  /**
   * A scale or a pole display belongs to one POS: it serves a terminal, one of each kind a terminal, and has no
   * backup; a pole display has the mode its DIP switch is set to. Its port is opened at once by its own service.
   */
  const putTerminalDevice = async (ctx: Params<Put>, kind: Exclude<DeviceKind, 'printer'>): Promise<DeviceView> => {
    const { deviceId, model, path, baudRate, serves, backupId, mode } = ctx.params;
    const what = kind === 'scale' ? 'a scale' : 'a pole display';
    if (!serves.terminalId || serves.stationId || serves.receiptsOf)
      throw new CommandError('BAD_REQUEST', `serves: ${what} serves one terminal (terminalId) and nothing else.`);
    if (backupId) throw new CommandError('BAD_REQUEST', `backupId: only a printer has a backup, not ${what}.`);
    if (kind === 'pole' && !mode)
      throw new CommandError('BAD_REQUEST', `mode: a pole display speaks ${POLE_MODES.join(' or ')}, as its DIP switch is set.`);
    if (kind === 'scale' && mode) throw new CommandError('BAD_REQUEST', 'mode: only a pole display has a mode.');
    await ctx.call('terminals.get', { terminalId: serves.terminalId });
    const other = (await devices()).find(
      (d) => d.kind === kind && d.serves.terminalId === serves.terminalId && d.id !== deviceId,
    );
    if (other)
      throw new CommandError('TERMINAL_HAS_DEVICE', `serves.terminalId: ${serves.terminalId} has ${what} already (${other.id}).`);
    await portThere(path);
    const view = await configure(ctx, deviceId, {
      kind,
      model,
      path,
      baudRate,
      serves: { terminalId: serves.terminalId },
      ...(mode ? { mode } : {}),
    });
    // A printer set up under this id before is one no longer.
    await keeper.drop(deviceId);
    await ctx
      .call(`${DRIVEN_BY[kind]}.keep`, { deviceId, device: view })
      .catch((error: unknown) =>
        logger.warn({ err: error, deviceId }, 'could not open the port of a device now; its round will'),
      );
    return view;
  };

  const devices = () => configuredDevices(sequelize);

  /**
   * The devices as they were a moment ago, for what asks on every ticket fired and every check paid (most
   * restaurants' stations have no printer): read again after DEVICES_FRESH_MS, and at once when one changes.
   */
  let recent: { at: number; devices: Promise<DeviceView[]> } | null = null;
  const recentDevices = (): Promise<DeviceView[]> => {
    if (!recent || Date.now() - recent.at > DEVICES_FRESH_MS) {
      const read = devices();
      recent = { at: Date.now(), devices: read };
      read.catch(() => (recent = null));
    }
    return recent.devices;
  };

  const viewOf = async (deviceId: string) => {
    const row = await deps.models.View.findOne({ where: { kind: 'device', id: deviceId } });
    const view = row?.get('data') as DeviceView | undefined;
    return view && !view.removed ? view : null;
  };

  /** The printer of a terminal's receipts and drawer (its `serves.receiptsOf`), or null when it has none. */
  const receiptPrinterOf = async (terminalId: string | null) =>
    (await recentDevices()).find((d) => d.kind === 'printer' && terminalId !== null && d.serves.receiptsOf === terminalId) ??
    null;

  /** The terminal a fact was decided at, as the log keeps it beside the fact. */
  const terminalOf = async (where: string, bind: unknown[]) => {
    const [row] = await sequelize.query<{ terminal: string | null }>(
      `SELECT terminal_id AS terminal FROM events WHERE ${where} ORDER BY position LIMIT 1`,
      { bind, type: QueryTypes.SELECT },
    );
    return row?.terminal ?? null;
  };

  /** Queues a job on the receipt printer of the terminal; a terminal with none prints nothing. */
  const printAt = async (
    terminalId: string | null,
    jobId: string,
    kind: 'RECEIPT' | 'REPORT' | 'DRAWER_KICK',
    document: unknown,
  ) => {
    const printer = await receiptPrinterOf(terminalId);
    if (!printer) {
      logger.debug({ terminalId, jobId }, 'no receipt printer serves the terminal: nothing printed');
      return null;
    }
    await queue.add(jobId, printer.id, kind, document);
    return printer;
  };

  return {
    name: 'printers',
    events: {
      // A device set up, changed or taken out on any node.
      'device.updated'() {
        recent = null;
      },
    },
    created() {
      const broker = this.broker;
      queue = new PrintQueue(sequelize, deps.outbox, deps.clock, (deviceId) => {
        broker
          .call('printers.wake', { deviceId })
          .catch((error: unknown) => logger.warn({ err: error, deviceId }, 'could not wake a printer for its new job'));
      });
      keeper = new DeviceKeeper({
        service: 'printers',
        kind: 'printer',
        sequelize,
        logger,
        start: startDriver,
        dropped: stopDrawerCheck,
      });
    },
    async started() {
      stations = new Map((await deps.models.Station.findAll()).map((s) => [s.get().id, s.get().name as string]));
      keeper.start(this.broker);
    },
    stopped() {
      // Each driver dropped, and its drawer check with it.
      return keeper.stop();
    },
    actions: {
      list: {
        roles: MANAGERS,
        async handler(): Promise<{ devices: DeviceView[] }> {
          return { devices: await devices() };
        },
      },
      jobs: {
        roles: MANAGERS,
        params: { deviceId: id },
        async handler(ctx: Params<{ deviceId: string }>) {
          if (!(await viewOf(ctx.params.deviceId)))
            throw new CommandError('UNKNOWN_DEVICE', `No device has the id ${ctx.params.deviceId}.`);
          return { jobs: await queue.list(ctx.params.deviceId) };
        },
      },
      /** A manager sets a device up, or changes it: checked on the node that will open its port. */
      put: {
        roles: MANAGERS,
        ...shardBy('deviceId'),
        params: {
          deviceId: { type: 'string', min: 1, max: 40, pattern: /^[a-z0-9-]+$/ },
          kind: {
            type: 'enum',
            values: [...DEVICE_KINDS],
            messages: { enumValue: `kind must be one of ${DEVICE_KINDS.join(', ')}` },
          },
          model: 'string|min:1|max:80',
          path: 'string|min:1|max:200',
          baudRate: {
            type: 'enum',
            values: [...BAUD_RATES],
            messages: { enumValue: `baudRate must be one of ${BAUD_RATES.join(', ')}` },
          },
          serves: {
            type: 'object',
            strict: 'remove',
            props: {
              stationId: 'string|optional|min:1|max:40',
              receiptsOf: 'string|optional|min:1|max:40',
              terminalId: 'string|optional|min:1|max:40',
            },
          },
          backupId: 'string|optional|min:1|max:40',
          mode: {
            type: 'enum',
            values: [...POLE_MODES],
            optional: true,
            messages: { enumValue: `mode must be one of ${POLE_MODES.join(', ')} (the pole display's DIP switch)` },
          },
        },
        async handler(ctx: Params<Put>): Promise<DeviceView> {
          const { deviceId, kind, model, path, baudRate, serves, backupId, mode } = ctx.params;
          if (kind !== 'printer') return putTerminalDevice(ctx, kind);
          if (mode) throw new CommandError('BAD_REQUEST', 'mode: only a pole display has a mode.');
          if (!serves.stationId && !serves.receiptsOf) {
            throw new CommandError(
              'BAD_REQUEST',
              'serves: a printer serves a station (stationId) or the receipts of a POS (receiptsOf).',
            );
          }
          if (backupId === deviceId)
            throw new CommandError('BAD_REQUEST', `backupId: printer ${deviceId} cannot be its own backup.`);
          if (backupId && !(await viewOf(backupId))) {
            throw new CommandError('UNKNOWN_BACKUP', `backupId: no printer has the id ${backupId}; set up the backup first.`);
          }
          if (serves.stationId && !stations.has(serves.stationId)) {
            throw new CommandError('UNKNOWN_STATION', `serves.stationId: no kitchen station has the id ${serves.stationId}.`);
          }
          if (serves.receiptsOf) await ctx.call('terminals.get', { terminalId: serves.receiptsOf });
          await portThere(path);
          const view = await configure(ctx, deviceId, { kind, model, path, baudRate, serves, ...(backupId ? { backupId } : {}) });
          // Opened at once, with what it was set to now.
          await keeper.drop(deviceId);
          await keeper.keep(view);
          return view;
        },
      },
      /** A manager takes a device out: its port closes; what waited on it stays in its queue, shown by its jobs. */
      remove: {
        roles: MANAGERS,
        ...shardBy('deviceId'),
        params: { deviceId: id },
        async handler(ctx: Params<{ deviceId: string }>): Promise<null> {
          const kind = (await viewOf(ctx.params.deviceId))?.kind;
          await host
            .execute({
              ...actingOf(ctx),
              actorId: ctx.params.deviceId,
              commandId: randomUUID(),
              request: {},
              command: { type: 'REMOVE' },
            })
            .catch(unlessUnchanged);
          recent = null;
          await keeper.drop(ctx.params.deviceId);
          if (kind && kind !== 'printer') await closeElsewhere(ctx, kind, ctx.params.deviceId);
          return null;
        },
      },
      /** From the driver of a scale or a pole display, on whatever node holds its port: its status changed. */
      status: {
        visibility: 'public',
        ...shardBy('deviceId'),
        params: { deviceId: 'string', status: { type: 'enum', values: ['ONLINE', 'OFFLINE'] } },
        handler(ctx: Params<{ deviceId: string; status: 'ONLINE' | 'OFFLINE' }>) {
          return report(ctx.params.deviceId, ctx.params.status);
        },
      },
      keep: keeperActions(() => keeper).keep,
      /** A job was queued for the printer, on whatever node: its driver, if it runs here, prints it now. */
      wake: {
        visibility: 'public',
        ...shardBy('deviceId'),
        params: { deviceId: 'string' },
        handler(ctx: Params<{ deviceId: string }>) {
          keeper.driver(ctx.params.deviceId)?.wake();
        },
      },
      /**
       * From an order, through the outbox: the customer's receipt (or a pending PIX's QR code to scan), on the
       * receipt printer of the terminal that took the payment.
       */
      receipt: {
        visibility: 'public',
        params: { orderId: 'string', paymentId: 'string', jobId: 'string', receipt: 'object', commandId: 'string' },
        async handler(ctx: Print<{ orderId: string; paymentId: string; receipt: Receipt }>) {
          const { orderId, paymentId, jobId, receipt } = ctx.params;
          // No receipt printer anywhere (a kitchen-only set-up, or none yet): no need to find the terminal.
          if (!(await recentDevices()).some((d) => d.kind === 'printer' && d.serves.receiptsOf)) return;
          const terminalId = await terminalOf("stream_id = $1 AND type = 'PaymentRecorded' AND data->'payment'->>'id' = $2", [
            orderId,
            paymentId,
          ]);
          await printAt(terminalId, jobId, 'RECEIPT', receipt);
        },
      },
      /** From a drawer, through the outbox: cash taken or an approved no-sale kicks it open through its printer. */
      kick: {
        visibility: 'public',
        params: { terminalId: 'string', drawerId: 'string', jobId: 'string', commandId: 'string' },
        async handler(ctx: Print<{ terminalId: string; drawerId: string }>) {
          const { terminalId, drawerId, jobId } = ctx.params;
          await printAt(terminalId, jobId, 'DRAWER_KICK', { drawerId, terminalId });
        },
      },
      /** From a drawer, through the outbox: its close (counted, expected, over or short) prints at its terminal. */
      drawerClose: {
        visibility: 'public',
        params: { close: 'object', jobId: 'string', commandId: 'string' },
        async handler(ctx: Print<{ close: Extract<DrawerFact, { type: 'DrawerClosed' }> }>) {
          const { close, jobId } = ctx.params;
          await printAt(close.terminalId, jobId, 'REPORT', { close } satisfies ReportDocument);
        },
      },
      /**
       * From the days, through the outbox: the Z report prints at the close, at the terminal that closed the day;
       * one with no receipt printer (the manager's screen) has it printed on the first receipt printer there is,
       * so the day's paper is never missing.
       */
      zReport: {
        visibility: 'public',
        params: { report: 'object', jobId: 'string', commandId: 'string' },
        async handler(ctx: Print<{ report: DayReport }>) {
          const { report, jobId } = ctx.params;
          const terminalId = await terminalOf("type = 'DayClosed' AND (data->>'number')::int = $1", [report.dayNumber]);
          const printer =
            (await receiptPrinterOf(terminalId)) ??
            (await recentDevices()).find((d) => d.kind === 'printer' && d.serves.receiptsOf);
          if (!printer) {
            logger.warn({ dayNumber: report.dayNumber }, 'no receipt printer: the Z report is not printed');
            return;
          }
          await queue.add(jobId, printer.id, 'REPORT', { report } satisfies ReportDocument);
        },
      },
      /** A manager or cashier prints the X report of the open day on their terminal's receipt printer. */
      printX: {
        roles: REPORT_READERS,
        params: { commandId: { type: 'uuid', messages: { uuid: 'commandId must be a UUID made by the client' } } },
        async handler(ctx: Params<{ commandId: string }>) {
          const terminalId = ctx.meta.user?.terminalId ?? null;
          const printer = await receiptPrinterOf(terminalId);
          if (!printer) {
            throw new CommandError(
              'NO_RECEIPT_PRINTER',
              `No receipt printer serves ${terminalId ?? 'this terminal'}: print the X report at a terminal with one.`,
            );
          }
          const report = await ctx.call<DayReport, unknown>('days.xReport', {});
          // The same commandId again is the same job: one paper.
          const jobId = `x:${ctx.params.commandId}`;
          await queue.add(jobId, printer.id, 'REPORT', { report } satisfies ReportDocument);
          return { jobId, deviceId: printer.id };
        },
      },
      /**
       * From a station, through the outbox: a ticket fired (printed when none of the station's kitchen screens is
       * online) or drawn by no screen in time (printed). Queued once, whichever asks first, on the station's printer.
       */
      fallback: {
        visibility: 'public',
        params: {
          ticketId: 'string',
          reason: { type: 'enum', values: ['FIRED', 'UNACKNOWLEDGED'] },
          stationId: 'string|optional',
          commandId: 'string',
        },
        async handler(ctx: Params<{ ticketId: string; reason: 'FIRED' | 'UNACKNOWLEDGED'; stationId?: string }>) {
          const { stationId } = ctx.params;
          if (stationId && !(await recentDevices()).some((d) => d.serves.stationId === stationId)) return;
          const row = await deps.models.View.findOne({ where: { kind: 'ticket', id: ctx.params.ticketId } });
          const ticket = row?.get('data') as TicketView | undefined;
          if (!ticket) return;
          const printer = (await recentDevices()).find((d) => d.serves.stationId === ticket.stationId);
          if (!printer) {
            // A dark station's ticket will be flagged unacknowledged in a moment: that is when it is worth a line.
            if (ctx.params.reason === 'UNACKNOWLEDGED') {
              logger.warn(
                { stationId: ticket.stationId, ticketId: ticket.id },
                'no printer serves the station: its ticket cannot print',
              );
            }
            return;
          }
          if (ctx.params.reason === 'FIRED') {
            const [{ screens }] = (await sequelize.query(
              `SELECT EXISTS (SELECT 1 FROM terminals t JOIN views v ON v.kind = 'terminal' AND v.id = t.id
                 WHERE t.kind = 'KDS' AND t.station = $1 AND (v.data->>'online')::boolean) AS screens`,
              { bind: [ticket.stationId], type: QueryTypes.SELECT },
            )) as [{ screens: boolean }];
            if (screens) return;
          }
          await queue.add(`chit:${ticket.id}`, printer.id, 'CHIT', ticket);
        },
      },
    },
  };
}
