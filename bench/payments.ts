/**
 * The payments issue's two figures, both CARD payments on the shared node through the two simulated acquirers the bench
 * runs in its own process (ACQUIRERS, common.ts's benchAcquirers), so each payment includes the acquirer's HTTP round
 * trip:
 *
 *   payment-to-customer  HTTP card payment → the `order` message showing the order PAID on the customer display's socket
 *                        (cd-1, following terminal:pos-1 as /customer/ does), open loop, p50/p99 beside send → KDS's
 *   payments             card payments/s, closed loop, each client paying what is due on an order rung beforehand,
 *                        beside add-item/s on 10-item orders at the same concurrency
 */
import { randomUUID } from 'node:crypto';
import type { OrderView } from '../shared/contract/index.js';
import { sleep } from '../test/support/processes.js';
import { ADD, oneNodeAddItem } from './add-item.js';
import {
  closedLoop,
  HttpClient,
  mapLimit,
  ms,
  OpenLoop,
  perSecond,
  QUICK,
  ratio,
  screenSocket,
  type Figure,
  type Reply,
} from './common.js';
import { oneNodeSend, SEND } from './send-to-kds.js';

/** What each order is rung with before its payment: a grill item and a drink, on no table (no service charge). */
const ITEMS = ['picanha', 'caipirinha'];
const CARD = 'tok_visa';
const ACQUIRER_NOTE = 'CARD through an acquirer simulator in the bench process (HTTP round trip included)';

export const PAYMENT_PUSH = {
  rate: Number(process.env.BENCH_PAYMENT_RATE ?? 50),
  warmup: QUICK ? 20 : 100,
  measured: QUICK ? 100 : 400,
};

interface Rung {
  id: string;
  dueCents: number;
}

/** An order opened on pos-1 with ITEMS added (not sent: the kitchen is not what is measured); what is due on it. */
export async function ring(client: HttpClient): Promise<Rung> {
  const id = await client.openOrder();
  let view: OrderView | null = null;
  for (const product of ITEMS) {
    const reply = await client.addItem(id, product);
    if (reply.status !== 200) throw new Error(`add-item answered ${reply.status}: ${reply.text.slice(0, 300)}`);
    view = JSON.parse(reply.text) as OrderView;
  }
  return { id, dueCents: view!.totals.dueCents };
}

export const payByCard = (client: HttpClient, order: Rung): Promise<Reply> =>
  client.request('POST', `/api/orders/${order.id}/payments`, {
    commandId: randomUUID(),
    method: 'CARD',
    amountCents: order.dueCents,
    cardToken: CARD,
  });

export const paymentToCustomerFigure: Figure = {
  name: 'payment-to-customer',
  async run(bench) {
    const node = await bench.oneNode();
    const send = await oneNodeSend(bench);
    const loop = new OpenLoop(PAYMENT_PUSH);
    console.log(
      `payment → customer display: card payment issued → the order message showing it PAID on cd-1's socket` +
        ` (terminal:pos-1, what /customer/ follows); ${PAYMENT_PUSH.warmup} warm-up + ${PAYMENT_PUSH.measured} measured,` +
        ` open loop at ${PAYMENT_PUSH.rate}/s; ${ACQUIRER_NOTE}`,
    );
    const waiter = new HttpClient(node.baseUrl, 64);
    const display = new HttpClient(node.baseUrl, 2);
    await waiter.login('pos-1', '1111');
    // Any staff role pairs the display; its session neither idles out nor counts against the waiter's.
    const displayToken = await display.login('cd-1', '1111');
    const orders = await mapLimit(loop.total, 32, () => ring(waiter));
    const indexOf = new Map(orders.map((o, i) => [o.id, i]));
    const socket = await screenSocket(node.baseUrl, displayToken, 'cd-1', ['terminal:pos-1']);
    try {
      socket.on('order', (view: OrderView) => {
        const i = indexOf.get(view.id);
        if (i !== undefined && view.status === 'PAID') loop.pushed(i);
      });
      const paid = await loop.run(async (i) => {
        const reply = await payByCard(waiter, orders[i]!);
        // OpenLoop counts a status other than 200 as refused; a payment taken is 201.
        return reply.status === 201 ? { ...reply, status: 200 } : reply;
      });
      console.log(
        `   p50 ${ms(paid.p50)}, p99 ${ms(paid.p99)}, max ${ms(paid.max)} over ${paid.count} payments (missing ${paid.missing});` +
          ` the payment's HTTP answer p50 ${ms(paid.httpP50)}, p99 ${ms(paid.httpP99)}; not 201: ${paid.non200};` +
          ` generator's worst lag behind schedule ${ms(paid.maxLag)}`,
      );
      console.log(
        `   beside send → KDS on the same node in this run (open loop at ${SEND.rate}/s): p50 ${ms(send.p50)}, p99 ${ms(send.p99)}\n`,
      );
      const missing = paid.missing ? ` (${paid.missing} pushes missing)` : '';
      return [
        {
          figure: 'card payment → customer display p99',
          measured: `${ms(paid.p99)}${missing}`,
          baseline: `send → KDS p99 ${ms(send.p99)} (${SEND.rate}/s)`,
          ratio: ratio(paid.p99, send.p99),
          target: '',
        },
        {
          figure: 'card payment → customer display p50',
          measured: ms(paid.p50),
          baseline: `send → KDS p50 ${ms(send.p50)} (${SEND.rate}/s)`,
          ratio: ratio(paid.p50, send.p50),
          target: '',
        },
      ];
    } finally {
      socket.close();
      await sleep(200);
      waiter.close();
      display.close();
    }
  },
};

export const paymentsFigure: Figure = {
  name: 'payments',
  async run(bench) {
    const node = await bench.oneNode();
    // First, before this figure's login: a waiter holds at most three sessions, and a fourth ends the oldest.
    const addItems = await oneNodeAddItem(bench);
    const clients = ADD.clients;
    const window = ADD.window;
    // Enough orders rung beforehand for payments at a fifth of add-item's rate and half again (about three times what
    // was seen, on a busy machine); past them a client rings one in the loop, counted, its time in that payment's.
    const ahead = Math.ceil((addItems / 5) * ((window.warmupMs + window.durationMs) / 1000) * 1.5);
    console.log(
      `payments: ${clients} clients, closed loop, each paying by card what is due on an order rung beforehand` +
        ` (${ITEMS.join(' + ')}, ${ahead} orders); ${window.warmupMs / 1000} s warm-up, ${window.durationMs / 1000} s measured; ${ACQUIRER_NOTE}`,
    );
    const client = new HttpClient(node.baseUrl, clients);
    try {
      await client.login('pos-1', '1111');
      const ready = await mapLimit(ahead, clients, () => ring(client));
      let rungInLoop = 0;
      const figure = await closedLoop(
        clients,
        async () => {
          let order = ready.pop();
          if (!order) {
            rungInLoop++;
            order = await ring(client);
          }
          return (await payByCard(client, order)).status === 201;
        },
        node.pid,
        window,
      );
      console.log(
        `   ${perSecond(figure.rate)} taken (${figure.accepted} 201, ${figure.refused} not), latency p50 ${ms(figure.p50)} p99 ${ms(figure.p99)};` +
          ` ${ready.length} rung orders left, ${rungInLoop} rung in the loop\n      per second: ${figure.perSecond.join(' ')}\n      ${figure.cpu}`,
      );
      console.log(
        `   beside add-item/s on the same node in this run (${clients} clients, ${ADD.shortOrder}-item orders): ${perSecond(addItems)}\n`,
      );
      return [
        {
          figure: `card payments/s, ${clients} clients`,
          measured: `${perSecond(figure.rate)}${rungInLoop ? ` (${rungInLoop} rung in the loop)` : ''}`,
          baseline: `add-item/s ${perSecond(addItems)} (${clients} clients)`,
          ratio: ratio(figure.rate, addItems),
          target: '',
        },
      ];
    } finally {
      client.close();
    }
  },
};
