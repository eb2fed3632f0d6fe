import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { LangController } from './controllers.js';
import { money } from './format.js';
import { getLang, t } from './i18n.js';
import { parseMoney, separators } from './money.js';
import { base } from './styles.js';

/**
 * An amount of money, typed as the screen shows it (R$ 50,00, 50, 12.50) and read by `parseMoney`: one field for
 * every amount the POS takes (the drawer's float and movements, the cash a guest hands over, a tip), so each reads
 * money the same way. With `keypad`, a register's keys under it: the digits, the language's decimal separator and
 * delete, for a tablet with no keyboard. Fires `money-input` with `{ text, cents }` (cents null while the text is
 * not an amount) on every change.
 */
@customElement('money-field')
export class MoneyField extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: grid;
        gap: 0.4rem;
      }
      label {
        display: grid;
        gap: 0.25rem;
        font-weight: 700;
        font-size: 1.05rem;
      }
      input {
        font-size: 1.4rem;
        min-height: 56px;
        font-variant-numeric: tabular-nums;
        width: 100%;
      }
      input::placeholder {
        color: var(--muted);
        font-weight: 400;
        opacity: 0.7;
      }
      .keys {
        display: grid;
        grid-template-columns: repeat(3, 1fr);
        gap: 0.4rem;
      }
      .keys button {
        min-height: var(--money-key-height, 3.4rem);
        font-size: 1.6rem;
        font-weight: 700;
        background: var(--surface);
      }
    `,
  ];

  /** The field's name, e.g. "Received". */
  @property() accessor label = '';
  /** What is typed. */
  @property() accessor value = '';
  /** Shows the register's keys under the field. */
  @property({ type: Boolean }) accessor keypad = false;
  @property({ type: Boolean }) accessor disabled = false;

  private readonly i18n = new LangController(this);

  /** The amount typed, in cents, or null while it is none. */
  get cents(): number | null {
    return parseMoney(this.value, getLang());
  }

  private set(text: string) {
    this.value = text;
    this.dispatchEvent(new CustomEvent('money-input', { detail: { text, cents: this.cents } }));
  }

  override render() {
    const { decimal } = separators(getLang());
    const key = (text: string, add: string, name?: string) =>
      html`<button
        type="button"
        aria-label=${name ?? nothing}
        ?disabled=${this.disabled}
        @click=${() => this.set(this.value + add)}
      >
        ${text}
      </button>`;
    return html`<label
        >${this.label}
        <input
          inputmode="decimal"
          autocomplete="off"
          placeholder=${money(0)}
          ?disabled=${this.disabled}
          .value=${live(this.value)}
          @input=${(e: Event) => this.set((e.target as HTMLInputElement).value)}
        />
      </label>
      ${
        this.keypad
          ? html`<div class="keys" role="group" aria-label=${t('keypadFor', { field: this.label })}>
              ${['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => key(d, d))} ${key(decimal, decimal, t('keypadDecimal'))}
              ${key('0', '0')}
              <button
                type="button"
                aria-label=${t('pinDelete')}
                ?disabled=${this.disabled}
                @click=${() => this.set(this.value.slice(0, -1))}
              >
                ⌫
              </button>
            </div>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'money-field': MoneyField;
  }
}
