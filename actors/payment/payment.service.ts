import type { Context, ServiceSchema } from 'moleculer';
import { QueryTypes } from 'sequelize';
import {
  DAY_VIEWS,
  idFrom,
  type OrderView,
  type PaymentView,
  type PixWebhookBody,
  type RefundPaymentBody,
  type Role,
  type TakePaymentBody,
} from '../../shared/contract/index.js';
import { AcquirerRefusal, type ChargeResult } from '../../shared/payments/acquirer-client.js';
import { pixBrCode } from '../../shared/payments/pix-br-code.js';
import { verifyPixWebhook } from '../../shared/payments/pix-webhook.js';
import { ActorHost, type CommandInput } from '../../shared/runtime/actor-host.js';
import { actingOf, followUpId, shardBy } from '../../shared/runtime/actor-service.js';
import { approvalParam, approvingManager } from '../../shared/runtime/approval.js';
import type { CallerMeta, RuntimeDeps } from '../../shared/runtime/deps.js';
import { CommandError } from '../../shared/runtime/errors.js';
import { DAYS_STREAM } from '../business-day/business-day.projection.js';
import type { PaymentTaken } from '../order/order.machine.js';
import { DECLINED, orderCallOf, paymentKind, type ChargeView } from './payment.kind.js';
import { refundDecision } from './refund-rules.js';
import type { PaymentCommand, PaymentFact } from './payment.machine.js';

const WRITERS: Role[] = ['WAITER', 'CASHIER', 'MANAGER'];
/** Taking cash out of a drawer is for its cashier or a manager, a cash refund too. */
const CASHIERS: Role[] = ['CASHIER', 'MANAGER'];
const commandId = { type: 'uuid', messages: { uuid: 'commandId must be a UUID made by the client' } } as const;
const orderId = { type: 'uuid', messages: { uuid: 'order id must be a UUID' } } as const;
const cents = (min: number) => ({ type: 'number', integer: true, min, max: 10_000_000 }) as const;
/** The longest wait between two looks at a charge whose outcome is unknown. */
const MAX_BACKOFF_MS = 30_000;

type Params<P> = Context<P, CallerMeta & { rawBody?: string; signature?: string }>;
/** Whatever calls actions: a request's context, or the broker for the background sweep. */
type Caller = { call: (action: string, params?: unknown) => Promise<unknown> };
type TakeParams = TakePaymentBody & { orderId: string };
type RefundParams = RefundPaymentBody & { orderId: string; paymentId: string };

/** A PIX txid from the commandId: letters and digits, at most 25 (the BR Code's field), the same on a retry. */
const txidOf = (commandId: string) => commandId.replaceAll('-', '').slice(0, 25);

/**
 * Payments on a check: cash into the terminal's drawer, a card charged through the acquirers (each charge a
 * `payment` actor, its idempotency key stored before any acquirer is called), a PIX shown until its PSP's signed
 * webhook says it is paid; refunds the way the money came. Charges left unknown (an acquirer that did not answer,
 * a node stopped while it waited) are asked for by their key in the background until their outcome is known.
 */
export function paymentService(deps: RuntimeDeps): ServiceSchema {
  const host = new ActorHost(paymentKind, deps);
  const { sequelize, logger } = deps;
  const { acquirers } = deps.payments;
  /** A charge requested longer ago than the longest a live node may take with no outcome was left by one that stopped. */
  const inFlightMs = acquirers.longestChargeMs + 1000;
  const chargeTimeoutMs = inFlightMs + 5000;
  /** Charges whose outcome is unknown: when each is next asked for, and the wait after that. */
  const backoff = new Map<string, { next: number; waitMs: number }>();
  let sweeper: NodeJS.Timeout | null = null;
  let sweeping = false;

  /** A command for a charge, decided by its one writer (routed by Shard on the payment id). */
  const decide = (
    ctx: Caller,
    paymentId: string,
    cmdId: string,
    command: CommandInput<PaymentCommand>['command'],
    request: unknown = command,
  ) => ctx.call('payments.decide', { paymentId, commandId: cmdId, request, command }) as Promise<ChargeView>;

  const chargeOf = async (paymentId: string) => {
    const row = await deps.models.View.findOne({ where: { kind: 'payment', id: paymentId } });
    return row ? (row.get('data') as ChargeView) : null;
  };

  const orderOf = (ctx: Caller, id: string) => ctx.call('orders.get', { orderId: id }) as Promise<OrderView>;

  /** The cash drawer at the caller's terminal (a drawer's terminal is reference data) and whether it is open. */
  const drawerAt = async (ctx: Params<unknown>) => {
    const terminalId = ctx.meta.user?.terminalId ?? '';
    const [drawer] = await sequelize.query<{ id: string; status: string | null }>(
      `SELECT d.id, v.data->>'status' AS status FROM drawers d LEFT JOIN views v ON v.kind = 'drawer' AND v.id = d.id
        WHERE d.terminal_id = $1 ORDER BY d.id LIMIT 1`,
      { bind: [terminalId], type: QueryTypes.SELECT },
    );
    if (drawer?.status !== 'OPEN') {
      throw new CommandError(
        'DRAWER_NOT_OPEN',
        drawer
          ? `The cash drawer ${drawer.id} at ${terminalId} is not open: a cashier opens it before cash is taken or given back.`
          : `${terminalId} has no cash drawer: take cash at a terminal with one.`,
      );
    }
    return drawer.id;
  };

  /** The outcome's fact tells the check (the outbox does too): here it is awaited, so the answer shows it. */
  const tellOrder = async (ctx: Caller, charge: ChargeView) => {
    const [fact] = await deps.store.events(charge.id, charge.version - 1, charge.version);
    const call = fact?.commandId && orderCallOf(fact.data as unknown as PaymentFact, fact.commandId);
    if (call) await ctx.call(call.action, call.params);
  };

  /**
   * Asks the acquirers what became of a charge and records it: a charge just requested is made (or, left by a node
   * that stopped, first looked for by its key everywhere, as any acquirer may have made it); one whose outcome was
   * unknown is asked of that acquirer by its key first. Never two charges, never at two acquirers: every call
   * carries the one key, and a charge that may exist somewhere is only ever looked for there.
   */
  const settle = async (ctx: Caller, charge: ChargeView, { orphan }: { orphan: boolean }): Promise<ChargeView> => {
    const total = charge.amountCents + charge.tipCents;
    let result: ChargeResult | null;
    try {
      if (charge.state === 'unknown') {
        result = await acquirers.charge(charge.key, total, charge.cardToken, { unknownAt: charge.acquirer! });
      } else {
        result = orphan ? await acquirers.find(charge.key, total) : null;
        result ??= await acquirers.charge(charge.key, total, charge.cardToken);
      }
    } catch (error) {
      // The acquirer refused the request itself (a bad token, a key used for another amount): no retry helps.
      if (!(error instanceof AcquirerRefusal)) throw error;
      logger.error({ err: error, paymentId: charge.id }, 'the acquirer refused the charge request');
      result = { status: 'declined', acquirer: error.acquirer, reason: error.code ?? 'refused' };
    }
    if (result.status === 'unknown' && charge.state === 'unknown') return charge;
    const outcomeId = `${charge.id}:${charge.state === 'unknown' ? 'resolved' : 'outcome'}:${charge.attempt}`;
    const settled = await decide(ctx, charge.id, outcomeId, { type: 'RECORD_OUTCOME', outcome: result });
    await tellOrder(ctx, settled);
    return settled;
  };

  /** What a card charge answers: the check as it is now, or why nothing was paid. */
  const answerCharge = async (ctx: Caller, charge: ChargeView) => {
    if (charge.state === 'declined') {
      throw new CommandError(
        'PAYMENT_DECLINED',
        `The card was ${DECLINED} (${charge.reason}): nothing was paid. Try another card or tender.`,
      );
    }
    if (charge.state === 'unavailable') {
      throw new CommandError(
        'PAYMENT_UNAVAILABLE',
        'No card acquirer could be reached: nothing was charged. Retry with the same commandId, or take another tender.',
      );
    }
    return orderOf(ctx, charge.orderId);
  };

  /** The check holds the payment as pending before the card is charged: more than is due is refused before any charge. */
  const hold = (ctx: Params<TakeParams>, payment: PaymentTaken, what: string) =>
    ctx.call('orders.recordPayment', {
      orderId: ctx.params.orderId,
      commandId: followUpId(ctx.params.commandId, what),
      payment,
      userId: ctx.meta.user!.id,
    }) as Promise<OrderView>;

  async function takeCard(ctx: Params<TakeParams>, paymentId: string) {
    const { commandId: cmd, amountCents, tipCents = 0, cardToken } = ctx.params;
    if (!cardToken) throw new CommandError('BAD_REQUEST', 'A card payment names its cardToken.');
    const pending: PaymentTaken = { id: paymentId, method: 'CARD', status: 'PENDING', amountCents, tipCents };
    const known = await chargeOf(paymentId);
    if (!known) await hold(ctx, pending, 'hold:1');
    // The key is stored in its fact before any acquirer is called. Sent again, the same command is answered from the
    // store (another body under its commandId is COMMAND_ID_REUSED), and the charge goes on from where it is.
    const request = { type: 'INITIATE' as const, paymentId, orderId: ctx.params.orderId, amountCents, tipCents, cardToken };
    let charge = await decide(
      ctx,
      paymentId,
      followUpId(cmd, 'charge'),
      { ...request, key: `comanda-${cmd}`, userId: ctx.meta.user!.id },
      ctx.params,
    );
    if (known) charge = (await chargeOf(paymentId))!;
    if (charge.state === 'unavailable') {
      // Nothing was charged: the same command tries again, under the same key.
      const attempt = charge.attempt + 1;
      await hold(ctx, pending, `hold:${attempt}`);
      charge = await decide(ctx, paymentId, followUpId(cmd, `retry:${attempt}`), { type: 'RETRY' });
    } else if (known && charge.state === 'initiated') {
      // Another request may be charging it right now, perhaps at the backup: only once it is past the longest a
      // charge may take is it looked for everywhere by its key. Until then the check shows it pending.
      if (deps.clock().getTime() - Date.parse(charge.at) < inFlightMs) return orderOf(ctx, charge.orderId);
      charge = await settle(ctx, charge, { orphan: true });
    } else if (known && (charge.state === 'approved' || charge.state === 'declined')) {
      // The outbox tells the check too; told here, the answer shows it even when the node stopped before it did.
      await tellOrder(ctx, charge);
    }
    if (charge.state === 'initiated' || charge.state === 'unknown') charge = await settle(ctx, charge, { orphan: false });
    return answerCharge(ctx, charge);
  }

  async function takeCash(ctx: Params<TakeParams>, paymentId: string) {
    const { commandId: cmd, orderId: id, amountCents, tenderedCents = amountCents } = ctx.params;
    if (tenderedCents < amountCents) {
      throw new CommandError(
        'BAD_REQUEST',
        `Cash received (tenderedCents ${tenderedCents}) is less than the amount ${amountCents}.`,
      );
    }
    const drawerId = await drawerAt(ctx);
    const changeCents = tenderedCents - amountCents;
    // Held on the check first (more than is due is refused there, before cash moves), then into the drawer, then
    // approved. Each step has its own commandId made from the payment's: the same command sent again after a crash
    // between them finds each step done and does the rest.
    await hold(
      ctx,
      { id: paymentId, method: 'CASH', status: 'PENDING', amountCents, tipCents: 0, tenderedCents, changeCents },
      'hold',
    );
    try {
      await ctx.call('drawers.cashSale', { drawerId, orderId: id, amountCents, commandId: followUpId(cmd, 'drawer') });
    } catch (error) {
      // The drawer closed meanwhile: the cash was not taken, so the payment is off the check.
      if ((error as { type?: string }).type === 'DRAWER_NOT_OPEN') {
        await ctx.call('orders.failPayment', {
          orderId: id,
          paymentId,
          reason: 'drawer not open',
          commandId: followUpId(cmd, 'fail'),
        });
      }
      throw error;
    }
    return ctx.call('orders.confirmPayment', { orderId: id, paymentId, commandId: followUpId(cmd, 'order') });
  }

  async function takePix(ctx: Params<TakeParams>, paymentId: string) {
    const { commandId: cmd, amountCents } = ctx.params;
    const txid = txidOf(cmd);
    const { key, merchantName, merchantCity } = deps.payments.pix;
    const brCode = pixBrCode({ txid, amountCents, pixKey: key, merchantName, merchantCity });
    const order = await hold(
      ctx,
      { id: paymentId, method: 'PIX', status: 'PENDING', amountCents, tipCents: 0, txid, brCode },
      'order',
    );
    // Told again on a retry: its webhook confirms the payment once, whatever the PSP sends twice.
    if (order.payments.some((p) => p.id === paymentId && p.status === 'PENDING')) deps.payments.pixCharged({ txid, amountCents });
    return order;
  }

  /** The number of the business day open now, null when none is (the day's own view, as orders read it). */
  const openDay = async () => {
    const rows = await sequelize.query<{ number: number }>(
      "SELECT (data->>'number')::int AS number FROM views WHERE kind = $1 AND id = $2 AND data->>'status' = 'OPEN'",
      { bind: [DAY_VIEWS.day, DAYS_STREAM], type: QueryTypes.SELECT },
    );
    return rows[0]?.number ?? null;
  };

  /**
   * A card payment the check holds as pending with no charge behind it: the node stopped between the hold and the
   * charge's request, so no acquirer ever saw it. It comes off the check, which it would otherwise block.
   */
  async function dropUnrequested(ctx: Caller) {
    const held = await sequelize.query<{ orderId: string; paymentId: string; at: string }>(
      `SELECT v.id AS "orderId", p->>'id' AS "paymentId", p->>'at' AS at
         FROM views v, jsonb_array_elements(v.data->'payments') p
        WHERE v.kind = 'order' AND v.data->>'status' = 'OPEN' AND p->>'method' = 'CARD' AND p->>'status' = 'PENDING'
          AND NOT EXISTS (SELECT 1 FROM views w WHERE w.kind = 'payment' AND w.id = p->>'id')`,
      { type: QueryTypes.SELECT },
    );
    const now = deps.clock().getTime();
    for (const { orderId: id, paymentId } of held.filter((h) => now - Date.parse(h.at) > inFlightMs)) {
      const reason = 'never charged: the node stopped before the card was';
      await ctx.call('orders.failPayment', { orderId: id, paymentId, reason, commandId: `${paymentId}:unrequested` });
    }
  }

  /** Each charge left unknown, or left in flight by a node that stopped, asked again when its backoff says so. */
  async function sweep(ctx: Caller) {
    const rows = await sequelize.query<{ data: ChargeView }>(
      `SELECT data FROM views WHERE kind = 'payment' AND data->>'state' IN ('unknown', 'initiated')`,
      { type: QueryTypes.SELECT },
    );
    const now = deps.clock().getTime();
    for (const { data: charge } of rows) {
      if (charge.state === 'initiated' && now - Date.parse(charge.at) < inFlightMs) continue;
      const due = backoff.get(charge.id) ?? { next: 0, waitMs: 1000 };
      if (due.next > now) continue;
      backoff.set(charge.id, { next: now + due.waitMs, waitMs: Math.min(due.waitMs * 2, MAX_BACKOFF_MS) });
      const settled = await settle(ctx, charge, { orphan: charge.state === 'initiated' }).catch((error: unknown) => {
        logger.warn({ err: error, paymentId: charge.id }, 'could not settle a charge yet');
        return charge;
      });
      if (settled.state !== 'unknown' && settled.state !== 'initiated') {
        backoff.delete(charge.id);
        logger.info({ paymentId: charge.id, state: settled.state }, 'a charge left unknown is settled');
      }
    }
  }

  return {
    name: 'payments',
    started() {
      // The first sweep right away: charges a stopped node left in flight are settled on start (once past their time).
      const broker: Caller = { call: (action, params) => this.broker.call(action, params) };
      let rounds = 0;
      const run = () => {
        if (sweeping) return;
        sweeping = true;
        // Holds with no charge are rare (a crash in a few milliseconds): looked for on start and every minute.
        const holds = rounds++ % 60 === 0 ? dropUnrequested(broker) : Promise.resolve();
        holds
          .then(() => sweep(broker))
          .catch((error: unknown) => logger.warn({ err: error }, 'the sweep of unknown charges failed'))
          .finally(() => {
            sweeping = false;
          });
      };
      run();
      sweeper = setInterval(run, 1000);
      sweeper.unref();
    },
    stopped() {
      if (sweeper) clearInterval(sweeper);
    },
    actions: {
      /** The one writer of each charge. */
      decide: {
        visibility: 'public',
        ...shardBy('paymentId'),
        params: { paymentId: 'string', commandId: 'string', request: 'any', command: 'object' },
        handler(
          ctx: Params<{
            paymentId: string;
            commandId: string;
            request: unknown;
            command: CommandInput<PaymentCommand>['command'];
          }>,
        ) {
          const { paymentId, commandId: cmd, request, command } = ctx.params;
          return host.execute({ actorId: paymentId, commandId: cmd, request, command, ...actingOf(ctx) });
        },
      },
      take: {
        roles: WRITERS,
        // A charge may wait on every acquirer and its queries (the broker's 10 s would answer a timeout meanwhile).
        timeout: chargeTimeoutMs,
        ...shardBy('commandId'),
        params: {
          orderId,
          commandId,
          method: { type: 'enum', values: ['CASH', 'CARD', 'PIX'] },
          amountCents: cents(1),
          tipCents: { ...cents(0), optional: true },
          tenderedCents: { ...cents(1), optional: true },
          cardToken: { type: 'string', min: 1, max: 100, optional: true },
        },
        handler(ctx: Params<TakeParams>) {
          const { method, tipCents, tenderedCents, cardToken } = ctx.params;
          if (method !== 'CARD' && (tipCents || cardToken !== undefined)) {
            throw new CommandError('BAD_REQUEST', 'Tips and a cardToken go with a CARD payment only.');
          }
          if (method !== 'CASH' && tenderedCents !== undefined) {
            throw new CommandError('BAD_REQUEST', 'tenderedCents is the cash received: it goes with a CASH payment only.');
          }
          const paymentId = idFrom(ctx.params.commandId, 'payment');
          if (method === 'CARD') return takeCard(ctx, paymentId);
          if (method === 'CASH') return takeCash(ctx, paymentId);
          return takePix(ctx, paymentId);
        },
      },
      refund: {
        roles: WRITERS,
        timeout: chargeTimeoutMs,
        ...shardBy('commandId'),
        params: {
          orderId,
          paymentId: 'string|min:1|max:40',
          commandId,
          amountCents: { ...cents(1), optional: true },
          reason: 'string|min:1|max:200',
          approval: approvalParam,
        },
        async handler(ctx: Params<RefundParams>) {
          const { orderId: id, paymentId, commandId: cmd, reason } = ctx.params;
          const order = await orderOf(ctx, id);
          const payment = order.payments.find((p) => p.id === paymentId);
          if (!payment) throw new CommandError('UNKNOWN_PAYMENT', `This order has no payment ${paymentId}.`);
          // Sent again after it was recorded: the check as it is now (the money went back once).
          if (await deps.store.findCommand(followUpId(cmd, 'order'))) return order;
          const [opened] = await deps.store.events(id, 0, 1);
          const approvedBy = await approvingManager(ctx, `A refund of payment ${paymentId}`);
          const decision = refundDecision({
            payment,
            amountCents: ctx.params.amountCents,
            orderDay: (opened?.data as { dayNumber?: number | null } | undefined)?.dayNumber ?? null,
            openDay: await openDay(),
            limitCents: deps.settings.refundLimitCents,
            approvedBy,
          });
          if ('type' in decision) throw new CommandError(decision.type, decision.message);
          const { amountCents } = decision;
          await giveBack(ctx, payment, amountCents);
          return ctx.call('orders.refundPayment', {
            orderId: id,
            paymentId,
            amountCents,
            reason,
            approvedBy,
            commandId: followUpId(cmd, 'order'),
          });
        },
      },
      /** The PSP says a PIX was paid. Public, and trusted only with the signature of its raw body. */
      pixWebhook: {
        params: { txid: 'string|min:1|max:35', amountCents: cents(1), paidAt: 'string|min:1|max:40' },
        async handler(ctx: Params<PixWebhookBody>) {
          if (!verifyPixWebhook(ctx.meta.rawBody ?? '', ctx.meta.signature, deps.payments.pixWebhookSecret)) {
            throw new CommandError(
              'UNAUTHORIZED',
              'The webhook is not signed by the PSP (x-signature: HMAC-SHA256 of the body).',
            );
          }
          const { txid, amountCents } = ctx.params;
          const [row] = await sequelize.query<{ id: string; payment: PaymentView }>(
            `SELECT v.id, p AS payment FROM views v, jsonb_array_elements(v.data->'payments') p
              WHERE v.kind = 'order' AND v.data->'payments' @> $1::jsonb AND p->>'txid' = $2`,
            { bind: [JSON.stringify([{ txid }]), txid], type: QueryTypes.SELECT },
          );
          if (!row) throw new CommandError('UNKNOWN_PAYMENT', `No PIX payment has the txid ${txid}.`);
          if (row.payment.amountCents !== amountCents) {
            throw new CommandError(
              'PIX_AMOUNT_MISMATCH',
              `PIX ${txid} is of ${row.payment.amountCents} cents, not ${amountCents}: it is not confirmed.`,
            );
          }
          // Paid once: the same webhook again is the same command, answered as before.
          if (row.payment.status === 'PENDING') {
            await ctx.call('orders.confirmPayment', { orderId: row.id, paymentId: row.payment.id, commandId: `pix-${txid}` });
          }
          return { ok: true };
        },
      },
    },
  };

  /** The money back the way it came: out of the caller's drawer, or through the acquirer that charged the card. */
  async function giveBack(ctx: Params<RefundParams>, payment: PaymentView, amountCents: number) {
    const { orderId: id, commandId: cmd } = ctx.params;
    if (payment.method === 'CASH') {
      if (!CASHIERS.includes(ctx.meta.user!.role as Role)) {
        throw new CommandError('FORBIDDEN', 'Cash comes out of a drawer by its cashier or a manager: ask one to refund it.');
      }
      await ctx.call('drawers.cashRefund', {
        drawerId: await drawerAt(ctx),
        orderId: id,
        amountCents,
        commandId: followUpId(cmd, 'drawer'),
      });
      return;
    }
    if (payment.method === 'PIX') {
      throw new CommandError('INVALID_TRANSITION', 'A PIX is given back by the bank (a devolução), not at the POS.');
    }
    const charge = await chargeOf(payment.id);
    if (!charge?.chargeId || !charge.acquirer)
      throw new CommandError('INVALID_TRANSITION', `Payment ${payment.id} has no charge to refund.`);
    // The key is made from the refund's commandId: the same refund sent again refunds at most once.
    const refund = await acquirers.refund(charge.acquirer, `comanda-refund-${cmd}`, charge.chargeId, amountCents);
    if (refund.status !== 'approved') {
      throw new CommandError(
        'PAYMENT_UNAVAILABLE',
        `${charge.acquirer} could not be reached to refund it: retry with the same commandId (it refunds at most once).`,
      );
    }
  }
}
