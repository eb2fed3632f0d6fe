import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { AlertView } from '../lib/contract.js';
import { LangController } from '../lib/controllers.js';
import { timeOfDay } from '../lib/format.js';
import { t } from '../lib/i18n.js';
import { base } from '../lib/styles.js';

/**
 * The managers' alerts (a sweep of wrong PINs across terminals, a drawer left open) as a banner, newest first. Fires
 * `dismiss` with `{ at }`.
 */
@customElement('manager-alerts')
export class ManagerAlerts extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
      }
      div {
        display: flex;
        align-items: center;
        gap: 0.8rem;
        padding: 0.5rem 1rem;
        background: var(--danger);
        color: #fff;
        font-weight: 700;
        font-size: 1.15rem;
      }
      span {
        flex: 1;
      }
      button {
        background: #fff;
        color: var(--danger-text);
        border-color: #fff;
        font-weight: 700;
      }
    `,
  ];

  /** The alerts to show, newest first. */
  @property({ attribute: false }) accessor alerts: AlertView[] = [];

  private readonly i18n = new LangController(this);

  private text(alert: AlertView): string {
    const time = timeOfDay(Date.parse(alert.at));
    switch (alert.type) {
      case 'PIN_SWEEP':
        return t('mgrAlert_PIN_SWEEP', { time, n: alert.wrongPins, minutes: Math.round(alert.windowSeconds / 60) });
      case 'DRAWER_LEFT_OPEN':
        return t('mgrAlert_DRAWER_LEFT_OPEN', {
          time,
          drawer: alert.drawerId,
          terminal: alert.terminalId,
          seconds: alert.seconds,
        });
    }
  }

  override render() {
    return html`<section role="alert">
      ${this.alerts.map(
        (a) =>
          html`<div>
            <span><span aria-hidden="true">▲ </span>${this.text(a)}</span>
            <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('dismiss', { detail: { at: a.at } }))}>
              ${t('dismiss')}
            </button>
          </div>`,
      )}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'manager-alerts': ManagerAlerts;
  }
}
