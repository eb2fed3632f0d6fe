import type { Api } from '../lib/api.js';
import { ApiError } from '../lib/api.js';
import type { AlertView, DayView, DeviceView, DrawerView, Terminal } from '../lib/contract.js';
import { Coalesced, VersionedMap } from '../lib/versions.js';
import { newerDay, type StationLoad } from './manager-model.js';

/** How many alerts the banner keeps. */
const ALERTS_KEPT = 5;

/**
 * What the manager watches live: every terminal, station, drawer, the day and the alerts. Each list is read
 * over HTTP on every (re)connect and kept up by the socket's messages; a version gap re-reads that terminal or
 * drawer. The
 * stations' figures are read again on their tickets' messages (the open count and oldest ticket change then)
 * and on a timer (a ticket turns late with no message). No DOM.
 */
export class ManagerFeed {
  readonly terminals = new VersionedMap<Terminal>();
  readonly drawers = new VersionedMap<DrawerView>();
  /** The serial devices; a removed one leaves the list when its message says so. */
  readonly devices = new VersionedMap<DeviceView>();
  stations: StationLoad[] = [];
  day: DayView | null = null;
  /** True once the server said no day was ever opened (404 NO_DAY). */
  noDay = false;
  alerts: AlertView[] = [];
  loaded = false;

  constructor(
    private readonly api: Pick<Api, 'get'>,
    private readonly changed: () => void,
    private readonly failed: (error: unknown) => void,
  ) {}

  private readonly terminalsFetch = new Coalesced(async () => {
    this.terminals.beginFetch();
    try {
      const { terminals } = await this.api.get<{ terminals: Terminal[] }>('/api/terminals');
      this.terminals.endFetch(terminals);
    } catch (error) {
      this.terminals.abortFetch();
      throw error;
    }
    this.changed();
  });

  private readonly drawersFetch = new Coalesced(async () => {
    this.drawers.beginFetch();
    try {
      const { drawers } = await this.api.get<{ drawers: DrawerView[] }>('/api/drawers');
      this.drawers.endFetch(drawers);
    } catch (error) {
      this.drawers.abortFetch();
      throw error;
    }
    this.changed();
  });

  private readonly devicesFetch = new Coalesced(async () => {
    this.devices.beginFetch();
    try {
      const { devices } = await this.api.get<{ devices: DeviceView[] }>('/api/devices');
      this.devices.endFetch(devices);
    } catch (error) {
      this.devices.abortFetch();
      throw error;
    }
    this.changed();
  });

  readonly stationsFetch = new Coalesced(async () => {
    const { stations } = await this.api.get<{ stations: StationLoad[] }>('/api/stations/load');
    this.stations = stations;
    this.loaded = true;
    this.changed();
  });

  private readonly dayFetch = new Coalesced(async () => {
    try {
      this.applyDay(await this.api.get<DayView>('/api/day'));
    } catch (error) {
      if (!(error instanceof ApiError && error.type === 'NO_DAY')) throw error;
      this.noDay = true;
      this.changed();
    }
  });

  /** Everything again: on connect, reconnect and the server's resync. */
  resync(): void {
    for (const fetch of [this.terminalsFetch, this.drawersFetch, this.devicesFetch, this.stationsFetch, this.dayFetch]) {
      fetch.request().catch(this.failed);
    }
  }

  refreshStations(): void {
    this.stationsFetch.request().catch(this.failed);
  }

  refreshDay(): void {
    this.dayFetch.request().catch(this.failed);
  }

  applyTerminal(view: Terminal): void {
    if (this.terminals.apply(view) !== 'gap') return;
    this.api
      .get<Terminal>(`/api/terminals/${view.id}`)
      .then((t) => {
        this.terminals.apply(t);
        this.changed();
      })
      .catch(this.failed);
  }

  applyDrawer(view: DrawerView): void {
    if (this.drawers.apply(view) !== 'gap') return;
    this.api
      .get<DrawerView>(`/api/drawers/${view.id}`)
      .then((d) => {
        this.drawers.apply(d);
        this.changed();
      })
      .catch(this.failed);
  }

  /** Each message is the device's whole view: a gap needs no read, as a newer version says all. */
  applyDevice(view: DeviceView): void {
    this.devices.apply(view);
  }

  applyDay(view: DayView): void {
    if (!newerDay(this.day, view)) return;
    this.day = view;
    this.noDay = false;
    this.changed();
  }

  /** An alert sent again (its outbox delivered it twice) is the one shown already. */
  applyAlert(alert: AlertView): void {
    if (this.alerts.some((a) => a.type === alert.type && a.at === alert.at)) return;
    this.alerts = [alert, ...this.alerts].slice(0, ALERTS_KEPT);
  }

  dismissAlert(at: string): void {
    this.alerts = this.alerts.filter((a) => a.at !== at);
  }
}
