import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { isOrder, SOCKET_EVENTS, TOPICS, type Order } from '../lib/contract.js';
import { money } from '../lib/format.js';
import { t } from '../lib/i18n.js';
import { OrderFeed } from '../lib/order-feed.js';
import { param } from '../lib/session.js';
import { TerminalController } from '../lib/terminal-controller.js';
import '../lib/lang-switch.js';
import '../lib/login-screen.js';

/**
 * The display facing the customer, paired with one POS (`?pair=pos-1`): the order that POS is
 * ringing, line by line, the total in large type, and "your order is ready" when the kitchen is
 * done. It listens only to its POS's room and shows only that POS's orders.
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
      grid-template-columns: 4rem 1fr auto;
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
    .notes {
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
    () => [`?status=OPEN&terminalId=${encodeURIComponent(this.pair)}`],
    () => this.requestUpdate(),
    this.terminal.auth.failed,
  );

  /**
   * The display follows what the waiter rings: an order comes on show when it is opened or its
   * lines change, not when the kitchen bumps another table's ticket.
   */
  private onOrder(view: Order) {
    if (view.terminalId !== this.pair) return;
    const before = this.feed.orders.get(view.id);
    const rung = (o: Order) => `${o.items.length}:${o.totals.totalCents}`;
    this.feed.apply(view);
    if (view.status === 'OPEN' && (!before || rung(before) !== rung(view))) this.currentId = view.id;
  }

  /** The order on show: the one the waiter rang last, else the newest open one of the pair. */
  private current(): Order | null {
    const mine = this.feed.orders.values().filter((o) => o.terminalId === this.pair && o.status === 'OPEN' && !o.servedAt);
    return mine.find((o) => o.id === this.currentId) ?? mine.sort((a, b) => b.number - a.number)[0] ?? null;
  }

  override render() {
    const { auth, ready } = this.terminal;
    if (!ready) return nothing;
    if (!auth.session) return html`<login-screen .auth=${auth}></login-screen>`;
    const order = this.current();
    const lines = order?.items.filter((i) => i.status !== 'VOIDED') ?? [];
    if (!order || !lines.length) {
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
      ${order.kitchen === 'READY' ? html`<div class="ready" role="status">${t('orderReady')}</div>` : nothing}
      <ul aria-label=${t('yourOrder')}>
        ${lines.map(
          (i) =>
            html`<li>
              <span class="qty">${i.quantity}×</span><span>${i.name}</span
              ><span class="price">${money(i.priceCents * i.quantity)}</span>
              ${i.notes ? html`<span class="notes">${i.notes}</span>` : nothing}
            </li>`,
        )}
      </ul>
      <div class="total" aria-live="polite"><span>${t('total')}</span><strong>${money(order.totals.totalCents)}</strong></div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'customer-app': CustomerApp;
  }
}
