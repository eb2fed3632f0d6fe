import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ProductView, WeightReading } from '../lib/contract.js';
import { LangController } from '../lib/controllers.js';
import { money, perKg } from '../lib/format.js';
import { t } from '../lib/i18n.js';
import { base } from '../lib/styles.js';
import './pos-weigh.js';

export interface RingDetail {
  productId: string;
  /** How many; 1 for a product sold by weight, rung with `grams` instead. */
  quantity: number;
  /** The stable reading of the terminal's scale, for a product sold by weight, or the weight typed. */
  grams?: number;
  /** The grams were typed, not read by the scale: a manager answers for them. */
  typed?: boolean;
  notes: string;
  course: number;
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/**
 * The menu by category, with search, and what the next item gets: quantity, course, notes.
 * Each product is a button named as the product. Fires `ring` with a RingDetail; quantity and
 * notes go back to 1 and empty after each ring, the course stays. A product sold by weight is weighed first
 * (pos-weigh, on the terminal's scale) and rung with the grams read, or typed.
 */
@customElement('pos-menu')
export class PosMenu extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 0.6rem;
        min-height: 0;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      .cats button[aria-pressed='true'] {
        background: var(--text);
        color: var(--surface);
        border-color: var(--text);
      }
      .cats button {
        font-weight: 600;
      }
      .search input {
        width: 100%;
        font-size: 1.1rem;
      }
      .qty {
        display: inline-flex;
        align-items: center;
        gap: 0.4rem;
      }
      .qty output {
        min-width: 2.2rem;
        text-align: center;
        font-size: 1.5rem;
        font-weight: 800;
      }
      .qty button {
        font-size: 1.5rem;
        font-weight: 800;
        padding: 0;
        width: 48px;
      }
      .course {
        display: inline-flex;
        align-items: center;
        gap: 0.4rem;
        font-weight: 700;
        color: var(--muted);
      }
      .course button[aria-pressed='true'] {
        background: var(--primary);
        color: var(--on-primary);
        border-color: var(--primary);
      }
      .course button {
        color: var(--text);
        font-weight: 800;
        width: 48px;
        padding: 0;
      }
      .notes {
        flex: 1 1 12rem;
        min-width: 0;
        font-size: 1.05rem;
      }
      .products {
        flex: 1;
        min-height: 0;
        overflow-y: auto;
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(10.5rem, 1fr));
        grid-auto-rows: max-content;
        gap: 0.6rem;
        padding: 0.2rem;
        align-content: start;
      }
      .products button {
        min-height: 5.2rem;
        height: auto;
        display: block;
        text-align: left;
        background: var(--surface);
        font-size: 1.08rem;
        font-weight: 700;
        line-height: 1.2;
        padding: 0.6rem 0.7rem;
      }
      .products button span {
        display: block;
      }
      .products button[aria-disabled='true'] {
        cursor: not-allowed;
        background: var(--surface-2);
        color: var(--muted);
        border-style: dashed;
      }
      .out {
        margin-top: 0.3rem;
        font-size: 0.9rem;
      }
      .price {
        margin-top: 0.3rem;
        font-weight: 600;
        color: var(--muted);
        font-size: 1rem;
      }
      .empty {
        color: var(--muted);
        font-size: 1.1rem;
      }
    `,
  ];

  /** The products on the menu, in the menu's order; one 86'd (`available: false`) shows but cannot be rung. */
  @property({ attribute: false }) accessor products: ProductView[] = [];
  /** Reads the terminal's scale once (GET /api/terminals/:id/weight), for a product sold by weight. */
  @property({ attribute: false }) accessor readWeight: () => Promise<WeightReading> = () => Promise.reject(new Error('no scale'));

  @state() private accessor category: string | null = null;
  @state() private accessor query = '';
  @state() private accessor quantity = 1;
  @state() private accessor course = 1;
  @state() private accessor notes = '';
  /** The product sold by weight on the scale now, or null. */
  @state() private accessor weighing: ProductView | null = null;

  private readonly i18n = new LangController(this);

  private ring(product: ProductView, grams?: number, typed = false) {
    if (product.available === false) return;
    if (product.soldBy === 'WEIGHT' && grams === undefined) {
      this.weighing = product;
      return;
    }
    const detail: RingDetail = {
      productId: product.id,
      quantity: grams === undefined ? this.quantity : 1,
      ...(grams === undefined ? {} : { grams, typed }),
      notes: this.notes.trim(),
      course: this.course,
    };
    this.dispatchEvent(new CustomEvent<RingDetail>('ring', { detail }));
    this.weighing = null;
    this.quantity = 1;
    this.notes = '';
  }

  override render() {
    const categories = [...new Set(this.products.map((p) => p.category))];
    const q = fold(this.query.trim());
    const shown = this.products.filter((p) =>
      q ? fold(p.name).includes(q) || fold(p.category).includes(q) : this.category === null || p.category === this.category,
    );
    return html`
      <div class="row cats" role="group" aria-label=${t('menu')}>
        <button type="button" aria-pressed=${String(this.category === null)} @click=${() => (this.category = null)}>
          ${t('allCategories')}
        </button>
        ${categories.map(
          (c) =>
            html`<button type="button" aria-pressed=${String(this.category === c)} @click=${() => (this.category = c)}>
              ${c}
            </button>`,
        )}
      </div>
      <div class="search">
        <input
          type="search"
          aria-label=${t('searchMenu')}
          placeholder=${t('searchMenu')}
          .value=${this.query}
          @input=${(e: Event) => (this.query = (e.target as HTMLInputElement).value)}
        />
      </div>
      <div class="row">
        <div class="qty" role="group" aria-label=${t('quantity')}>
          <button type="button" aria-label=${t('less')} ?disabled=${this.quantity <= 1} @click=${() => this.quantity--}>−</button>
          <output aria-live="polite" aria-label=${t('quantity')}>${this.quantity}</output>
          <button type="button" aria-label=${t('more')} ?disabled=${this.quantity >= 99} @click=${() => this.quantity++}>
            +
          </button>
        </div>
        <div class="course" role="group" aria-label=${t('course')}>
          <span aria-hidden="true">${t('course')}</span>
          ${[1, 2, 3].map(
            (n) =>
              html`<button
                type="button"
                aria-label=${t('courseN', { n })}
                aria-pressed=${String(this.course === n)}
                @click=${() => (this.course = n)}
              >
                ${n}
              </button>`,
          )}
        </div>
        <input
          class="notes"
          type="text"
          maxlength="200"
          aria-label=${t('notes')}
          placeholder=${t('notesPlaceholder')}
          .value=${this.notes}
          @input=${(e: Event) => (this.notes = (e.target as HTMLInputElement).value)}
        />
      </div>
      ${
        this.weighing
          ? html`<pos-weigh
              .product=${this.weighing}
              .read=${this.readWeight}
              @weighed=${(e: CustomEvent<{ grams: number; typed: boolean }>) =>
                this.ring(this.weighing!, e.detail.grams, e.detail.typed)}
              @cancel=${() => (this.weighing = null)}
            ></pos-weigh>`
          : null
      }
      <div class="products">
        ${shown.map(
          (p) =>
            html`<button
              type="button"
              aria-label=${p.name}
              aria-disabled=${p.available === false ? 'true' : nothing}
              @click=${() => this.ring(p)}
            >
              <span>${p.name}</span>
              ${
                p.available === false
                  ? html`<span class="out">${t('eightySixed')}</span>`
                  : html`<span class="price"
                      >${p.soldBy === 'WEIGHT' ? perKg(p.pricePerKgCents ?? 0) : money(p.priceCents)}</span
                    >`
              }
            </button>`,
        )}
        ${shown.length ? null : html`<p class="empty">${t('noProducts', { q: this.query })}</p>`}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-menu': PosMenu;
  }
}
