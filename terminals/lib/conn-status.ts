import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ConnectionState } from './connection.js';
import { LangController } from './controllers.js';
import { t } from './i18n.js';

/** A dot and a word: online, connecting, offline. Colour is never the only cue. */
@customElement('conn-status')
export class ConnStatus extends LitElement {
  static override styles = css`
    :host {
      display: inline-flex;
      align-items: center;
      gap: 0.4rem;
      font-weight: 700;
      white-space: nowrap;
    }
    .dot {
      width: 0.8rem;
      height: 0.8rem;
      border-radius: 50%;
      background: var(--ok-dot);
    }
    :host([state='offline']) .dot {
      background: var(--danger-dot);
    }
    :host([state='connecting']) .dot {
      background: var(--warn-dot);
    }
  `;

  /** The connection's state. */
  @property({ reflect: true }) accessor state: ConnectionState = 'connecting';

  private readonly i18n = new LangController(this);

  override render() {
    const word = this.state === 'online' ? t('online') : this.state === 'offline' ? t('offline') : t('connecting');
    return html`<span class="dot"></span><span role="status">${word}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'conn-status': ConnStatus;
  }
}
