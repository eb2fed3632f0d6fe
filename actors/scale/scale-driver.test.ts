import pino from 'pino';
import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import type { LinkStatus } from '../../shared/runtime/serial-link.js';
import { until } from '../../test/support/processes.js';
import { ScaleDriver } from './scale-driver.js';
import { readingOf, type ScaleReading } from './toledo.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the test needs of @serialport/binding-mock's port (its types do not resolve under NodeNext). */
interface MockWrites {
  write(buffer: Buffer): Promise<void>;
  emitData(data: Buffer): void;
}

/**
 * A scale on the mock port: each ENQ is answered with `answer.current` (raw bytes, in chunks as a slow line
 * cuts them), or nothing while it is null.
 */
function scaleOn(path: string, answer: { current: Buffer[] | null }) {
  SerialPortMock.binding.createPort(path, { echo: false, record: true });
  return (): SerialPortMock => {
    const port = new SerialPortMock({ path, baudRate: 9600, autoOpen: false });
    const opening = port.open.bind(port);
    port.open = (callback?: (error: Error | null) => void) =>
      opening((error) => {
        if (!error) {
          const binding = port.port as unknown as MockWrites;
          const write = binding.write.bind(binding);
          binding.write = async (buffer: Buffer) => {
            await write(buffer);
            if (buffer.includes(0x05) && answer.current) {
              for (const [i, chunk] of answer.current.entries()) setTimeout(() => binding.emitData(chunk), 1 + i * 5);
            }
          };
        }
        callback?.(error);
      });
    return port;
  };
}

const frame = (body: string) => Buffer.from(`\x02${body}\x03`, 'latin1');

function driverOn(open: () => SerialPortMock, statuses: LinkStatus[]) {
  let opens = 0;
  const driver = new ScaleDriver({
    deviceId: 'scale-1',
    openPort: () => {
      opens++;
      return open();
    },
    report: (status) => {
      statuses.push(status);
      return Promise.resolve();
    },
    timing: { pollMs: 20, replyMs: 500, firstRetryMs: 40, maxRetryMs: 160 },
    logger: pino({ level: 'silent' }),
  });
  return { driver, opens: () => opens };
}

describe('Toledo protocol B frames', () => {
  it('reads grams, and the five letters of a reading that is no weight', () => {
    const cases: [string, ScaleReading | null][] = [
      ['\x0200482', { kind: 'WEIGHT', grams: 482 }],
      ['\x0200000', { kind: 'WEIGHT', grams: 0 }],
      ['\x02IIIII', { kind: 'UNSTABLE' }],
      ['\x02NNNNN', { kind: 'NEGATIVE' }],
      ['\x02SSSSS', { kind: 'OVERLOAD' }],
      // Noise before the frame (half a frame after the cable went in) is not read.
      ['\x00\x7f\x0201250', { kind: 'WEIGHT', grams: 1250 }],
      ['00482', null],
      ['\x020048', null],
      ['\x02ABCDE', null],
    ];
    for (const [bytes, reading] of cases) expect(readingOf(Buffer.from(bytes, 'latin1'))).toEqual(reading);
  });
});

describe('the scale driver, on @serialport/binding-mock', () => {
  let stop: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await stop?.();
    SerialPortMock.binding.reset();
  });

  it('weighs by ENQ, reads a frame cut across chunks, and is OFFLINE while the scale says nothing', async () => {
    const answer = { current: [frame('00482')] as Buffer[] | null };
    const statuses: LinkStatus[] = [];
    const { driver } = driverOn(scaleOn('/dev/ttyMOCKS0', answer), statuses);
    stop = () => driver.stop();
    await until('the scale online', async () => statuses.includes('ONLINE'));
    expect(statuses).toEqual(['ONLINE']);
    expect(await driver.weigh()).toEqual({ kind: 'WEIGHT', grams: 482 });
    answer.current = [Buffer.from('\x0201', 'latin1'), Buffer.from('25', 'latin1'), Buffer.from('0\x03', 'latin1')];
    expect(await driver.weigh()).toEqual({ kind: 'WEIGHT', grams: 1250 });
    answer.current = [frame('IIIII')];
    expect(await driver.weigh()).toEqual({ kind: 'UNSTABLE' });
    answer.current = [frame('SSSSS')];
    expect(await driver.weigh()).toEqual({ kind: 'OVERLOAD' });
    answer.current = null;
    expect(await driver.weigh()).toBeNull();
    await until('the silence read as OFFLINE', async () => statuses.at(-1) === 'OFFLINE');
  });

  it('answers weighings asked at once in turn, each with its own frame', async () => {
    const answer = { current: [frame('00300')] as Buffer[] | null };
    const statuses: LinkStatus[] = [];
    const { driver } = driverOn(scaleOn('/dev/ttyMOCKS1', answer), statuses);
    stop = () => driver.stop();
    await until('the scale online', async () => statuses.includes('ONLINE'));
    const readings = await Promise.all([driver.weigh(), driver.weigh(), driver.weigh()]);
    expect(readings).toEqual([0, 1, 2].map(() => ({ kind: 'WEIGHT', grams: 300 })));
  });

  it('a port that is not there is OFFLINE and tried again after waits that double, not in a loop', async () => {
    const statuses: LinkStatus[] = [];
    const { driver, opens } = driverOn(
      () => new SerialPortMock({ path: '/dev/ttyNOSCALE', baudRate: 9600, autoOpen: false }),
      statuses,
    );
    stop = () => driver.stop();
    await sleep(500);
    expect(statuses).toEqual(['OFFLINE']);
    expect(await driver.weigh()).toBeNull();
    // 40, 80, 160, 160 ms: four or five tries in half a second (fewer on a loaded machine), where a loop would make thousands.
    expect(opens()).toBeGreaterThanOrEqual(2);
    expect(opens()).toBeLessThanOrEqual(6);
  });
});
