import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { isOrder, SOCKET_EVENTS, TOPICS, type Order } from '../lib/contract.js';
import { howMuch, money, weighedAt } from '../lib/format.js';
import { t } from '../lib/i18n.js';
import { OrderFeed } from '../lib/order-feed.js';
import { param } from '../lib/session.js';
import { TerminalController } from '../lib/terminal-controller.js';
import '../lib/lang-switch.js';
import '../lib/login-screen.js';
import '../lib/pix-qr.js';
import { actedOn, customerScreen, onShow, type CustomerScreen } from './customer-model.js';

/**
 * The display facing the customer, paired with one POS (`?pair=pos-1`): the order that POS is
 * ringing, line by line, the total in large type, and "your order is ready" when the kitchen is
 * done; while the check is paid, what is left to pay, a PIX's QR code until the guest's bank
 * confirms it, and "paid, thank you". It listens only to its POS's room and shows only that POS's orders.
 */
@customElement('customer-app')
export class CustomerApp extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      min-height: 100vh;
      font-family: var(--font);
      color: var(--text);
    }
    .top {
      display: flex;
      justify-content: space-between;
      align-items: center;
      padding: 1rem 2rem;
    }
    h1 {
      margin: 0;
      font-size: 2.4rem;
    }
    .table {
      font-size: 1.8rem;
      color: var(--muted);
      margin-left: 1rem;
      font-weight: 600;
    }
    .ready {
      margin: 0 2rem;
      padding: 1.2rem 1.5rem;
      border-radius: 16px;
      background: var(--ok-bg);
      color: #fff;
      font-size: 3rem;
      font-weight: 800;
      text-align: center;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0.5rem 2rem;
      flex: 1;
      overflow: hidden;
    }
    li {
      display: grid;
      /* A weight ("0,482 kg") is wider than a count. */
      grid-template-columns: minmax(4rem, auto) 1fr auto;
      gap: 1rem;
      font-size: 2rem;
      padding: 0.6rem 0;
      border-bottom: 1px solid var(--surface-2);
    }
    .qty {
      font-weight: 800;
    }
    .price {
      font-variant-numeric: tabular-nums;
    }
    .notes,
    .weighed {
      grid-column: 2 / 4;
      font-size: 1.4rem;
      color: var(--muted);
    }
    .total {
      display: flex;
      justify-content: space-between;
      align-items: baseline;
      padding: 1.2rem 2rem 2rem;
      border-top: 3px solid var(--border);
      font-size: 2.4rem;
      font-weight: 700;
    }
    .total strong {
      font-size: 5rem;
      font-variant-numeric: tabular-nums;
    }
    .idle {
      flex: 1;
      display: grid;
      place-content: center;
      text-align: center;
      gap: 1rem;
    }
    .idle h1 {
      font-size: 4rem;
    }
    .idle p {
      font-size: 2rem;
      color: var(--muted);
      margin: 0;
    }
    .sums {
      display: flex;
      flex-wrap: wrap;
      justify-content: flex-end;
      gap: 0.4rem 2rem;
      padding: 0.6rem 2rem 0;
      border-top: 3px solid var(--border);
      font-size: 1.5rem;
      color: var(--muted);
      font-variant-numeric: tabular-nums;
    }
    .sums + .total {
      border-top: none;
    }
    .pix {
      flex: 1;
      display: grid;
      grid-template-columns: minmax(0, 26rem) minmax(0, 1fr);
      gap: 2rem;
      align-items: center;
      padding: 1rem 2rem 2rem;
    }
    .pix p {
      margin: 0;
      font-size: 2.4rem;
      font-weight: 700;
    }
    .pix strong {
      display: block;
      font-size: 5rem;
      font-variant-numeric: tabular-nums;
    }
    .paid {
      color: var(--ok);
    }
  `;

  private readonly pair = param('pair', 'pos-1');
  private readonly terminalId = param('terminal', this.pair.replace(/^pos-/, 'cd-'));
  /** The order on show: the last of its POS's orders the waiter rang. */
  private currentId: string | null = null;

  private readonly terminal: TerminalController = new TerminalController(this, {
    terminalId: this.terminalId,
    topics: () => [TOPICS.terminal(this.pair)],
    on: { [SOCKET_EVENTS.order]: (payload) => isOrder(payload) && this.onOrder(payload) },
    resync: () => this.feed.resync(),
    loaded: () => this.feed.loaded,
  });
  private readonly feed = new OrderFeed(
    this.terminal.auth.api,
    // A paid check stays on show until it is closed: the guest is thanked.
    () => ['OPEN', 'PAID'].map((status) => `?status=${status}&terminalId=${encodeURIComponent(this.pair)}`),
    () => this.requestUpdate(),
    this.terminal.auth.failed,
  );

  /**
   * The display follows what the waiter does: an order comes on show when it is opened, its lines
   * change or it is paid, not when the kitchen bumps another table's ticket.
   */
  private onOrder(view: Order) {
    if (view.terminalId !== this.pair) return;
    const before = this.feed.orders.get(view.id);
    this.feed.apply(view);
    if (view.status !== 'CANCELLED' && (!before || actedOn(before) !== actedOn(view))) this.currentId = view.id;
  }

  /** The order on show: the one the waiter acted on last, else the newest open one of the pair. */
  private current(): Order | null {
    const mine = this.feed.orders.values().filter((o) => o.terminalId === this.pair);
    const current = mine.find((o) => o.id === this.currentId && onShow(o, true));
    return current ?? mine.filter((o) => onShow(o, false)).sort((a, b) => b.number - a.number)[0] ?? null;
  }

  override render() {
    const { auth, ready } = this.terminal;
    if (!ready) return nothing;
    if (!auth.session) return html`<login-screen .auth=${auth}></login-screen>`;
    const order = this.current();
    const lines = order?.items.filter((i) => i.status !== 'VOIDED') ?? [];
    const screen = order ? customerScreen(order) : null;
    if (!order || !screen || (!lines.length && screen.kind === 'order')) {
      return html`<div class="top"><span></span><lang-switch></lang-switch></div>
        <div class="idle">
          <h1>${t('customerWelcome')}</h1>
          <p>${t('customerIdle')}</p>
        </div>`;
    }
    return html`
      <div class="top">
        <h1>
          ${t('yourOrder')}${order.table !== null ? html`<span class="table">${t('table', { n: order.table })}</span>` : nothing}
        </h1>
        <lang-switch></lang-switch>
      </div>
      ${screen.kind === 'paid' ? html`<div class="ready" role="status">${t('customerPaid')}</div>` : nothing}
      ${order.kitchen === 'READY' && screen.kind === 'order' ? html`<div class="ready" role="status">${t('orderReady')}</div>` : nothing}
      ${screen.kind === 'pix' ? this.pix(screen.payment) : this.lines(order, lines, screen)}
    `;
  }

  /** A PIX waiting for the guest's bank: its QR code, large, and what it pays. */
  private pix(payment: { amountCents: number; brCode: string }) {
    const amount = money(payment.amountCents);
    return html`<div class="pix">
      <pix-qr .code=${payment.brCode} label=${t('payPixQr', { amount })}></pix-qr>
      <div role="status" aria-live="polite">
        <p>${t('customerPixScan')}</p>
        <strong>${amount}</strong>
      </div>
    </div>`;
  }

  /** The lines as rung, the check's sums once there is more to it than the lines, and the total or what is left to pay. */
  private lines(order: Order, lines: Order['items'], screen: Exclude<CustomerScreen, { kind: 'pix' }>) {
    const { totals } = order;
    const paying = screen.kind === 'order' && screen.paying;
    const sums = [
      totals.discountCents || totals.serviceCents ? `${t('paySubtotal')} ${money(totals.subtotalCents)}` : '',
      totals.discountCents ? `${t('payDiscount')} −${money(totals.discountCents)}` : '',
      totals.serviceCents ? `${t('payService')} ${money(totals.serviceCents)}` : '',
      paying ? `${t('total')} ${money(totals.totalCents)}` : '',
      paying ? `${t('payPaid')} ${money(totals.paidCents)}` : '',
    ].filter(Boolean);
    return html`<ul aria-label=${t('yourOrder')}>
        ${lines.map(
          (i) =>
            html`<li>
              <span class="qty">${howMuch(i)}</span><span>${i.name}</span
              ><span class="price">${money(i.priceCents * i.quantity)}</span>
              ${weighedAt(i) ? html`<span class="weighed">${weighedAt(i)}</span>` : nothing}
              ${i.notes ? html`<span class="notes">${i.notes}</span>` : nothing}
            </li>`,
        )}
      </ul>
      ${sums.length ? html`<div class="sums">${sums.map((s) => html`<span>${s}</span>`)}</div>` : nothing}
      <div class="total" aria-live="polite">
        ${
          screen.kind === 'paid'
            ? html`<span>${t('payPaid')}</span><strong class="paid">✓ ${money(totals.totalCents)}</strong>`
            : screen.paying
              ? html`<span>${t('customerDue')}</span><strong>${money(screen.leftCents)}</strong>`
              : html`<span>${t('total')}</span><strong>${money(totals.totalCents)}</strong>`
        }
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'customer-app': CustomerApp;
  }
}
