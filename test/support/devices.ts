import { chmod, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { DeviceConfig, DeviceView } from '../../shared/contract/index.js';
import type { ApiClient } from '../harness.js';
import { until } from './processes.js';

/** A device as a test sets it up: where it is plugged and what it serves; the rest, unless it says, as a counter's receipt printer. */
export type DeviceSetUp = Partial<DeviceConfig> & Pick<DeviceConfig, 'path' | 'serves'>;

/** The devices the manager sees in GET /api/devices. */
export const devicesOf = async (manager: ApiClient) =>
  (await manager.get<{ devices: DeviceView[] }>('/api/devices')).body.devices;

/** Waits until the manager's list reads that device ONLINE; answers it as the list reads it. */
export const deviceOnline = (manager: ApiClient, deviceId: string, timeoutMs?: number) =>
  until(
    `${deviceId} online`,
    async () => (await devicesOf(manager)).find((d) => d.id === deviceId && d.status === 'ONLINE'),
    timeoutMs,
  );

/**
 * The manager sets up a device through PUT /api/devices/:id (a printer, an Epson TM-T20 at 9600 baud, unless the
 * set-up says otherwise) and waits until it is ONLINE; answers it as the manager's list then reads it.
 */
export async function setUpDevice(
  manager: ApiClient,
  deviceId: string,
  setUp: DeviceSetUp,
  timeoutMs?: number,
): Promise<DeviceView> {
  const answer = await manager.request('PUT', `/api/devices/${deviceId}`, {
    kind: 'printer',
    model: 'Epson TM-T20',
    baudRate: 9600,
    ...setUp,
  });
  expect(answer.status, `set up ${deviceId}: ${JSON.stringify(answer.body)}`).toBe(200);
  return deviceOnline(manager, deviceId, timeoutMs);
}

/** A fresh folder for a test's socat cables (`<folder>/<name>-comanda`), open to every user to read, as /dev is. */
export async function cableFolder(prefix: string): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), `${prefix}-`));
  await chmod(folder, 0o755);
  return folder;
}
