import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { LangController } from './controllers.js';
import { money } from './format.js';
import { getLang } from './i18n.js';
import { parseMoney } from './money.js';
import { base } from './styles.js';
import './key-pad.js';

/**
 * An amount of money, typed as the screen shows it (R$ 50,00, 50, 12.50) and read by `parseMoney`: one field for
 * every amount the POS takes (the drawer's float and movements, the cash a guest hands over, a tip), so each reads
 * money the same way. With `keypad`, a register's keys under it (key-pad), for a tablet with no keyboard. Fires `money-input` with `{ text, cents }` (cents null while the text is
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
          ? html`<key-pad
              .label=${this.label}
              .value=${this.value}
              ?disabled=${this.disabled}
              @keypad-input=${(e: CustomEvent<{ text: string }>) => this.set(e.detail.text)}
            ></key-pad>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'money-field': MoneyField;
  }
}
