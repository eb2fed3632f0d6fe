import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LangController } from './controllers.js';
import { getLang, t } from './i18n.js';
import { separators } from './money.js';
import { base } from './styles.js';

/**
 * A register's keys for a tablet with no keyboard: the digits, the language's decimal separator and delete, typing
 * into the field above them (an amount of money, a weight in kilos). Fires `keypad-input` with `{ text }`, what
 * `value` is once the key is pressed; the field keeps the value.
 */
@customElement('key-pad')
export class KeyPad extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
      }
      .keys {
        display: grid;
        grid-template-columns: repeat(3, 1fr);
        gap: 0.4rem;
      }
      .keys button {
        min-height: var(--key-height, 3.4rem);
        font-size: 1.6rem;
        font-weight: 700;
        background: var(--surface);
      }
    `,
  ];

  /** The name of the field it types into, e.g. "Received": the keys are "Keypad for Received". */
  @property() accessor label = '';
  /** What the field holds now. */
  @property() accessor value = '';
  @property({ type: Boolean }) accessor disabled = false;

  private readonly i18n = new LangController(this);

  private type(text: string) {
    this.dispatchEvent(new CustomEvent('keypad-input', { detail: { text } }));
  }

  override render() {
    const { decimal } = separators(getLang());
    const key = (text: string, name?: string) =>
      html`<button
        type="button"
        aria-label=${name ?? text}
        ?disabled=${this.disabled}
        @click=${() => this.type(this.value + text)}
      >
        ${text}
      </button>`;
    return html`<div class="keys" role="group" aria-label=${t('keypadFor', { field: this.label })}>
      ${['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => key(d))} ${key(decimal, t('keypadDecimal'))} ${key('0')}
      <button
        type="button"
        aria-label=${t('pinDelete')}
        ?disabled=${this.disabled}
        @click=${() => this.type(this.value.slice(0, -1))}
      >
        ⌫
      </button>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'key-pad': KeyPad;
  }
}
