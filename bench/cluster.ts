/**
 * cluster: send → KDS on three runtime nodes and a gateway over NATS (each its own process), its p50 over one node's
 * p50 measured in the same run (by the send-to-kds figure when it ran, else by one round here); add-item beside it.
 */
import { Cluster, GATEWAY_SERVICES, RUNTIME_SERVICES } from '../test/cluster/cluster.js';
import { missingTools } from '../test/support/processes.js';
import { addItemRate, ADD } from './add-item.js';
import { atCleanup, ms, perSecond, probeLine, ratio, type Figure } from './common.js';
import { oneNodeSend, sendToKds } from './send-to-kds.js';

/** Issue 9: the cluster's send → KDS p50 at most twice one node's. */
const TARGET_RATIO = 2;

export const clusterFigure: Figure = {
  name: 'cluster',
  async run(bench) {
    const missing = missingTools(['nats-server', 'redis-server']);
    if (missing) return [{ figure: 'cluster send → KDS p50', measured: 'skipped', baseline: missing, ratio: '', target: '' }];
    const oneNodeP50 = (await oneNodeSend(bench)).p50;
    console.log(
      `cluster: three runtime nodes (${RUNTIME_SERVICES}) and one gateway (${GATEWAY_SERVICES}), each its own` +
        ' process, over their own nats-server and redis-server, on a fresh database of the test Postgres',
    );
    const cluster = await Cluster.start({ runtimes: 3, gateways: 1 });
    const forget = atCleanup(() => cluster.stop());
    const gateway = cluster.gateways[0]!;
    const pid = gateway.proc.child.pid!;
    const send = await sendToKds(gateway.baseUrl, pid, cluster.databaseUrl);
    console.log(
      `   send → KDS: p50 ${ms(send.p50)}, p99 ${ms(send.p99)}, max ${ms(send.max)} over ${send.count} tickets (missing ${send.missing});` +
        ` HTTP p50 ${ms(send.httpP50)} p99 ${ms(send.httpP99)}; non-200 ${send.non200}`,
    );
    console.log(`   ${probeLine(send.probe)}`);
    console.log(`   ${send.cpu.replace('node', 'gateway')}`);
    const add = await addItemRate(gateway.baseUrl, pid, ADD.shortOrder);
    console.log(
      `   add-item, ${ADD.shortOrder}-item orders: ${perSecond(add.rate)} accepted (${add.accepted} 2xx, ${add.refused} not), latency p50 ${ms(add.p50)} p99 ${ms(add.p99)}`,
    );
    console.log(`   ${add.cpu.replace('node', 'gateway')}`);
    console.log(`   target: p50 ≤ ${TARGET_RATIO} × one node's\n`);
    await cluster.stop();
    forget();
    return [
      {
        figure: 'cluster send → KDS p50',
        measured: ms(send.p50),
        baseline: `one node ${ms(oneNodeP50)}`,
        ratio: ratio(send.p50, oneNodeP50),
        target: `≤ ${TARGET_RATIO}`,
      },
      {
        figure: `cluster add-item/s, ${ADD.shortOrder}-item orders`,
        measured: perSecond(add.rate),
        baseline: '',
        ratio: '',
        target: '',
      },
    ];
  },
};
