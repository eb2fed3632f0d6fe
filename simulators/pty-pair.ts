import { spawn, type ChildProcess } from 'node:child_process';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { SerialPort } from 'serialport';

/** A serial cable made by socat: Comanda opens `path`, the simulated device holds `port`, the far end. */
export interface PtyPair {
  path: string;
  port: SerialPort;
  /** Pulls the cable: socat goes, and both ends of the pair with it. */
  unplug: () => Promise<void>;
  close: () => Promise<void>;
}

/** A pseudo-terminal pair (`socat pty,raw,echo=0 pty,raw,echo=0`, ../shared/DEVICES.md) in `dir`, its far end open. */
export async function ptyPair(dir: string, name: string): Promise<PtyPair> {
  const device = path.join(dir, `${name}-comanda`);
  const far = path.join(dir, `${name}-device`);
  const socat = spawn('socat', [`pty,raw,echo=0,link=${device}`, `pty,raw,echo=0,link=${far}`], { stdio: 'ignore' });
  for (let i = 0; ; i++) {
    const both = await Promise.all([access(device), access(far)]).then(
      () => true,
      () => false,
    );
    if (both) break;
    if (i > 100) throw new Error('socat made no pseudo-terminal pair in 5 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  const port = new SerialPort({ path: far, baudRate: 9600 });
  await new Promise<void>((resolve, reject) => port.once('open', resolve).once('error', reject));
  port.on('error', () => undefined);
  return {
    path: device,
    port,
    unplug: () => stop(socat),
    close: async () => {
      await new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()));
      await stop(socat);
    },
  };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await gone;
}
