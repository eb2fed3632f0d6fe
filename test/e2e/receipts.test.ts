import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceView, OrderView, PaymentView } from '../../shared/contract/index.js';
import { signPixWebhook } from '../../shared/payments/pix-webhook.js';
import { startPrinterSim, type PrinterSim } from '../../simulators/printer/printer-sim.js';
import { decodeEscPos, textOf, type DecodedJob } from '../../simulators/printer/escpos-decoder.js';
import { cableFolder, devicesOf, setUpDevice } from '../support/devices.js';
import { missingTools, sleep, until } from '../support/processes.js';
import { ApiClient, nextMessage, startTestNode, type TestNode } from '../harness.js';

const skip = missingTools(['socat']);
const PIX_SECRET = 'receipts-test-psp-secret';

type Job = { id: string; kind: string; status: string };

/** Money as the paper prints it in pt-BR: "R$ 12,34" (under a thousand reais). */
const brl = (cents: number) => `R$ ${(cents / 100).toFixed(2).replace('.', ',')}`;
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A line of a label on the left and its amount on the right, as the paper lays them out. */
const row = (label: string, cents: number, sign = '') =>
  expect.stringMatching(new RegExp(`^${escaped(label)} +${escaped(sign + brl(cents))}$`)) as unknown;

describe.skipIf(skip !== null)('receipts, reports and the cash drawer on a receipt printer (socat, a simulated printer)', () => {
  let node: TestNode;
  let dir: string;
  let printer: PrinterSim;
  let manager: ApiClient;
  let waiter: ApiClient;
  let cashier: ApiClient;

  beforeAll(async () => {
    dir = await cableFolder('comanda-receipts');
    node = await startTestNode({
      drawerLeftOpenSeconds: 2,
      pixWebhookSecret: PIX_SECRET,
      restaurantName: 'Churrascaria Comanda',
    });
    manager = await ApiClient.login(node.baseUrl, 'mgr-1', '1234');
    waiter = await ApiClient.login(node.baseUrl, 'pos-1', '1111');
    cashier = await ApiClient.login(node.baseUrl, 'pos-1', '2222');
    printer = await startPrinterSim(dir, 'pos-1');
    await setUpDevice(manager, 'pos-1-printer', { path: printer.path, serves: { receiptsOf: 'pos-1' } });
    expect((await cashier.post('/api/drawers/drawer-1/open', { commandId: randomUUID(), floatCents: 10_000 })).status).toBe(200);
  });
  afterAll(async () => {
    await node?.stop();
    await printer?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const jobs = async () => (await manager.get<{ jobs: Job[] }>('/api/devices/pos-1-printer/jobs')).body.jobs;
  const pay = (orderId: string, body: Record<string, unknown>, commandId = randomUUID()) =>
    waiter.post<OrderView>(`/api/orders/${orderId}/payments`, { commandId, ...body });
  /** The papers printed so far, decoded, with their lines of text (a centred line without its margin). */
  const papers = () =>
    printer.jobs().map((bytes) => {
      const job = decodeEscPos(bytes);
      return { job, lines: textOf(job).map((l) => l.trimStart()) };
    });
  const paperWith = (line: string, after = 0): Promise<{ job: DecodedJob; lines: string[] }> =>
    until(`a paper with "${line}"`, async () =>
      papers()
        .slice(after)
        .find((p) => p.lines.some((l) => l.includes(line))),
    );
  const pixWebhook = (payment: PaymentView) => {
    const body = JSON.stringify({ txid: payment.txid, amountCents: payment.amountCents, paidAt: new Date().toISOString() });
    return fetch(`${node.baseUrl}/api/webhooks/pix`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': signPixWebhook(body, PIX_SECRET) },
      body,
    });
  };

  it('a cash payment kicks the drawer through the printer and prints the receipt, accents and all', async () => {
    const id = await waiter.openOrder(3);
    await waiter.addItem(id, 'caipirinha', { quantity: 2 });
    await waiter.addItem(id, 'linguica');
    await waiter.addItem(id, 'pastel-queijo');
    const discounted = await manager.post(`/api/orders/${id}/discounts`, {
      commandId: randomUUID(),
      percent: 10,
      reason: 'cliente da casa',
    });
    expect(discounted.status).toBe(200);
    const order = (await waiter.get<OrderView>(`/api/orders/${id}`)).body;
    const due = order.totals.dueCents;
    const paid = await pay(id, { method: 'CASH', amountCents: due, tenderedCents: 20_000 });
    expect([paid.status, paid.body.status]).toEqual([201, 'PAID']);

    const receipt = await paperWith('NÃO É DOCUMENTO FISCAL');
    const kick = papers().find((p) => p.job.kicks.length > 0)!;
    // The independent decoder reads the pulse: pin 2, 100 ms on, 500 ms off.
    expect(kick.job.kicks).toEqual([{ pin: 2, onMs: 100, offMs: 500 }]);
    expect(printer.kicks()).toHaveLength(1);
    // The drawer springs open before the receipt prints.
    const printed = papers();
    expect(printed.findIndex((p) => p.job.kicks.length > 0)).toBeLessThan(
      printed.findIndex((p) => p.lines.includes('NÃO É DOCUMENTO FISCAL')),
    );
    expect(receipt.job.codePages).toContain(3);
    const { subtotalCents, discountCents, serviceCents, totalCents } = order.totals;
    expect(receipt.lines).toEqual(
      expect.arrayContaining([
        'Churrascaria Comanda',
        `Mesa 3 - Pedido ${order.number}`,
        row('2x Caipirinha de limão', 2 * 2490),
        row('1x Linguiça toscana', 3290),
        row('1x Pastel de queijo', 1490),
        row('Subtotal', subtotalCents),
        row('Desconto 10% (cliente da casa)', discountCents, '-'),
        row('Serviço 10%', serviceCents),
        row('Total', totalCents),
        row('Dinheiro', due),
        row('Recebido', 20_000),
        row('Troco', 20_000 - due),
        'NÃO É DOCUMENTO FISCAL',
      ]),
    );
    expect(receipt.job.cut).toBe(true);
    await until('both printed', async () => {
      const all = await jobs();
      return all.length === 2 && all.every((j) => j.status === 'PRINTED') && all;
    });
    expect((await jobs()).map((j) => [j.kind, j.id])).toEqual([
      ['DRAWER_KICK', expect.stringMatching(/^kick:/) as unknown],
      ['RECEIPT', `receipt:${id}:${paid.body.payments[0]!.id}`],
    ]);
  });

  it('a PIX prints its QR code while pending, and one receipt however often its webhook or the payment comes again', async () => {
    const id = await waiter.openOrder(4);
    await waiter.addItem(id, 'salmao');
    const due = (await waiter.get<OrderView>(`/api/orders/${id}`)).body.totals.dueCents;
    const commandId = randomUUID();
    const pix = await pay(id, { method: 'PIX', amountCents: due }, commandId);
    expect(pix.status).toBe(201);
    const payment = pix.body.payments[0]!;
    const before = printer.jobs().length;
    const slip = await paperWith('PIX a pagar', before);
    expect(slip.job.qrCodes).toEqual([payment.brCode]);
    expect(slip.lines).toEqual(expect.arrayContaining([row('1x Salmão grelhado', 7490), 'NÃO É DOCUMENTO FISCAL']));
    // The PSP tells it twice, the POS sends the payment again: the check is PAID once, its receipt printed once.
    expect((await pixWebhook(payment)).status).toBe(200);
    expect((await pixWebhook(payment)).status).toBe(200);
    expect((await pay(id, { method: 'PIX', amountCents: due }, commandId)).status).toBe(201);
    expect((await waiter.get<OrderView>(`/api/orders/${id}`)).body.status).toBe('PAID');
    const receiptId = `receipt:${id}:${payment.id}`;
    await until('the receipt printed', async () => (await jobs()).find((j) => j.id === receiptId && j.status === 'PRINTED'));
    await sleep(1500);
    expect((await jobs()).filter((j) => j.id.startsWith('receipt:') && j.id.includes(id)).map((j) => j.id)).toEqual([receiptId]);
    const receipts = papers()
      .slice(before)
      .filter((p) => p.lines.some((l) => l.startsWith('1x Salmão grelhado')) && !p.lines.some((l) => l.includes('PIX a pagar')));
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.job.qrCodes).toEqual([]);
    expect(receipts[0]!.lines).toEqual(expect.arrayContaining([expect.stringMatching(/^PIX +R\$/) as unknown]));
  });

  /** Pays a one-item order at table `table` in cash: the drawer kicks, the receipt prints. Its receipt job's id. */
  const cashSale = async (table: number) => {
    const id = await waiter.openOrder(table);
    await waiter.addItem(id, 'pastel-queijo');
    const due = (await waiter.get<OrderView>(`/api/orders/${id}`)).body.totals.dueCents;
    const paid = await pay(id, { method: 'CASH', amountCents: due, tenderedCents: due });
    expect([paid.status, paid.body.status]).toEqual([201, 'PAID']);
    return `receipt:${id}:${paid.body.payments[0]!.id}`;
  };
  const statusOf = async () => (await devicesOf(manager)).find((d) => d.id === 'pos-1-printer')?.status;

  it('a cash sale while the paper is out opens the drawer at once, by the real-time pulse, and its receipt prints once the paper is back', async () => {
    printer.mode = 'PAPER_OUT';
    await until('the paper out', async () => (await statusOf()) === 'PAPER_OUT');
    const before = printer.jobs().length;
    const kicks = printer.kicks().length;
    const receiptId = await cashSale(5);
    await until('the drawer kicked', async () => printer.kicks().length > kicks);
    // DLE DC4 1 m t: pin 2, 100 ms; ESC p would have waited in the printer's buffer behind the missing paper.
    expect(printer.kicks().slice(kicks)).toEqual([Buffer.of(0x10, 0x14, 0x01, 0x00, 0x01)]);
    await until('the receipt waiting', async () => (await jobs()).find((j) => j.id === receiptId && j.status === 'QUEUED'));
    expect(printer.jobs()).toHaveLength(before);
    printer.mode = 'ONLINE';
    await until('the receipt printed', async () => (await jobs()).find((j) => j.id === receiptId && j.status === 'PRINTED'));
    const receipts = papers()
      .slice(before)
      .filter((p) => p.lines.some((l) => l.startsWith('Mesa 5 - ')));
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.lines[0]).not.toContain('REIMPRESSÃO');
    expect(printer.kicks()).toHaveLength(kicks + 1);
  });

  it('a kick the printer took before it fell silent is not sent again: a drawer opens once at most', async () => {
    const before = printer.jobs().length;
    const kicks = printer.kicks().length;
    // The printer takes the kick (its ESC @ starts a job) and answers nothing after it: the status after it is bad.
    printer.hangOnNextJob();
    const receiptId = await cashSale(6);
    await until('the drawer kicked', async () => printer.kicks().length > kicks);
    expect(papers()[before]!.job.kicks).toHaveLength(1);
    await until('the printer silent', async () => (await statusOf()) === 'OFFLINE');
    printer.resume();
    await until('the receipt printed', async () => (await jobs()).find((j) => j.id === receiptId && j.status === 'PRINTED'));
    expect(printer.kicks()).toHaveLength(kicks + 1);
  });

  it('an approved no-sale kicks the drawer; left open past DRAWER_LEFT_OPEN_SECONDS it raises the alert on the devices topic', async () => {
    const socket = await manager.socket(['devices']);
    // The cash sale's kick left it open (and its alert up): the cashier shuts it first.
    const shut = nextMessage<DeviceView>(socket, 'device', (d) => d.drawer?.open === false);
    printer.drawerOpen = false;
    expect((await shut).drawer).toEqual({ open: false, since: expect.any(String) as unknown, leftOpen: false });
    const opened = nextMessage<DeviceView>(socket, 'device', (d) => d.drawer?.open === true && !d.drawer.leftOpen);
    const leftOpen = nextMessage<DeviceView>(socket, 'device', (d) => d.drawer?.leftOpen === true, 10_000);
    const kicks = printer.kicks().length;
    const noSale = await cashier.post('/api/drawers/drawer-1/no-sale', {
      commandId: randomUUID(),
      reason: 'troco para o caixa',
      approval: { pin: '1234' },
    });
    expect(noSale.status).toBe(200);
    const sensed = await opened;
    expect(printer.kicks().length).toBe(kicks + 1);
    const alert = await leftOpen;
    expect(alert.drawer).toEqual({ open: true, since: sensed.drawer!.since, leftOpen: true });
    expect(Date.now() - Date.parse(sensed.drawer!.since)).toBeGreaterThanOrEqual(2000);
    const cleared = nextMessage<DeviceView>(socket, 'device', (d) => d.drawer?.open === false);
    printer.drawerOpen = false;
    expect((await cleared).drawer?.leftOpen).toBe(false);
    socket.close();
  });

  it('prints the X report at the terminal that asks, and refuses a terminal with no receipt printer', async () => {
    const before = printer.jobs().length;
    const commandId = randomUUID();
    const asked = await cashier.post<{ jobId: string; deviceId: string }>('/api/reports/x/print', { commandId });
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({ jobId: `x:${commandId}`, deviceId: 'pos-1-printer' });
    expect((await cashier.post('/api/reports/x/print', { commandId })).status).toBe(202);
    const x = await paperWith('RELATÓRIO X (PARCIAL)', before);
    expect(x.lines).toEqual(expect.arrayContaining(['Churrascaria Comanda', expect.stringMatching(/^Pedidos +\d+$/) as unknown]));
    await sleep(1000);
    expect(
      papers()
        .slice(before)
        .filter((p) => p.lines.some((l) => l.includes('RELATÓRIO X'))),
    ).toHaveLength(1);
    const none = await manager.post<{ type: string }>('/api/reports/x/print', { commandId: randomUUID() });
    expect([none.status, none.body.type]).toEqual([422, 'NO_RECEIPT_PRINTER']);
    expect((await waiter.post('/api/reports/x/print', { commandId: randomUUID() })).status).toBe(403);
  });

  it("prints the drawer's close (expected, counted, over or short) and the Z report at the day's close", async () => {
    const before = printer.jobs().length;
    expect((await cashier.post('/api/drawers/drawer-1/count', { commandId: randomUUID() })).status).toBe(200);
    const closed = await cashier.post<{ lastClose: { expectedCents: number } }>('/api/drawers/drawer-1/close', {
      commandId: randomUUID(),
      countedCents: 10_000,
    });
    expect(closed.status).toBe(200);
    const expected = closed.body.lastClose.expectedCents;
    const close = await paperWith('FECHAMENTO DE CAIXA', before);
    expect(close.lines).toEqual(
      expect.arrayContaining([row('Esperado', expected), row('Contado', 10_000), row('Falta', expected - 10_000)]),
    );
    const day = await manager.post<{ dayNumber: number }>('/api/day/close', { commandId: randomUUID() });
    expect([day.status, day.body]).toEqual([200, expect.objectContaining({ dayNumber: 1 })]);
    const z = await paperWith('RELATÓRIO Z (FECHAMENTO DO DIA)', before);
    expect(z.lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^Dia ${day.body.dayNumber} - `)) as unknown,
        expect.stringMatching(/^Pedidos +4$/) as unknown,
        expect.stringMatching(/^Dinheiro \(3\) +R\$/) as unknown,
        expect.stringMatching(/^PIX \(1\) +R\$/) as unknown,
        'Caixa drawer-1',
      ]),
    );
    expect((await jobs()).find((j) => j.id === `z:${day.body.dayNumber}`)).toMatchObject({ kind: 'REPORT' });
  });
});
