import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LangController } from '../lib/controllers.js';
import { timeOfDay } from '../lib/format.js';
import { t } from '../lib/i18n.js';
import { base } from '../lib/styles.js';

/** A ticket this station bumped, as the recall list shows it. */
export interface Bumped {
  id: string;
  orderNumber: number;
  label: string;
  bumpedAt: number;
}

/** The recall button and the list of the last bumped tickets (newest first). Fires `recall` with `{ ticketId }`. */
@customElement('kds-recall')
export class KdsRecall extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        position: relative;
        display: inline-block;
      }
      .panel {
        position: absolute;
        right: 0;
        top: calc(100% + 0.4rem);
        z-index: 10;
        width: 24rem;
        background: var(--surface);
        border: 2px solid var(--border);
        border-radius: 12px;
        padding: 0.6rem;
        display: grid;
        gap: 0.4rem;
        box-shadow: 0 8px 24px rgba(0, 0, 0, 0.5);
      }
      .panel button {
        text-align: left;
        font-size: 1.2rem;
        display: flex;
        justify-content: space-between;
      }
      p {
        margin: 0.4rem;
        color: var(--muted);
      }
      .toggle {
        font-weight: 700;
      }
    `,
  ];

  /** Bumped tickets, newest first (at most 10). */
  @property({ attribute: false }) accessor bumped: Bumped[] = [];
  @state() private accessor open = false;

  private readonly i18n = new LangController(this);

  private recall(b: Bumped) {
    this.open = false;
    this.dispatchEvent(new CustomEvent('recall', { detail: { ticketId: b.id } }));
  }

  override render() {
    return html`<button type="button" class="toggle" aria-expanded=${String(this.open)} @click=${() => (this.open = !this.open)}>
        ↶ ${t('recall')} (${this.bumped.length})
      </button>
      ${
        this.open
          ? html`<div class="panel">
              ${this.bumped.length ? nothing : html`<p>${t('recallEmpty')}</p>`}
              ${this.bumped.map(
                (b) =>
                  html`<button
                    type="button"
                    aria-label=${t('recallTicket', { n: b.orderNumber, table: b.label })}
                    @click=${() => this.recall(b)}
                  >
                    <span>#${b.orderNumber} · ${b.label}</span><span>${timeOfDay(b.bumpedAt)}</span>
                  </button>`,
              )}
              <button type="button" @click=${() => (this.open = false)}>${t('close')}</button>
            </div>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kds-recall': KdsRecall;
  }
}
