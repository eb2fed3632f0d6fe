import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LangController } from './controllers.js';
import { t } from './i18n.js';
import { base } from './styles.js';

/**
 * A PIN pad: ten digit buttons named "0"–"9", delete, clear and log in (or another submit, e.g. "Approve"). Typed digits work too
 * (a keyboard or a bump bar). Fires `pin-submit` with `{ pin }`; the digits clear on submit.
 */
@customElement('pin-pad')
export class PinPad extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: grid;
        justify-items: center;
        gap: 1rem;
        padding: 1.5rem;
      }
      h1 {
        margin: 0;
        font-size: 2rem;
      }
      p {
        margin: 0;
        color: var(--muted);
        font-size: 1.2rem;
      }
      .dots {
        display: flex;
        gap: 0.8rem;
        min-height: 2rem;
        align-items: center;
      }
      .dot {
        width: 1.2rem;
        height: 1.2rem;
        border-radius: 50%;
        background: var(--text);
      }
      .keys {
        display: grid;
        grid-template-columns: repeat(3, 6rem);
        gap: 0.8rem;
      }
      .keys button {
        /* A dialog over a screen has less room than the login page. */
        height: var(--pin-key-height, 5rem);
        font-size: 2rem;
        font-weight: 700;
        background: var(--surface);
      }
      .keys button.small {
        font-size: 1.1rem;
      }
      .submit {
        width: calc(18rem + 1.6rem);
        height: 4rem;
        font-size: 1.4rem;
      }
      .error {
        color: var(--danger-text);
        font-weight: 700;
        font-size: 1.2rem;
        min-height: 1.6rem;
      }
    `,
  ];

  /** The title above the pad. */
  @property() accessor heading = '';
  /** A line under the title, e.g. the terminal. */
  @property() accessor subheading = '';
  /** The last refusal to show, or ''. */
  @property() accessor error = '';
  /** The submit button's name; "Log in" unless told (the approval dialog's "Approve"). */
  @property() accessor submitLabel = '';
  /** True while a login is on its way: the pad waits. */
  @property({ type: Boolean }) accessor busy = false;

  @state() private accessor digits = '';

  private readonly i18n = new LangController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('keydown', this.onKey);
  }

  override disconnectedCallback(): void {
    removeEventListener('keydown', this.onKey);
    super.disconnectedCallback();
  }

  private readonly onKey = (e: KeyboardEvent) => {
    if (e.composedPath()[0] instanceof HTMLInputElement) return;
    if (/^[0-9]$/.test(e.key)) this.press(e.key);
    else if (e.key === 'Backspace') this.digits = this.digits.slice(0, -1);
    else if (e.key === 'Enter' && this.digits.length >= 4) {
      e.preventDefault();
      this.submit();
    } else return;
    e.preventDefault();
  };

  private press(d: string) {
    if (this.digits.length < 8) this.digits += d;
  }

  private submit() {
    if (this.busy || this.digits.length < 4) return;
    const pin = this.digits;
    this.digits = '';
    this.dispatchEvent(new CustomEvent('pin-submit', { detail: { pin }, bubbles: true, composed: true }));
  }

  override render() {
    const digit = (d: string) => html`<button type="button" @click=${() => this.press(d)} ?disabled=${this.busy}>${d}</button>`;
    return html`
      <h1>${this.heading || t('loginTitle')}</h1>
      ${this.subheading ? html`<p>${this.subheading}</p>` : null}
      <div class="dots" role="status" aria-label=${t('pinEntered', { count: this.digits.length })}>
        ${[...this.digits].map(() => html`<span class="dot"></span>`)}
      </div>
      <div class="error" role="alert">${this.error}</div>
      <div class="keys">
        ${['1', '2', '3', '4', '5', '6', '7', '8', '9'].map(digit)}
        <button type="button" class="small" @click=${() => (this.digits = '')}>${t('pinClear')}</button>
        ${digit('0')}
        <button type="button" class="small" aria-label=${t('pinDelete')} @click=${() => (this.digits = this.digits.slice(0, -1))}>
          ⌫
        </button>
      </div>
      <button type="button" class="primary submit" ?disabled=${this.busy || this.digits.length < 4} @click=${this.submit}>
        ${this.submitLabel || t('pinSubmit')}
      </button>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pin-pad': PinPad;
  }
}
