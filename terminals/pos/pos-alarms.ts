import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LangController } from '../lib/controllers.js';
import { stationName, t } from '../lib/i18n.js';
import type { Alarm } from './pos-model.js';

/** The unacknowledged alarm: a ticket this POS sent that no kitchen screen of its station confirmed in time. */
@customElement('pos-alarms')
export class PosAlarms extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0.2rem 0;
      background: var(--danger);
      color: #fff;
      /* Three alarms show; more scroll, so the order stays on screen. */
      max-height: 7.2rem;
      overflow-y: auto;
      animation: pulse 1.2s ease-in-out 3;
    }
    li {
      font-weight: 700;
      font-size: 1.1rem;
      line-height: 1.3;
      padding: 0.35rem 1rem;
    }
    li + li {
      border-top: 1px solid rgba(255, 255, 255, 0.5);
    }
    @keyframes pulse {
      50% {
        filter: brightness(1.3);
      }
    }
    @media (prefers-reduced-motion: reduce) {
      li {
        animation: none;
      }
    }
  `;

  /** The tickets to warn about. */
  @property({ attribute: false }) accessor alarms: Alarm[] = [];

  private readonly i18n = new LangController(this);

  override render() {
    return html`<div role="alert">
      ${
        this.alarms.length
          ? html`<ul>
              ${this.alarms.map((a) => {
                const vars = { table: a.table ?? '', n: a.orderNumber, station: stationName(a.stationId) };
                return html`<li>⚠ ${a.table !== null ? t('alarm', vars) : t('alarmNoTable', vars)}</li>`;
              })}
            </ul>`
          : nothing
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-alarms': PosAlarms;
  }
}
