import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { weighedCents, type ProductView, type WeightReading } from '../lib/contract.js';
import { LangController } from '../lib/controllers.js';
import { money, perKg, weight } from '../lib/format.js';
import { t, type MessageKey } from '../lib/i18n.js';
import { parseKilos } from '../lib/kilos.js';
import { base } from '../lib/styles.js';
import { ScaleController } from './scale-controller.js';
import '../lib/key-pad.js';

/** The most the server rings as one plate (grams' max on add-item). */
const MAX_GRAMS = 50_000;

/** Why the scale gives nothing to ring, in the waiter's language; any other refusal in the server's words. */
const WHY: Partial<Record<string, MessageKey>> = {
  SCALE_UNSTABLE: 'scale_SCALE_UNSTABLE',
  SCALE_ZERO: 'scale_SCALE_ZERO',
  SCALE_NEGATIVE: 'scale_SCALE_NEGATIVE',
  SCALE_OVERLOAD: 'scale_SCALE_OVERLOAD',
  SCALE_OFFLINE: 'scale_SCALE_OFFLINE',
  NO_SCALE: 'scale_NO_SCALE',
};

/**
 * Weighing a product sold by weight on the terminal's scale: the live weight and what it costs, or why the scale
 * gives nothing to ring (still moving, zero, offline, ...). While it gives nothing, the weight may be typed
 * instead, in kilos on a keypad, for a manager to approve. Fires `weighed` with `{ grams, typed }` (`typed`: the
 * grams are not the scale's, a manager answers for them), or `cancel`.
 */
@customElement('pos-weigh')
export class PosWeigh extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 0.8rem;
        padding: 1rem;
        border: 2px solid var(--primary);
        border-radius: 0.5rem;
        background: var(--surface);
      }
      output {
        font-size: 2.4rem;
        font-weight: 800;
      }
      .price {
        font-size: 1.4rem;
        font-weight: 700;
      }
      .why {
        color: var(--danger, #b00020);
        font-weight: 700;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.6rem;
      }
      label {
        display: grid;
        gap: 0.25rem;
        font-weight: 700;
      }
      input {
        width: 100%;
        font-size: 1.4rem;
        min-height: 56px;
        font-variant-numeric: tabular-nums;
      }
      /* The keypad beside what it rings, so that Ring stays in sight on a tablet. */
      .typed {
        display: grid;
        grid-template-columns: 20rem 1fr;
        gap: 1rem;
        align-items: start;
      }
      .field {
        display: grid;
        gap: 0.6rem;
        justify-items: start;
        min-width: 0;
      }
      .field label,
      .field key-pad {
        justify-self: stretch;
        --key-height: 3rem;
      }
    `,
  ];

  /** The product sold by weight being weighed (with its `pricePerKgCents`). */
  @property({ attribute: false }) accessor product: ProductView | null = null;
  /** Reads the terminal's scale once: GET /api/terminals/:id/weight. */
  @property({ attribute: false }) accessor read: () => Promise<WeightReading> = () => Promise.reject(new Error('no scale'));

  /** Typing the weight, the scale giving nothing to ring; and what is typed, in kilos. */
  @state() private accessor typing = false;
  @state() private accessor typed = '';

  private readonly i18n = new LangController(this);
  private readonly scale = new ScaleController(this, () => this.read());

  private weighed(grams: number, typed: boolean) {
    this.dispatchEvent(new CustomEvent('weighed', { detail: { grams, typed } }));
  }

  override render() {
    const product = this.product;
    if (!product) return null;
    if (this.typing) return this.typeTheWeight(product);
    const { reading, refusal } = this.scale;
    const weighed = reading ? weight(reading.grams) : null;
    return html`
      <h2>${t('weighTitle', { product: product.name })}</h2>
      <span>${perKg(product.pricePerKgCents ?? 0)}</span>
      <output aria-live="polite" aria-label=${t('weighTitle', { product: product.name })}> ${weighed ?? '—'} </output>
      ${reading ? html`<span class="price">${money(weighedCents(reading.grams, product.pricePerKgCents ?? 0))}</span>` : null}
      ${refusal ? html`<p class="why" role="status">${WHY[refusal.type] ? t(WHY[refusal.type]!) : refusal.message}</p>` : null}
      ${!reading && !refusal ? html`<p role="status">${t('weighing')}</p>` : null}
      <div class="row">
        <button type="button" class="primary" ?disabled=${!reading} @click=${() => reading && this.weighed(reading.grams, false)}>
          ${t('weighRing', { weight: weighed ?? '—' })}
        </button>
        ${refusal ? html`<button type="button" @click=${() => (this.typing = true)}>${t('weighType')}</button>` : null}
        <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('cancel'))}>${t('weighCancel')}</button>
      </div>
    `;
  }

  /** The weight typed in kilos, its price as it will ring, and Ring (a manager's PIN follows, at the POS). */
  private typeTheWeight(product: ProductView) {
    const grams = parseKilos(this.typed);
    const ringable = grams !== null && grams <= MAX_GRAMS;
    const label = t('weighTypedLabel');
    return html`
      <h2>${t('weighTitle', { product: product.name })}</h2>
      <span>${perKg(product.pricePerKgCents ?? 0)}</span>
      <p role="status">${t('weighTypedWhy')}</p>
      <div class="typed">
        <div class="field">
          <label
            >${label}
            <input
              inputmode="decimal"
              autocomplete="off"
              placeholder=${weight(0)}
              .value=${live(this.typed)}
              @input=${(e: Event) => (this.typed = (e.target as HTMLInputElement).value)}
            />
          </label>
          <key-pad
            .label=${label}
            .value=${this.typed}
            @keypad-input=${(e: CustomEvent<{ text: string }>) => (this.typed = e.detail.text)}
          ></key-pad>
        </div>
        <div class="field">
          <output aria-live="polite" aria-label=${label}>${grams !== null ? weight(grams) : '—'}</output>
          ${ringable ? html`<span class="price">${money(weighedCents(grams, product.pricePerKgCents ?? 0))}</span>` : null}
          ${
            grams !== null && !ringable
              ? html`<p class="why" role="status">${t('weighTypedTooHeavy', { weight: weight(MAX_GRAMS) })}</p>`
              : null
          }
          <button type="button" class="primary" ?disabled=${!ringable} @click=${() => ringable && this.weighed(grams, true)}>
            ${t('weighRing', { weight: grams !== null ? weight(grams) : '—' })}
          </button>
          <div class="row">
            <button type="button" @click=${() => (this.typing = false)}>${t('weighBackToScale')}</button>
            <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('cancel'))}>${t('weighCancel')}</button>
          </div>
        </div>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-weigh': PosWeigh;
  }
}
