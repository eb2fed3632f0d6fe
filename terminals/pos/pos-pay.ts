import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Order, PaymentMethod, PaymentView, Role } from '../lib/contract.js';
import { LangController } from '../lib/controllers.js';
import { howMuch, money, timeOfDay, weighedAt } from '../lib/format.js';
import { getLang, t, type MessageKey } from '../lib/i18n.js';
import { parseMoney } from '../lib/money.js';
import type { MoneyField } from '../lib/money-field.js';
import { base } from '../lib/styles.js';
import '../lib/money-field.js';
import '../lib/pix-qr.js';
import {
  changeOf,
  leftToTake,
  quickAmounts,
  refundableOf,
  sharesOf,
  suggestedAmount,
  tenderProblem,
  TEST_CARDS,
  type CheckAction,
  type SharePlan,
  type Tender,
} from './pay-model.js';

/** A command on the check, for the POS to send: `paymentId` names the payment a refund gives back. */
export type CheckCommandDetail =
  { action: CheckAction; body: Record<string, unknown> } | { action: 'refund'; paymentId: string; body: Record<string, unknown> };

type Panel = 'discount' | 'service' | 'split' | 'shares';

const METHODS: PaymentMethod[] = ['CASH', 'CARD', 'PIX'];

/**
 * The pay screen of one check: what is due in large type and, beside it, the check (its lines, discounts, service
 * charge, payments with their refunds). Split tender: each payment takes the amount typed (all that is left
 * unless told), by cash (a keypad, quick amounts, the change in large type), card (a test card while the
 * acquirers are simulated, a tip; a decline or the acquirers down said plainly, a pending charge shown pending)
 * or PIX (its QR code until the bank confirms it, live). A discount, the service charge, a split by item or in
 * equal shares, and closing the table. Everything shown comes from the order view, so a payment taken or
 * confirmed anywhere shows at once. Fires `check-command` with `{ action, body, paymentId? }` (what needs a
 * manager's PIN is the screen's to decide), `select-check` with `{ orderId }` and `back`.
 */
@customElement('pos-pay')
export class PosPay extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: grid;
        grid-template-columns: minmax(0, 5fr) minmax(0, 7fr);
        gap: 0.8rem;
        padding: 0.8rem;
        height: 100%;
        min-height: 0;
      }
      @media (orientation: portrait) {
        :host {
          grid-template-columns: 1fr;
          height: auto;
        }
      }
      .col {
        display: flex;
        flex-direction: column;
        min-height: 0;
        background: var(--surface);
        border: 2px solid var(--border);
        border-radius: 14px;
        overflow: hidden;
      }
      header {
        display: flex;
        align-items: center;
        flex-wrap: wrap;
        gap: 0.6rem;
        padding: 0.5rem 0.8rem;
        border-bottom: 2px solid var(--border);
      }
      h2 {
        margin: 0;
        font-size: 1.4rem;
        flex: 1;
      }
      h3 {
        margin: 0.6rem 0 0.2rem;
        font-size: 0.95rem;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        color: var(--muted);
      }
      .scroll {
        flex: 1;
        overflow-y: auto;
        padding: 0.2rem 0.8rem 0.6rem;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      .lines li,
      .payments li {
        display: grid;
        grid-template-columns: auto 1fr auto;
        gap: 0.1rem 0.6rem;
        align-items: center;
        padding: 0.35rem 0;
        border-bottom: 1px solid var(--surface-2);
        font-size: 1.05rem;
      }
      .lines label {
        display: contents;
      }
      .lines input {
        width: 1.6rem;
        height: 1.6rem;
        min-height: 0;
      }
      .money {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      .weighed {
        grid-column: 2 / 4;
        color: var(--muted);
      }
      dl {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 0.15rem 1rem;
        margin: 0.4rem 0 0;
        font-size: 1.05rem;
      }
      dt {
        color: var(--muted);
      }
      dd {
        margin: 0;
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      dt.total,
      dd.total {
        color: var(--text);
        font-weight: 800;
        font-size: 1.25rem;
      }
      .chip {
        font-weight: 700;
        font-size: 0.9rem;
        padding: 0.05rem 0.45rem;
        border-radius: 6px;
        border: 1px solid currentColor;
      }
      .s-APPROVED,
      .s-PAID {
        color: var(--ok);
        background: var(--ok-bg);
      }
      .s-PENDING,
      .s-OPEN {
        color: var(--warn);
        background: var(--warn-bg);
      }
      .s-REFUNDED,
      .s-CLOSED {
        color: var(--muted);
      }
      .detail {
        grid-column: 2 / 3;
        color: var(--muted);
        font-size: 0.95rem;
      }
      .detail + button {
        min-height: 40px;
        font-size: 0.95rem;
      }
      .panel.detail {
        grid-column: 1 / 4;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      .checks {
        padding: 0.4rem 0.8rem;
      }
      .actions {
        padding: 0.6rem 0.8rem;
        border-top: 2px solid var(--border);
      }
      .panel {
        display: grid;
        gap: 0.5rem;
        margin-top: 0.5rem;
        padding: 0.6rem;
        background: var(--surface-2);
        border-radius: 10px;
      }
      .panel label,
      .field {
        display: grid;
        gap: 0.25rem;
        font-weight: 700;
      }
      [aria-pressed='true'] {
        background: var(--text);
        border-color: var(--text);
        color: var(--surface);
      }
      .due {
        display: flex;
        align-items: center;
        gap: 1rem;
        padding: 0.5rem 1rem;
        border-bottom: 2px solid var(--border);
      }
      .due .what {
        flex: 1;
        display: grid;
      }
      .due .label {
        font-size: 1.1rem;
        font-weight: 700;
        color: var(--muted);
        text-transform: uppercase;
        letter-spacing: 0.04em;
      }
      .due strong {
        font-size: 3.4rem;
        line-height: 1.05;
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
      }
      .due .paid {
        color: var(--ok);
      }
      .due .pending {
        color: var(--warn);
        font-weight: 700;
      }
      .tabs button {
        /* Three side by side with the amount due, on a 1024 px landscape tablet too. */
        min-width: 5.5rem;
        min-height: 60px;
        font-size: 1.25rem;
        font-weight: 700;
      }
      .tender {
        flex: 1;
        overflow-y: auto;
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
        gap: 0.8rem;
        align-content: start;
        padding: 0.7rem 1rem;
      }
      .tender > .wide {
        grid-column: 1 / -1;
      }
      .stack {
        display: grid;
        gap: 0.6rem;
        align-content: start;
      }
      money-field {
        --key-height: 3.1rem;
      }
      select {
        width: 100%;
        min-height: 56px;
        font-size: 1.2rem;
        border: 2px solid var(--border);
        border-radius: 10px;
        background: var(--surface);
        padding: 0 0.5rem;
      }
      .quick {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 0.5rem;
      }
      .quick button {
        min-height: 56px;
        font-size: 1.2rem;
        font-weight: 700;
      }
      .change {
        display: grid;
        padding: 0.5rem 0.8rem;
        border-radius: 10px;
        background: var(--surface-2);
        font-weight: 700;
      }
      .change strong {
        font-size: 3rem;
        line-height: 1.1;
        font-variant-numeric: tabular-nums;
      }
      .change.short strong {
        color: var(--danger-text);
        font-size: 1.6rem;
      }
      .go {
        min-height: 64px;
        font-size: 1.4rem;
      }
      .shares {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        padding: 0.4rem 1rem;
        border-bottom: 1px solid var(--surface-2);
        font-size: 1.05rem;
        align-items: center;
      }
      .shares .taken {
        color: var(--ok);
        font-weight: 700;
      }
      .note {
        margin: 0;
        padding: 0.5rem 0.8rem;
        border-radius: 10px;
        font-weight: 700;
        font-size: 1.1rem;
      }
      .note.ok {
        color: var(--ok);
        background: var(--ok-bg);
      }
      .note.warn {
        color: var(--warn);
        background: var(--warn-bg);
      }
      .note.error {
        color: var(--danger-text);
        background: var(--danger-bg);
      }
      .note .big {
        display: block;
        font-size: 2.6rem;
        font-variant-numeric: tabular-nums;
      }
      .qr {
        display: grid;
        grid-template-columns: 15rem 1fr;
        gap: 0.8rem;
        align-items: center;
        padding: 0.6rem 1rem 0;
      }
      .outcome {
        margin: 0.5rem 1rem 0;
      }
      .brcode {
        font-family: ui-monospace, monospace;
        font-size: 0.75rem;
        word-break: break-all;
        color: var(--muted);
        user-select: all;
      }
      .foot {
        display: flex;
        gap: 0.6rem;
        align-items: center;
        padding: 0.6rem 1rem;
        border-top: 2px solid var(--border);
      }
      .foot .hint {
        flex: 1;
        color: var(--muted);
      }
    `,
  ];

  /** The check on screen, as the server last sent it. */
  @property({ attribute: false }) accessor order: Order | null = null;
  /** Every check of its table (one, unless it was split), to move between them. */
  @property({ attribute: false }) accessor checks: Order[] = [];
  /** Who is logged in (a manager sees no approval asked for). */
  @property() accessor userRole: Role = 'WAITER';
  /** A command of this screen is on its way: no other goes until it is answered. */
  @property({ type: Boolean }) accessor busy = false;
  /** Why the last command failed, in the waiter's words, or ''. */
  @property() accessor message = '';
  /** No connection: nothing on the check can be done (a payment is never taken offline). */
  @property({ type: Boolean }) accessor offline = false;
  /** Commands for this check still in the outbox: the check is not final until they are in. */
  @property({ type: Number }) accessor waiting = 0;
  /** How many commands of this screen the server has taken: each one clears what was typed for it. */
  @property({ type: Number }) accessor done = 0;

  @state() private accessor method: PaymentMethod = 'CASH';
  /** What the waiter typed as the amount; null: the suggested one (the next share, or all that is left). */
  @state() private accessor amountText: string | null = null;
  @state() private accessor receivedText = '';
  @state() private accessor tipText = '';
  @state() private accessor card: string = TEST_CARDS[0];
  @state() private accessor plan: SharePlan | null = null;
  @state() private accessor parts = 2;
  @state() private accessor panel: Panel | null = null;
  @state() private accessor refunding: string | null = null;
  @state() private accessor selected: string[] = [];
  @state() private accessor discountBy: 'percent' | 'amount' = 'percent';
  /** What the waiter typed that cannot be sent, or ''. */
  @state() private accessor problem = '';

  private readonly i18n = new LangController(this);

  /**
   * Another check starts afresh; a command of this screen taken clears what was typed for it. A payment refused (a
   * card declined) keeps it, for the next try; one taken elsewhere or a PIX confirmed changes what is suggested.
   */
  protected override willUpdate(changed: PropertyValues<this>): void {
    const before = changed.get('order');
    if (changed.has('order') && before?.id !== this.order?.id) {
      this.plan = null;
      this.selected = [];
    } else if (!changed.has('done')) return;
    this.panel = null;
    this.refunding = null;
    this.amountText = null;
    this.receivedText = '';
    this.tipText = '';
    this.problem = '';
  }

  private fire(detail: CheckCommandDetail) {
    this.problem = '';
    this.dispatchEvent(new CustomEvent<CheckCommandDetail>('check-command', { detail }));
  }

  private cents(text: string): number | null {
    return parseMoney(text, getLang());
  }

  /** The amount this payment takes: what was typed, else the suggested one. */
  private amount(order: Order): number | null {
    return this.amountText === null ? suggestedAmount(order, this.plan) : this.cents(this.amountText);
  }

  private pay(order: Order) {
    const amountCents = this.amount(order);
    const tendered = this.cents(this.receivedText);
    const problem = tenderProblem(this.method, amountCents, leftToTake(order), tendered);
    if (problem || amountCents === null) {
      this.problem = t(problem ?? 'payTypeAmount', { left: money(leftToTake(order)) });
      return;
    }
    const tip = this.cents(this.tipText) ?? 0;
    const tender: Tender =
      this.method === 'CASH'
        ? { method: 'CASH', amountCents, tenderedCents: tendered ?? amountCents }
        : this.method === 'CARD'
          ? { method: 'CARD', amountCents, cardToken: this.card, ...(tip > 0 ? { tipCents: tip } : {}) }
          : { method: 'PIX', amountCents };
    this.fire({ action: 'payments', body: tender });
  }

  private reason(): string | null {
    const reason = this.renderRoot.querySelector<HTMLInputElement>('input[name="reason"]')?.value.trim() ?? '';
    if (!reason) this.problem = t('posTypeReason');
    return reason || null;
  }

  private giveDiscount() {
    const reason = this.reason();
    if (!reason) return;
    if (this.discountBy === 'percent') {
      const percent = Number(this.renderRoot.querySelector<HTMLInputElement>('input[name="percent"]')?.value);
      if (!Number.isInteger(percent) || percent < 1 || percent > 100) {
        this.problem = t('payTypePercent');
        return;
      }
      this.fire({ action: 'discounts', body: { percent, reason } });
    } else {
      const amountCents = this.renderRoot.querySelector<MoneyField>('money-field[name="discount"]')?.cents ?? null;
      if (!amountCents) {
        this.problem = t('posTypeAmount', { field: t('payDiscountAmount'), example: money(1000) });
        return;
      }
      this.fire({ action: 'discounts', body: { amountCents, reason } });
    }
  }

  private setService(order: Order) {
    const reason = this.reason();
    if (reason) this.fire({ action: 'service', body: { waived: !order.serviceWaived, reason } });
  }

  private refund(payment: PaymentView) {
    const amountCents = this.renderRoot.querySelector<MoneyField>('money-field[name="refund"]')?.cents ?? null;
    if (!amountCents || amountCents > refundableOf(payment)) {
      this.problem = t('payRefundAtMost', { amount: money(refundableOf(payment)) });
      return;
    }
    const reason = this.reason();
    if (!reason) return;
    const whole = amountCents === refundableOf(payment);
    this.fire({ action: 'refund', paymentId: payment.id, body: { ...(whole ? {} : { amountCents }), reason } });
  }

  private toggle(panel: Panel) {
    this.panel = this.panel === panel ? null : panel;
    this.refunding = null;
    this.selected = [];
    this.problem = '';
  }

  private methodName(method: PaymentMethod): string {
    return t(`payMethod_${method}` as MessageKey);
  }

  override render() {
    const order = this.order;
    if (!order) return nothing;
    return html`<section class="col" aria-label=${t('payCheck')}>${this.check(order)}</section>
      <section class="col" aria-label=${t('payTake')}>${this.take(order)}</section>`;
  }

  /** The check: its lines (to tick for a split), its sums, its payments, and what can be done to it. */
  private check(order: Order) {
    const lines = order.items.filter((i) => i.status !== 'VOIDED');
    const { totals } = order;
    const splitting = this.panel === 'split';
    return html`<header>
        <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('back'))}>← ${t('payBackToOrder')}</button>
        <h2>${order.table !== null ? t('table', { n: order.table }) : t('newOrder')}</h2>
        <span class="chip s-${order.status}">${t(`payStatus_${order.status}` as MessageKey)}</span>
      </header>
      ${
        this.checks.length > 1
          ? html`<div class="row checks" role="group" aria-label=${t('payChecks')}>
              ${this.checks.map(
                (c) =>
                  html`<button
                    type="button"
                    aria-pressed=${c.id === order.id ? 'true' : 'false'}
                    @click=${() => c.id !== order.id && this.dispatchEvent(new CustomEvent('select-check', { detail: { orderId: c.id } }))}
                  >
                    ${t('order', { n: c.number })} · ${money(c.totals.dueCents)}
                  </button>`,
              )}
            </div>`
          : nothing
      }
      <div class="scroll">
        <h3>${t('order', { n: order.number })}</h3>
        <ul class="lines" aria-label=${t('payLines')}>
          ${lines.map((item) => {
            const weighed = weighedAt(item);
            const price = html`<span class="money">${money(item.priceCents * item.quantity)}</span>`;
            const detail = weighed ? html`<span class="weighed">${weighed}</span>` : nothing;
            return splitting
              ? html`<li>
                  <label>
                    <input
                      type="checkbox"
                      aria-label=${`${howMuch(item)} ${item.name}`}
                      .checked=${this.selected.includes(item.id)}
                      @change=${(e: Event) =>
                        (this.selected = (e.target as HTMLInputElement).checked
                          ? [...this.selected, item.id]
                          : this.selected.filter((id) => id !== item.id))}
                    />
                    <span>${howMuch(item)} ${item.name}</span>${price}${detail}
                  </label>
                </li>`
              : html`<li><span>${howMuch(item)}</span><span>${item.name}</span>${price}${detail}</li>`;
          })}
        </ul>
        <dl>
          <dt>${t('paySubtotal')}</dt>
          <dd>${money(totals.subtotalCents)}</dd>
          ${order.discounts.map(
            (d) =>
              html`<dt>${t('payDiscountLine', { what: d.percent !== undefined ? `${d.percent}%` : '', reason: d.reason })}</dt>
                <dd>−${money(d.amountCents)}</dd>`,
          )}
          ${
            order.table !== null
              ? html`<dt>${order.serviceWaived ? t('payServiceWaived') : t('payService')}</dt>
                  <dd>${money(totals.serviceCents)}</dd>`
              : nothing
          }
          <dt class="total">${t('total')}</dt>
          <dd class="total">${money(totals.totalCents)}</dd>
          <dt>${t('payPaid')}</dt>
          <dd>${money(totals.paidCents)}</dd>
          ${
            totals.tipCents
              ? html`<dt>${t('payTips')}</dt>
                  <dd>${money(totals.tipCents)}</dd>`
              : nothing
          }
        </dl>
        ${order.payments.length ? html`<h3>${t('payPayments')}</h3>` : nothing}
        <ul class="payments" aria-label=${t('payPayments')}>
          ${order.payments.map((p) => this.payment(p))}
        </ul>
      </div>
      <div class="actions">
        <div class="row">
          <button
            type="button"
            aria-pressed=${this.panel === 'discount' ? 'true' : 'false'}
            @click=${() => this.toggle('discount')}
          >
            ${t('payDiscount')}
          </button>
          ${
            order.table !== null
              ? html`<button
                  type="button"
                  aria-pressed=${this.panel === 'service' ? 'true' : 'false'}
                  @click=${() => this.toggle('service')}
                >
                  ${order.serviceWaived ? t('payChargeService') : t('payWaiveService')}
                </button>`
              : nothing
          }
          <button type="button" aria-pressed=${splitting ? 'true' : 'false'} @click=${() => this.toggle('split')}>
            ${t('paySplit')}
          </button>
          <button type="button" aria-pressed=${this.panel === 'shares' ? 'true' : 'false'} @click=${() => this.toggle('shares')}>
            ${t('payShares')}
          </button>
        </div>
        ${this.adjustPanel(order)}
      </div>`;
  }

  private payment(p: PaymentView) {
    const refundable = refundableOf(p);
    const name = `${this.methodName(p.method)} ${money(p.amountCents)}`;
    const details = [
      timeOfDay(Date.parse(p.at)),
      p.tipCents ? t('payTipOf', { amount: money(p.tipCents) }) : '',
      p.changeCents ? t('payChangeOf', { amount: money(p.changeCents) }) : '',
      p.authCode ? t('payAuthCode', { code: p.authCode }) : '',
      p.refundedCents ? t('payRefundedOf', { amount: money(p.refundedCents) }) : '',
    ].filter(Boolean);
    return html`<li>
      <span class="chip s-${p.status}">${t(`payState_${p.status}` as MessageKey)}</span>
      <span>${this.methodName(p.method)}</span>
      <span class="money">${money(p.amountCents)}</span>
      <span class="detail">${details.join(' · ')}</span>
      ${
        refundable > 0 && this.refunding !== p.id
          ? html`<button
              type="button"
              aria-label=${t('payRefundLabel', { payment: name })}
              @click=${() => {
                this.panel = null;
                this.problem = '';
                this.refunding = p.id;
              }}
            >
              ${t('payRefund')}
            </button>`
          : nothing
      }
      ${
        this.refunding === p.id
          ? html`<div class="panel detail" role="group" aria-label=${t('payRefundLabel', { payment: name })}>
              <money-field name="refund" label=${t('posAmount')} .value=${money(refundable)}></money-field>
              ${this.reasonField()}
              <div class="row">
                <button type="button" class="danger" ?disabled=${this.busy || this.offline} @click=${() => this.refund(p)}>
                  ${t('payRefund')}
                </button>
                <button type="button" @click=${() => (this.refunding = null)}>${t('cancel')}</button>
              </div>
            </div>`
          : nothing
      }
    </li>`;
  }

  private reasonField() {
    return html`<label
      >${t('posReason')}
      <input name="reason" autocomplete="off" maxlength="200" />
    </label>`;
  }

  /** The open adjustment: a discount, the service charge, a split by item, or equal shares. */
  private adjustPanel(order: Order) {
    const blocked = this.busy || this.offline;
    switch (this.panel) {
      case 'discount':
        return html`<div class="panel" role="group" aria-label=${t('payDiscount')}>
          <div class="row">
            ${(['percent', 'amount'] as const).map(
              (by) =>
                html`<button
                  type="button"
                  aria-pressed=${this.discountBy === by ? 'true' : 'false'}
                  @click=${() => (this.discountBy = by)}
                >
                  ${t(by === 'percent' ? 'payDiscountPercent' : 'payDiscountAmount')}
                </button>`,
            )}
          </div>
          ${
            this.discountBy === 'percent'
              ? html`<label
                  >${t('payDiscountPercent')}
                  <input name="percent" type="number" inputmode="numeric" min="1" max="100" autocomplete="off" />
                </label>`
              : html`<money-field name="discount" label=${t('payDiscountAmount')}></money-field>`
          }
          ${this.reasonField()}
          <button type="button" class="primary" ?disabled=${blocked} @click=${() => this.giveDiscount()}>
            ${t('payGiveDiscount')}
          </button>
        </div>`;
      case 'service':
        return html`<div
          class="panel"
          role="group"
          aria-label=${order.serviceWaived ? t('payChargeService') : t('payWaiveService')}
        >
          ${this.reasonField()}
          <button type="button" class="primary" ?disabled=${blocked} @click=${() => this.setService(order)}>
            ${order.serviceWaived ? t('payChargeService') : t('payWaiveService')}
          </button>
        </div>`;
      case 'split':
        return html`<div class="panel" role="group" aria-label=${t('paySplit')}>
          <span>${t('paySplitHint')}</span>
          <button
            type="button"
            class="primary"
            ?disabled=${blocked || this.selected.length === 0}
            @click=${() => this.fire({ action: 'split', body: { itemIds: this.selected } })}
          >
            ${t('paySplitMove', { count: this.selected.length })}
          </button>
        </div>`;
      case 'shares':
        return html`<div class="panel" role="group" aria-label=${t('payShares')}>
          <div class="row">
            <button type="button" aria-label=${t('less')} @click=${() => (this.parts = Math.max(2, this.parts - 1))}>−</button>
            <strong role="status">${t('paySharesOf', { n: this.parts })}</strong>
            <button type="button" aria-label=${t('more')} @click=${() => (this.parts = Math.min(20, this.parts + 1))}>+</button>
          </div>
          <div class="row">
            <button
              type="button"
              class="primary"
              @click=${() => {
                this.plan = { parts: this.parts, from: order.payments.length };
                this.amountText = null;
                this.panel = null;
              }}
            >
              ${t('paySharesStart', { n: this.parts })}
            </button>
            ${this.plan ? html`<button type="button" @click=${() => (this.plan = null)}>${t('paySharesStop')}</button>` : nothing}
          </div>
        </div>`;
      default:
        return nothing;
    }
  }

  /** Taking payment: what is due, the tenders, the last payment's outcome, and closing the table. */
  private take(order: Order) {
    const left = leftToTake(order);
    const pending = order.totals.dueCents - left;
    const paid = order.status === 'PAID' || order.status === 'CLOSED';
    const blocked = this.busy || this.offline || this.waiting > 0 || left === 0;
    return html`<div class="due">
        <div class="what" role="status" aria-live="polite">
          <span class="label">${paid ? t('payPaidInFull') : t('payDue')}</span>
          <strong class=${paid ? 'paid' : ''} aria-label=${t('payDueOf', { amount: money(left) })}
            >${paid ? `✓ ${money(order.totals.totalCents)}` : money(left)}</strong
          >
          ${pending > 0 ? html`<span class="pending">${t('payPendingOf', { amount: money(pending) })}</span>` : nothing}
        </div>
        ${
          left > 0
            ? html`<div class="row tabs" role="group" aria-label=${t('payTender')}>
                ${METHODS.map(
                  (m) =>
                    html`<button
                      type="button"
                      aria-pressed=${this.method === m ? 'true' : 'false'}
                      @click=${() => {
                        this.method = m;
                        this.problem = '';
                      }}
                    >
                      ${this.methodName(m)}
                    </button>`,
                )}
              </div>`
            : nothing
        }
      </div>
      ${this.plan ? this.shares(order, this.plan) : nothing} ${this.outcome(order)}
      <div class="tender">
        ${this.offline ? html`<p class="note warn wide" role="alert">${t('payNeedsConnection')}</p>` : nothing}
        ${this.waiting > 0 ? html`<p class="note warn wide" role="status">${t('payWaiting', { count: this.waiting })}</p>` : nothing}
        ${left > 0 ? this.tender(order, blocked) : nothing}
        ${this.problem || this.message ? html`<p class="note error wide" role="alert">${this.problem || this.message}</p>` : nothing}
      </div>
      <div class="foot">
        <span class="hint">${paid ? t('payCloseHint') : ''}</span>
        <button
          type="button"
          class=${paid ? 'primary go' : 'go'}
          ?disabled=${this.busy || this.offline}
          @click=${() => this.fire({ action: 'close', body: {} })}
        >
          ${t('payCloseTable')}
        </button>
      </div>`;
  }

  private shares(order: Order, plan: SharePlan) {
    const shares = sharesOf(plan, order);
    return html`<div class="shares" role="list" aria-label=${t('payShares')}>
      ${shares.map(
        (s, i) =>
          html`<span role="listitem" class=${s.taken ? 'chip taken' : 'chip'}
            >${s.taken ? '✓ ' : ''}${t('payShareN', { n: i + 1, amount: money(s.amountCents) })}</span
          >`,
      )}
    </div>`;
  }

  /**
   * A PIX waiting for the guest's bank: its QR code, whatever tender is chosen, since the guest is scanning it;
   * else the newest payment's outcome: the change to give in large type, a card approved or pending, a PIX paid.
   */
  private outcome(order: Order) {
    const pix = order.payments.find((p) => p.method === 'PIX' && p.status === 'PENDING' && p.brCode);
    if (pix?.brCode) {
      return html`<div class="qr">
        <pix-qr .code=${pix.brCode} label=${t('payPixQr', { amount: money(pix.amountCents) })}></pix-qr>
        <div class="stack">
          <p class="note warn" role="status">${t('payPixWaiting', { amount: money(pix.amountCents) })}</p>
          <span>${t('payPixCopy')}</span>
          <span class="brcode">${pix.brCode}</span>
        </div>
      </div>`;
    }
    const last = order.payments.at(-1);
    if (!last || last.status === 'REFUNDED') return nothing;
    if (last.method === 'CASH') {
      return html`<p class="note ok outcome" role="status">
        ${t('payCashTaken', { amount: money(last.amountCents) })}
        ${last.changeCents ? html`<span class="big">${t('payGiveChange', { amount: money(last.changeCents) })}</span>` : nothing}
      </p>`;
    }
    if (last.status === 'PENDING') return html`<p class="note warn outcome" role="status">${t('payCardPending')}</p>`;
    const amount = money(last.amountCents + last.tipCents);
    return html`<p class="note ok outcome" role="status">
      ✓ ${last.method === 'PIX' ? t('payPixPaid', { amount }) : t('payCardApproved', { amount })}
      ${last.authCode ? ` · ${t('payAuthCode', { code: last.authCode })}` : ''}
    </p>`;
  }

  private tender(order: Order, blocked: boolean) {
    const amountCents = this.amount(order);
    const amountField = html`<money-field
      label=${t('posAmount')}
      .value=${this.amountText ?? money(suggestedAmount(order, this.plan))}
      @money-input=${(e: CustomEvent<{ text: string }>) => (this.amountText = e.detail.text)}
    ></money-field>`;
    if (this.method === 'CASH') {
      const tendered = this.cents(this.receivedText);
      const change = changeOf(tendered, amountCents);
      return html`<div class="stack">
          ${amountField}
          <money-field
            label=${t('payReceived')}
            keypad
            .value=${this.receivedText}
            @money-input=${(e: CustomEvent<{ text: string }>) => (this.receivedText = e.detail.text)}
          ></money-field>
        </div>
        <div class="stack">
          <div class="quick" role="group" aria-label=${t('payQuick')}>
            ${quickAmounts(amountCents ?? 0).map(
              (q) => html`<button type="button" @click=${() => (this.receivedText = money(q))}>${money(q)}</button>`,
            )}
          </div>
          <div class=${change === null && tendered !== null ? 'change short' : 'change'} role="status" aria-live="polite">
            ${t('payChange')}
            <strong aria-label=${change === null ? '' : t('payChangeDue', { amount: money(change) })}
              >${change !== null ? money(change) : tendered !== null ? t('payShort') : '—'}</strong
            >
          </div>
          <button type="button" class="primary go" ?disabled=${blocked} @click=${() => this.pay(order)}>
            ${t('payTakeCash')}
          </button>
        </div>`;
    }
    if (this.method === 'CARD') {
      const tip = this.cents(this.tipText) ?? 0;
      return html`<div class="stack">
          ${amountField}
          <label class="field"
            >${t('payTestCard')}
            <select @change=${(e: Event) => (this.card = (e.target as HTMLSelectElement).value)}>
              ${TEST_CARDS.map(
                (c) => html`<option value=${c} ?selected=${c === this.card}>${c} · ${t(`payCard_${c}` as MessageKey)}</option>`,
              )}
            </select>
          </label>
        </div>
        <div class="stack">
          <money-field
            label=${t('payTip')}
            .value=${this.tipText}
            @money-input=${(e: CustomEvent<{ text: string }>) => (this.tipText = e.detail.text)}
          ></money-field>
          <p class="note">${t('payCardCharges', { amount: money((amountCents ?? 0) + tip) })}</p>
          <button type="button" class="primary go" ?disabled=${blocked} @click=${() => this.pay(order)}>
            ${t('payChargeCard')}
          </button>
        </div>`;
    }
    return html`<div class="stack">${amountField}</div>
      <div class="stack">
        <p class="note">${t('payPixHint')}</p>
        <button type="button" class="primary go" ?disabled=${blocked} @click=${() => this.pay(order)}>${t('payShowPix')}</button>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-pay': PosPay;
  }
}
