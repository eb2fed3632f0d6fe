import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LangController } from './controllers.js';
import { t } from './i18n.js';

/** A wide banner while the connection is down, with how many commands wait in the outbox. */
@customElement('offline-banner')
export class OfflineBanner extends LitElement {
  static override styles = css`
    div[hidden] {
      display: none;
    }
    div {
      background: var(--danger);
      color: #fff;
      font-weight: 700;
      font-size: 1.2rem;
      padding: 0.7rem 1rem;
    }
  `;

  /** True while there is no connection. */
  @property({ type: Boolean }) accessor offline = false;
  /** Commands waiting to be sent. */
  @property({ type: Number }) accessor waiting = 0;

  private readonly i18n = new LangController(this);

  override render() {
    // The live region stays in the page so that a screen reader hears the banner when it appears.
    const text = this.offline ? (this.waiting ? t('offlineBanner', { count: this.waiting }) : t('offlineBannerNone')) : nothing;
    return html`<div role="status" aria-live="polite" ?hidden=${!this.offline}>${text}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'offline-banner': OfflineBanner;
  }
}
