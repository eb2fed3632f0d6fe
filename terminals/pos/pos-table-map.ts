import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LangController } from '../lib/controllers.js';
import { t, type MessageKey } from '../lib/i18n.js';
import { base } from '../lib/styles.js';
import type { TableInfo } from './pos-model.js';

/** The floor: one big button per table, named "Table 5, free", coloured and worded by state. Fires `table-select` with `{ table }`. */
@customElement('pos-table-map')
export class PosTableMap extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        padding: 1rem;
      }
      h2 {
        margin: 0 0 0.8rem;
        font-size: 1.6rem;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(10.5rem, 1fr));
        gap: 0.9rem;
      }
      button {
        display: grid;
        gap: 0.25rem;
        align-content: center;
        justify-items: start;
        min-height: 8rem;
        padding: 0.8rem 1rem;
        text-align: left;
        background: var(--surface);
        border-width: 3px;
      }
      .n {
        font-size: 2.6rem;
        font-weight: 800;
        line-height: 1;
      }
      .state {
        font-size: 1.15rem;
        font-weight: 700;
        padding: 0.1rem 0.5rem;
        border-radius: 6px;
      }
      .num {
        color: var(--muted);
        font-size: 1rem;
      }
      button.open {
        border-color: var(--info);
      }
      button.open .state {
        background: var(--info-bg);
        color: var(--info);
      }
      button.sent {
        border-color: var(--warn);
      }
      button.sent .state {
        background: var(--warn-bg);
        color: var(--warn);
      }
      button.ready {
        border-color: var(--ok);
      }
      button.ready .state {
        background: var(--ok-bg);
        color: var(--ok);
      }
      button.paid {
        border-color: var(--ok);
        border-style: dashed;
      }
      button.paid .state {
        color: var(--ok);
      }
      button.free .state {
        color: var(--muted);
        padding-left: 0;
      }
    `,
  ];

  /** The tables with their state. */
  @property({ attribute: false }) accessor tables: TableInfo[] = [];

  private readonly i18n = new LangController(this);

  override render() {
    return html`
      <h2>${t('tables')}</h2>
      <div class="grid">
        ${this.tables.map((table) => {
          const state = t(`tableState_${table.state}` as MessageKey);
          return html`<button
            type="button"
            class=${table.state}
            aria-label=${t('tableButton', { n: table.number, state })}
            @click=${() => this.dispatchEvent(new CustomEvent('table-select', { detail: { table: table.number } }))}
          >
            <span class="n">${table.number}</span>
            <span class="state">${state}</span>
            ${table.orderNumber ? html`<span class="num">${t('order', { n: table.orderNumber })}</span>` : null}
          </button>`;
        })}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-table-map': PosTableMap;
  }
}
