/** `npm run acquirer -- --port P --name N [--slow-ms MS]`: one simulated acquirer, until Ctrl-C or SIGTERM. */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { startAcquirer } from './acquirer.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4001' },
    name: { type: 'string', default: 'acquirer' },
    'slow-ms': { type: 'string', default: '30000' },
  },
});
const port = Number(values.port);
const slowMs = Number(values['slow-ms']);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not "${values.port}".`);
if (!Number.isInteger(slowMs) || slowMs < 0)
  throw new Error(`--slow-ms must be a whole number of milliseconds, not "${values['slow-ms']}".`);

const acquirer = await startAcquirer({ port, name: values.name, slowMs, logger: pino() });
const stop = () => void acquirer.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
