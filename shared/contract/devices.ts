/** The serial devices of the restaurant (the contract's v2: serial devices). */

export const DEVICE_KINDS = ['printer', 'scale', 'pole'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** What a printer's real-time status replies say; a scale and a pole display are only ONLINE or OFFLINE. */
export const PRINTER_STATUSES = ['ONLINE', 'OFFLINE', 'PAPER_OUT', 'PAPER_NEAR_END', 'COVER_OPEN', 'ERROR'] as const;
export type PrinterStatus = (typeof PRINTER_STATUSES)[number];

/** The baud rates a device may be set to. */
export const BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200] as const;

/** The pole display's command set. */
export const POLE_MODES = ['EPSON', 'CD5220'] as const;
export type PoleMode = (typeof POLE_MODES)[number];

/** What `GET /api/terminals/:id/weight` answers: a stable reading of the terminal's scale. */
export interface WeightReading {
  grams: number;
  stable: true;
}

/** What a device serves: a station's kitchen printer, the receipts of a POS, or the terminal a scale or pole belongs to. */
export interface DeviceServes {
  stationId?: string;
  terminalId?: string;
  receiptsOf?: string;
}

/** A device as a manager configures it (PUT /api/devices/:id). */
export interface DeviceConfig {
  kind: DeviceKind;
  model: string;
  path: string;
  baudRate: number;
  serves: DeviceServes;
  backupId?: string;
  mode?: PoleMode;
}

/** The cash drawer a printer kicks, as its sensor reads (DLE EOT 1): open since when, and whether too long. */
export interface DrawerSensor {
  open: boolean;
  /** When it last opened or shut. */
  since: string;
  /** Open longer than DRAWER_LEFT_OPEN_SECONDS: the manager's screen shows the alert until it is shut. */
  leftOpen: boolean;
}

export interface DeviceView extends DeviceConfig {
  id: string;
  status: PrinterStatus;
  /** When the status last changed. */
  statusAt: string;
  version: number;
  /** A printer's cash drawer, once its sensor first read it open. */
  drawer?: DrawerSensor;
  /** Pushed once on the `devices` topic when the device is deleted; never in GET /api/devices. */
  removed?: true;
}

/** What the ticket view says of a chit printed for it: which printer, and when. */
export interface TicketPrinted {
  deviceId: string;
  at: string;
}
