import pino from 'pino';
import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import type { LinkStatus } from '../../shared/runtime/serial-link.js';
import { poleScreen } from '../../test/support/pole-decoder.js';
import { poleBytes, poleLine, poleLinesOf, poleStart } from './pole-display.js';
import { PoleDriver } from './pole-driver.js';
import { until } from '../../test/support/processes.js';

const BRL = { locale: 'pt-BR', currency: 'BRL' };

/** An order as the pole reads it: its items, its totals and its payments. */
const order = (
  items: { name: string; quantity: number; priceCents: number; grams?: number }[],
  totalCents: number,
  payments = [],
) => ({
  items,
  totals: { totalCents },
  payments,
});

describe('what the pole display shows', () => {
  it('fits a line in 20, the price whole and to the right', () => {
    expect(poleLine('Picanha na brasa', 'R$ 89,90')).toBe('Picanha na  R$ 89,90');
    expect(poleLine('TOTAL', 'R$ 8,90')).toBe('TOTAL        R$ 8,90');
    expect(poleLine('Cafezinho')).toBe('Cafezinho           ');
  });

  it('the last item rung and the total; the total and the change after a cash payment; nothing for other changes', () => {
    const rung = order(
      [
        { name: 'Picanha na brasa', quantity: 1, priceCents: 8990 },
        { name: 'Caipirinha de limão', quantity: 2, priceCents: 2490 },
      ],
      15_367,
    );
    expect(poleLinesOf(rung, 'ItemAdded', BRL)).toEqual(['2x Caipirin R$ 49,80', 'TOTAL      R$ 153,67']);
    const paid = { ...rung, payments: [{ method: 'CASH', changeCents: 4633 }] };
    expect(poleLinesOf(paid, 'PaymentRecorded', BRL)).toEqual(['TOTAL      R$ 153,67', 'TROCO       R$ 46,33']);
    expect(poleLinesOf(paid, 'PaymentRecorded', { locale: 'en', currency: 'BRL' })?.[1]).toBe('CHANGE       R$46.33');
    expect(poleLinesOf({ ...rung, payments: [{ method: 'CARD' }] }, 'PaymentRecorded', BRL)).toBeNull();
    expect(poleLinesOf(rung, 'OrderSent', BRL)).toBeNull();
  });

  it('a plate weighed on the scale: its weight and its price', () => {
    const weighed = order([{ name: 'Buffet por quilo', quantity: 1, priceCents: 3851, grams: 482 }], 3851);
    expect(poleLinesOf(weighed, 'ItemAdded', BRL)).toEqual(['0,482 kg    R$ 38,51', 'TOTAL       R$ 38,51']);
  });

  it('speaks Epson (cursor moves, PC860 accents) and CD5220 (line commands, accents folded), as the manual says', () => {
    const lines = ['Salmão grelhado', 'TOTAL'] as const;
    expect([...poleStart('EPSON')]).toEqual([0x1b, 0x40, 0x1b, 0x74, 3]);
    const epson = poleBytes('EPSON', lines);
    expect([...epson.subarray(0, 6)]).toEqual([0x1f, 0x01, 0x1f, 0x24, 1, 1]);
    // ã is 0x84 in PC860.
    expect(epson[6 + 'Salm'.length]).toBe(0x84);
    expect(poleScreen('EPSON', Buffer.concat([poleStart('EPSON'), epson]))).toEqual([
      'Salmão grelhado     ',
      'TOTAL               ',
    ]);
    const cd5220 = poleBytes('CD5220', lines);
    expect([...cd5220.subarray(0, 3)]).toEqual([0x1b, 0x51, 0x41]);
    expect(Buffer.from(cd5220).toString('latin1')).toBe('\x1bQASalmao grelhado     \r\x1bQBTOTAL               \r');
    expect(poleScreen('CD5220', cd5220)).toEqual(['Salmao grelhado     ', 'TOTAL               ']);
  });
});

/** What the test needs of @serialport/binding-mock's port (its types do not resolve under NodeNext). */
interface MockRecording {
  recording: Buffer;
}

describe('the pole display driver, on @serialport/binding-mock', () => {
  let stop: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await stop?.();
    SerialPortMock.binding.reset();
  });

  it('initialises the display when its port opens, shows lines at once, and shows them again once plugged back', async () => {
    SerialPortMock.binding.createPort('/dev/ttyMOCKP0', { echo: false, record: true });
    const ports: SerialPortMock[] = [];
    const statuses: LinkStatus[] = [];
    const driver = new PoleDriver({
      deviceId: 'pole-1',
      mode: 'CD5220',
      openPort: () => {
        const port = new SerialPortMock({ path: '/dev/ttyMOCKP0', baudRate: 9600, autoOpen: false });
        ports.push(port);
        return port;
      },
      report: (status) => {
        statuses.push(status);
        return Promise.resolve();
      },
      timing: { pollMs: 20, firstRetryMs: 40, maxRetryMs: 160 },
      logger: pino({ level: 'silent' }),
    });
    stop = () => driver.stop();
    await until('the display online', async () => statuses.includes('ONLINE'));
    expect(statuses).toEqual(['ONLINE']);
    driver.show([poleLine('Cafezinho', 'R$ 5,90'), poleLine('TOTAL', 'R$ 5,90')]);
    const shown = ['Cafezinho    R$ 5,90', 'TOTAL        R$ 5,90'];
    const screenOf = (port: SerialPortMock) => poleScreen('CD5220', (port.port as unknown as MockRecording).recording);
    await until('the lines shown', async () => JSON.stringify(screenOf(ports[0]!)) === JSON.stringify(shown));
    // Unplugged: its port closes under the driver, which opens it again and writes what it showed.
    ports[0]!.close();
    await until('the port opened again', async () => ports.length >= 2 && ports.at(-1)!.isOpen);
    await until('the lines shown again', async () => JSON.stringify(screenOf(ports.at(-1)!)) === JSON.stringify(shown));
    const again = (ports.at(-1)!.port as unknown as MockRecording).recording;
    expect([...again.subarray(0, 1)]).toEqual([0x0c]);
    expect(poleScreen('CD5220', again)).toEqual(['Cafezinho    R$ 5,90', 'TOTAL        R$ 5,90']);
  });
});
