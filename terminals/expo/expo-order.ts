import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Order } from '../lib/contract.js';
import { LangController } from '../lib/controllers.js';
import { clock, howMuch } from '../lib/format.js';
import { stationName, t } from '../lib/i18n.js';
import { base, kitchenCard } from '../lib/styles.js';

/** One order on the pass: which stations are done, its items, and the button that bumps it off the pass. Fires `serve`. */
@customElement('expo-order')
export class ExpoOrder extends LitElement {
  static override styles = [
    base,
    kitchenCard,
    css`
      :host([ready]) {
        border-color: var(--ok);
      }
      header {
        display: flex;
        align-items: baseline;
        gap: 0.7rem;
        padding: 0.5rem 0.8rem;
        background: var(--surface-2);
      }
      .num {
        font-size: 2rem;
        font-weight: 800;
      }
      .table {
        font-size: 1.5rem;
        font-weight: 700;
        flex: 1;
      }
      .age {
        font-size: 1.5rem;
        font-variant-numeric: tabular-nums;
        font-weight: 700;
      }
      .stations {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        padding: 0.5rem 0.8rem 0;
      }
      .st {
        font-weight: 800;
        font-size: 1.1rem;
        padding: 0.15rem 0.6rem;
        border-radius: 6px;
        border: 2px solid currentColor;
      }
      .st.done {
        color: var(--ok);
        background: var(--ok-bg);
      }
      .st.cooking {
        color: var(--warn);
        background: var(--warn-bg);
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0.4rem 0.8rem;
        flex: 1;
      }
      li {
        font-size: 1.3rem;
        padding: 0.2rem 0;
      }
      li.ready {
        color: var(--ok);
      }
      li.voided {
        text-decoration: line-through;
        color: var(--muted);
      }
      .note {
        background: var(--note-bg);
        color: var(--note-text);
        font-weight: 700;
        padding: 0 0.3rem;
        border-radius: 4px;
        margin-left: 0.3rem;
      }
      .serve {
        margin: 0 0.8rem 0.8rem;
        min-height: 60px;
        font-size: 1.35rem;
      }
      .readyword {
        color: var(--ok);
        font-weight: 800;
        font-size: 1.2rem;
        padding: 0.3rem 0.8rem 0;
      }
    `,
  ];

  /** The order on the pass. */
  @property({ attribute: false }) accessor order: Order | null = null;
  /** Now, on the server's clock (ms). */
  @property({ type: Number }) accessor now = 0;
  /** Every station is done. */
  @property({ type: Boolean, reflect: true }) accessor ready = false;

  private readonly i18n = new LangController(this);

  override willUpdate(): void {
    this.ready = this.order?.kitchen === 'READY';
  }

  override render() {
    const order = this.order;
    if (!order) return nothing;
    const fired = order.tickets.map((x) => (x.firedAt ? Date.parse(x.firedAt) : NaN)).filter(Number.isFinite);
    const since = fired.length ? Math.min(...fired) : Date.parse(order.openedAt);
    const where = order.table !== null ? t('ticketTable', { n: order.table }) : t('ticketNoTable');
    const stations = [...new Set(order.tickets.map((x) => x.stationId))];
    return html`
      <header>
        <span class="num">#${order.number}</span>
        <span class="table">${where}</span>
        <span class="age">${clock((this.now - since) / 1000)}</span>
      </header>
      <div class="stations">
        ${stations.map((s) => {
          const done = order.tickets.filter((x) => x.stationId === s).every((x) => x.status === 'BUMPED');
          return html`<span class="st ${done ? 'done' : 'cooking'}"
            >${done ? '✓ ' : ''}${t(done ? 'stationDone' : 'stationCooking', { station: stationName(s) })}</span
          >`;
        })}
      </div>
      ${this.ready ? html`<div class="readyword">${t('kitchenReady')}</div>` : nothing}
      <ul>
        ${order.items
          .filter((i) => i.status !== 'NEW')
          .map(
            (i) =>
              html`<li class=${i.status.toLowerCase()}>
                <strong>${howMuch(i)}</strong> ${i.name}${i.notes ? html`<span class="note">${i.notes}</span>` : nothing}
              </li>`,
          )}
      </ul>
      <button
        type="button"
        class="primary serve"
        ?disabled=${!this.ready}
        aria-label=${t('serveOrder', { n: order.number, table: where })}
        @click=${() => this.dispatchEvent(new CustomEvent('serve', { detail: { orderId: order.id } }))}
      >
        ✓ ${t('served')}
      </button>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'expo-order': ExpoOrder;
  }
}
