import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { create } from 'qrcode';

/** The blank border a QR code needs around it to be read: four modules. */
const QUIET = 4;

/** The dark modules of `text`'s QR code as one SVG path, on a grid of side `size` (quiet zone included). */
function qrPath(text: string): { size: number; d: string } {
  const { size, data } = create(text, { errorCorrectionLevel: 'M' }).modules;
  let d = '';
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (data[y * size + x]) d += `M${x + QUIET} ${y + QUIET}h1v1h-1z`;
  return { size: size + 2 * QUIET, d };
}

/**
 * A PIX BR Code ("copia e cola") as a QR code for the payer's bank app to scan, black on white whatever the
 * screen's theme, since readers want dark modules on a light ground. Drawn as SVG, so it stays sharp at any size.
 */
@customElement('pix-qr')
export class PixQr extends LitElement {
  static override styles = css`
    :host {
      display: block;
      aspect-ratio: 1;
      background: #fff;
      border-radius: 8px;
    }
    svg {
      display: block;
      width: 100%;
      height: 100%;
    }
  `;

  /** The BR Code. */
  @property() accessor code = '';
  /** What a screen reader says of the image, e.g. "PIX QR code for R$ 37,50". */
  @property() accessor label = '';

  private drawn: { code: string; size: number; d: string } | null = null;

  override render() {
    if (!this.code) return nothing;
    if (this.drawn?.code !== this.code) this.drawn = { code: this.code, ...qrPath(this.code) };
    const { size, d } = this.drawn;
    return html`<svg viewBox="0 0 ${size} ${size}" role="img" aria-label=${this.label} shape-rendering="crispEdges">
      <path d=${d} fill="#000" />
    </svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pix-qr': PixQr;
  }
}
