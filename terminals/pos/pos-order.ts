import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LangController } from '../lib/controllers.js';
import { howMuch, latency, money, weighedAt } from '../lib/format.js';
import { stationName, t, type MessageKey } from '../lib/i18n.js';
import { base } from '../lib/styles.js';
import { atTable, receiptOf, type Line, type OrderDraft } from './pos-model.js';

/**
 * The order being rung: its lines by course with their kitchen state (new, fired, ready) and,
 * per station, whether a kitchen screen has received them and how long that took, or the station's
 * printer printed them (its screens dark); the total;
 * and one Send button that fires course 1, then reads "Fire course 2", and so on. A line the
 * server has can be voided, with a reason the waiter picks; a fired one leaves the kitchen's ticket too.
 * Pay opens the check's pay screen once the server has the order. Fires `send` with `{ course }`, `void` with
 * `{ itemId, reason }`, `pay` and `back`.
 */
@customElement('pos-order')
export class PosOrder extends LitElement {
  static override styles = [
    base,
    css`
      :host {
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
        gap: 0.8rem;
        padding: 0.6rem 0.8rem;
        border-bottom: 2px solid var(--border);
      }
      h2 {
        margin: 0;
        font-size: 1.5rem;
        flex: 1;
      }
      .num {
        color: var(--muted);
        font-weight: 600;
        font-size: 1.1rem;
      }
      .lines {
        flex: 1;
        overflow-y: auto;
        padding: 0.3rem 0.8rem;
      }
      h3 {
        margin: 0.8rem 0 0.3rem;
        font-size: 1rem;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        color: var(--muted);
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        display: grid;
        grid-template-columns: auto 1fr auto;
        gap: 0.15rem 0.6rem;
        padding: 0.55rem 0;
        border-bottom: 1px solid var(--surface-2);
        font-size: 1.1rem;
      }
      .qty {
        font-weight: 800;
      }
      .name {
        font-weight: 700;
      }
      .price {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      .meta {
        grid-column: 2 / 4;
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        align-items: center;
        font-size: 0.95rem;
      }
      .weighed {
        grid-column: 2 / 4;
        color: var(--muted);
        font-variant-numeric: tabular-nums;
      }
      .note {
        grid-column: 2 / 4;
        justify-self: start;
        background: var(--note-bg);
        color: var(--note-text);
        font-weight: 700;
        padding: 0.05rem 0.4rem;
        border-radius: 4px;
      }
      .chip {
        font-weight: 700;
        padding: 0.1rem 0.5rem;
        border-radius: 6px;
        border: 1px solid currentColor;
      }
      .s-NEW {
        color: var(--info);
        background: var(--info-bg);
      }
      .s-FIRED {
        color: var(--warn);
        background: var(--warn-bg);
      }
      .s-READY {
        color: var(--ok);
        background: var(--ok-bg);
      }
      .s-VOIDED {
        color: var(--muted);
      }
      .s-PENDING {
        color: var(--muted);
        border-style: dashed;
      }
      li.voided .name,
      li.voided .price {
        text-decoration: line-through;
      }
      li.voided .price {
        color: var(--muted);
      }
      .got {
        color: var(--ok);
        font-weight: 700;
      }
      .wait {
        color: var(--muted);
      }
      .lost {
        color: var(--danger-text);
        font-weight: 700;
      }
      .empty {
        color: var(--muted);
        font-size: 1.1rem;
        padding: 1rem 0;
      }
      footer {
        display: flex;
        align-items: center;
        gap: 0.8rem;
        padding: 0.7rem 0.8rem;
        border-top: 2px solid var(--border);
      }
      .total {
        flex: 1;
        font-size: 1.2rem;
        font-weight: 600;
      }
      .total strong {
        display: block;
        font-size: 2rem;
        font-variant-numeric: tabular-nums;
      }
      .send,
      .pay {
        min-height: 64px;
        min-width: 11rem;
        font-size: 1.4rem;
      }
      .pay {
        min-width: 7rem;
        font-weight: 700;
      }
      .void {
        margin-left: auto;
        min-height: 40px;
        font-size: 0.95rem;
      }
      .why {
        grid-column: 1 / 4;
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        align-items: center;
        padding: 0.4rem;
        background: var(--surface-2);
        border-radius: 8px;
      }
      .why strong {
        flex-basis: 100%;
      }
    `,
  ];

  /** The order on screen, with what still waits in the outbox. */
  @property({ attribute: false }) accessor draft: OrderDraft | null = null;

  /** The item whose void reasons are showing. */
  @state() private accessor confirming: string | null = null;

  private readonly i18n = new LangController(this);

  private voidItem(itemId: string, reason: string) {
    this.confirming = null;
    this.dispatchEvent(new CustomEvent('void', { detail: { itemId, reason } }));
  }

  /** Void, then why: the reason goes into the order's log for the manager. */
  private voidReasons(line: Line, itemId: string) {
    const reasons: MessageKey[] = ['voidReason_mistake', 'voidReason_changed', 'voidReason_out'];
    return html`<div class="why" role="group" aria-label=${t('voidWhy', { item: line.name })}>
      <strong>${t('voidWhy', { item: line.name })}</strong>
      ${reasons.map(
        (reason) =>
          html`<button type="button" class="danger" @click=${() => this.voidItem(itemId, t(reason))}>${t(reason)}</button>`,
      )}
      <button type="button" @click=${() => (this.confirming = null)}>${t('keepItem')}</button>
    </div>`;
  }

  private line(line: Line) {
    // Only what the server holds can be voided, and only once.
    const itemId = line.itemId !== null && line.status !== 'VOIDED' && !line.voiding ? line.itemId : null;
    const asking = itemId !== null && this.confirming === itemId;
    const weighed = weighedAt(line);
    return html`<li class=${line.status === 'VOIDED' ? 'voided' : ''}>
      <span class="qty">${howMuch(line)}</span>
      <span class="name">${line.name}</span>
      <span class="price">${money(line.priceCents)}</span>
      ${weighed ? html`<span class="weighed">${weighed}</span>` : nothing}
      ${line.notes ? html`<span class="note">${line.notes}</span>` : nothing}
      <span class="meta">
        ${
          line.voiding
            ? html`<span class="chip s-PENDING">${t('itemStatus_VOIDING')}</span>`
            : html`<span class="chip s-${line.status}">${t(`itemStatus_${line.status}` as MessageKey)}</span>`
        }
        ${this.receipt(line)}
        ${
          itemId !== null && !asking
            ? html`<button
                type="button"
                class="void"
                aria-label=${t('voidLabel', { item: line.name })}
                @click=${() => (this.confirming = itemId)}
              >
                ${t('voidItem')}
              </button>`
            : nothing
        }
      </span>
      ${asking ? this.voidReasons(line, itemId) : nothing}
    </li>`;
  }

  private receipt(line: Line) {
    const ticket = line.ticket;
    if (!ticket || !line.station) return nothing;
    const station = stationName(ticket.stationId);
    const { receivedAfterMs, printedBy, lost } = receiptOf(ticket);
    if (receivedAfterMs === null && printedBy === null) {
      if (lost) return html`<span class="lost">⚠ ${t('notReceived', { station })}</span>`;
      return html`<span class="wait">${t('notReceived', { station })}</span>`;
    }
    // A screen may draw a ticket that printed while it was dark: the kitchen has it both ways, and the POS says so.
    return [
      receivedAfterMs !== null
        ? html`<span class="got">✓ ${t('received', { station, time: latency(receivedAfterMs) })}</span>`
        : nothing,
      printedBy !== null ? html`<span class="got">✓ ${t('printedAt', { device: printedBy })}</span>` : nothing,
    ];
  }

  override render() {
    const draft = this.draft;
    if (!draft) return nothing;
    const courses = [...new Set(draft.lines.map((l) => l.course))].sort((a, b) => a - b);
    const next = draft.nextCourse;
    const sendLabel = next === null ? t('send') : next === 1 ? t('send') : t('fireCourse', { n: next });
    return html`
      <header>
        <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('back'))}>← ${t('backToTables')}</button>
        <h2>${draft.table !== null ? t('table', { n: draft.table }) : t('newOrder')}</h2>
        ${draft.order ? html`<span class="num">${t('order', { n: draft.order.number })}</span>` : nothing}
      </header>
      <div class="lines" aria-live="polite">
        ${draft.lines.length ? nothing : html`<p class="empty">${t('emptyOrder')}</p>`}
        ${courses.map((course) => {
          const lines = draft.lines.filter((l) => l.course === course);
          const held = next !== null && course > next && lines.some((l) => l.status === 'NEW' || l.status === 'PENDING');
          return html`<h3>${t('courseN', { n: course })}${held ? ` · ${t('held')}` : ''}</h3>
            <ul>
              ${lines.map((line) => this.line(line))}
            </ul>`;
        })}
      </div>
      <footer>
        <div class="total">${t('total')}<strong>${money(draft.totalCents)}</strong></div>
        ${
          draft.order && atTable(draft.order) && draft.lines.length
            ? html`<button type="button" class="pay" @click=${() => this.dispatchEvent(new CustomEvent('pay'))}>
                ${t('pay')}
              </button>`
            : nothing
        }
        <button
          type="button"
          class="primary send"
          ?disabled=${next === null}
          @click=${() => next !== null && this.dispatchEvent(new CustomEvent('send', { detail: { course: next } }))}
        >
          ${sendLabel}
        </button>
      </footer>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-order': PosOrder;
  }
}
