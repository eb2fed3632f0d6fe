import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LangController } from '../lib/controllers.js';
import { t } from '../lib/i18n.js';

/** All-day counts: how many of each item are open across the station. */
@customElement('kds-all-day')
export class KdsAllDay extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      flex-wrap: wrap;
      font-size: 1.2rem;
    }
    h2 {
      margin: 0;
      font-size: 1rem;
      text-transform: uppercase;
      letter-spacing: 0.05em;
      color: var(--muted);
    }
    ul {
      display: contents;
      list-style: none;
    }
    li {
      background: var(--surface-2);
      border: 1px solid var(--border);
      border-radius: 8px;
      padding: 0.2rem 0.6rem;
    }
    strong {
      font-size: 1.4rem;
      margin-right: 0.3rem;
    }
  `;

  /** Item name and open quantity, most first. */
  @property({ attribute: false }) accessor counts: { name: string; quantity: number }[] = [];

  private readonly i18n = new LangController(this);

  override render() {
    return html`<h2>${t('allDay')}</h2>
      <ul aria-label=${t('allDay')}>
        ${this.counts.map((c) => html`<li><strong>${c.quantity}</strong>${c.name}</li>`)}
      </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kds-all-day': KdsAllDay;
  }
}
