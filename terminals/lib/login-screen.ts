import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LangController } from './controllers.js';
import { t } from './i18n.js';
import './lang-switch.js';
import './pin-pad.js';
import type { SessionController } from './session-controller.js';

/** The whole screen while nobody is logged in: the PIN pad, the terminal's name and the language switch. */
@customElement('login-screen')
export class LoginScreen extends LitElement {
  static override styles = css`
    :host {
      display: grid;
      place-items: center;
      min-height: 100vh;
      position: relative;
    }
    lang-switch {
      position: absolute;
      top: 0.8rem;
      right: 0.8rem;
    }
  `;

  /** The screen's title above the pad; empty for "Enter your PIN". */
  @property() accessor heading = '';
  /**
   * The session to log in. It stays the same object while its `busy` and `error` change: every render of the
   * host renders the pad again, or a refusal (a wrong PIN, a role not allowed here, a locked terminal) never shows.
   */
  @property({ attribute: false, hasChanged: () => true }) accessor auth: SessionController | null = null;

  private readonly i18n = new LangController(this);

  override render() {
    const auth = this.auth;
    return html`<lang-switch></lang-switch>
      <pin-pad
        .heading=${this.heading}
        .subheading=${auth ? t('loginOn', { terminal: auth.terminalId }) : ''}
        .error=${auth?.error ?? ''}
        ?busy=${auth?.busy ?? false}
        @pin-submit=${(e: CustomEvent<{ pin: string }>) => void auth?.login(e.detail.pin)}
      ></pin-pad>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'login-screen': LoginScreen;
  }
}
