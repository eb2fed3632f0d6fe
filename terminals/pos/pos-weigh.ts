import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { weighedCents, type ProductView, type WeightReading } from '../lib/contract.js';
import { LangController } from '../lib/controllers.js';
import { money, perKg, weight } from '../lib/format.js';
import { t, type MessageKey } from '../lib/i18n.js';
import { base } from '../lib/styles.js';
import { ScaleController } from './scale-controller.js';

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
 * gives nothing to ring (still moving, zero, offline, ...). Fires `weighed` with `{ grams }` of the stable
 * reading shown, or `cancel`.
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
        gap: 0.6rem;
      }
    `,
  ];

  /** The product sold by weight being weighed (with its `pricePerKgCents`). */
  @property({ attribute: false }) accessor product: ProductView | null = null;
  /** Reads the terminal's scale once: GET /api/terminals/:id/weight. */
  @property({ attribute: false }) accessor read: () => Promise<WeightReading> = () => Promise.reject(new Error('no scale'));

  private readonly i18n = new LangController(this);
  private readonly scale = new ScaleController(this, () => this.read());

  override render() {
    const product = this.product;
    if (!product) return null;
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
        <button
          type="button"
          class="primary"
          ?disabled=${!reading}
          @click=${() => reading && this.dispatchEvent(new CustomEvent('weighed', { detail: { grams: reading.grams } }))}
        >
          ${t('weighRing', { weight: weighed ?? '—' })}
        </button>
        <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('cancel'))}>${t('weighCancel')}</button>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-weigh': PosWeigh;
  }
}
