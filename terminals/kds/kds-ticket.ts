import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Ticket } from '../lib/contract.js';
import { LangController } from '../lib/controllers.js';
import { clock, howMuch } from '../lib/format.js';
import { t } from '../lib/i18n.js';
import { base, kitchenCard } from '../lib/styles.js';
import { startInSeconds, timingOf } from './kds-model.js';

/**
 * One ticket card: order number and table large, a timer coloured against the preparation time
 * (and worded: on time, close, late), items grouped by course with their notes standing out and
 * when to start each. The bump button names its ticket. Fires `bump` with `{ ticketId }`.
 */
@customElement('kds-ticket')
export class KdsTicket extends LitElement {
  static override styles = [
    base,
    kitchenCard,
    css`
      :host([selected]) {
        border-color: var(--focus);
        box-shadow: 0 0 0 4px var(--focus);
      }
      header {
        display: grid;
        grid-template-columns: auto 1fr auto;
        align-items: center;
        gap: 0.2rem 0.7rem;
        padding: 0.5rem 0.7rem;
        color: #fff;
        background: #1f6f3b;
      }
      header.close {
        background: #8a4b00;
      }
      header.late {
        background: #b3261e;
      }
      .pos {
        display: grid;
        place-items: center;
        width: 2.4rem;
        height: 2.4rem;
        border-radius: 8px;
        background: rgba(0, 0, 0, 0.35);
        font-size: 1.5rem;
        font-weight: 800;
      }
      .ids {
        display: flex;
        flex-direction: column;
        line-height: 1.05;
      }
      .num {
        font-size: 2.1rem;
        font-weight: 800;
      }
      .table {
        font-size: 1.5rem;
        font-weight: 700;
      }
      .timer {
        text-align: right;
        line-height: 1.1;
      }
      .timer strong {
        display: block;
        font-size: 2rem;
        font-variant-numeric: tabular-nums;
      }
      .timer span {
        font-size: 1rem;
        font-weight: 700;
        text-transform: uppercase;
      }
      .body {
        padding: 0.3rem 0.7rem 0.6rem;
        flex: 1;
      }
      h3 {
        margin: 0.6rem 0 0.2rem;
        font-size: 0.95rem;
        text-transform: uppercase;
        letter-spacing: 0.05em;
        color: var(--muted);
        border-bottom: 1px solid var(--border);
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        padding: 0.35rem 0;
        font-size: 1.45rem;
        line-height: 1.25;
      }
      .qty {
        font-weight: 800;
        margin-right: 0.35rem;
      }
      .name {
        font-weight: 700;
      }
      li.voided .name,
      li.voided .qty {
        text-decoration: line-through;
        color: var(--muted);
      }
      .void {
        margin-left: 0.4rem;
        font-size: 1rem;
        font-weight: 800;
        color: var(--danger-text);
      }
      .printed {
        margin: 0 0 0.3rem;
        color: var(--info);
        font-weight: 800;
      }
      .note {
        display: block;
        margin-top: 0.2rem;
        background: var(--note-bg);
        color: var(--note-text);
        font-weight: 800;
        font-size: 1.3rem;
        padding: 0.1rem 0.45rem;
        border-radius: 5px;
      }
      .start {
        display: block;
        font-size: 1.1rem;
        color: var(--muted);
        font-weight: 600;
      }
      .start.now {
        color: var(--ok);
        font-weight: 800;
      }
      .bump {
        margin: 0 0.7rem 0.7rem;
        min-height: 60px;
        font-size: 1.4rem;
      }
    `,
  ];

  /** The ticket to draw. */
  @property({ attribute: false }) accessor ticket: Ticket | null = null;
  /** Its place on the rail, 1-based: the digit a bump bar presses to select it. */
  @property({ type: Number }) accessor position = 0;
  /** Selected by the bump bar: Enter bumps it. */
  @property({ type: Boolean, reflect: true }) accessor selected = false;
  /** Now, on the server's clock (ms). */
  @property({ type: Number }) accessor now = 0;

  private readonly i18n = new LangController(this);

  /** How the ticket is named to a person and a screen reader. */
  static label(ticket: Ticket): string {
    return ticket.table !== null ? t('ticketTable', { n: ticket.table }) : t('ticketNoTable');
  }

  override render() {
    const ticket = this.ticket;
    if (!ticket) return nothing;
    const { ageSeconds, timing } = timingOf(ticket, this.now);
    const courses = [...new Set(ticket.items.map((i) => i.course))].sort((a, b) => a - b);
    const word = timing === 'late' ? t('late') : timing === 'close' ? t('close_') : t('onTime');
    const where = KdsTicket.label(ticket);
    return html`
      <header class=${timing}>
        <span class="pos" aria-hidden="true">${this.position % 10}</span>
        <span class="ids"><span class="num">#${ticket.orderNumber}</span><span class="table">${where}</span></span>
        <span class="timer"><strong>${clock(ageSeconds)}</strong><span>${word}</span></span>
      </header>
      <div class="body">
        ${ticket.printed ? html`<p class="printed">${t('printedAt', { device: ticket.printed.deviceId })}</p>` : nothing}
        ${courses.map(
          (course) =>
            html`${courses.length > 1 || course !== 1 ? html`<h3>${t('courseN', { n: course })}</h3>` : nothing}
              <ul>
                ${ticket.items
                  .filter((i) => i.course === course)
                  .map((item) => {
                    const startIn = item.voided ? null : startInSeconds(item, this.now);
                    return html`<li class=${item.voided ? 'voided' : ''}>
                      <span class="qty">${howMuch(item)}</span><span class="name">${item.name}</span>
                      ${item.voided ? html`<span class="void">${t('voided')}</span>` : nothing}
                      ${item.notes ? html`<span class="note">⚠ ${item.notes}</span>` : nothing}
                      ${
                        startIn === null
                          ? nothing
                          : startIn <= 0
                            ? html`<span class="start now">▶ ${t('startNow')}</span>`
                            : html`<span class="start">${t('startIn', { time: clock(startIn) })}</span>`
                      }
                    </li>`;
                  })}
              </ul>`,
        )}
      </div>
      <button
        type="button"
        class="primary bump"
        aria-label=${t('bumpTicket', { n: ticket.orderNumber, table: where })}
        @click=${() => this.dispatchEvent(new CustomEvent('bump', { detail: { ticketId: ticket.id } }))}
      >
        ✓ ${t('bump')}
      </button>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kds-ticket': KdsTicket;
  }
}
