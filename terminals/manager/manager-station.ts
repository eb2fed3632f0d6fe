import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LangController } from '../lib/controllers.js';
import { clock } from '../lib/format.js';
import { stationName, t, type MessageKey } from '../lib/i18n.js';
import { base } from '../lib/styles.js';
import { oldestAgeSeconds, stationHealth, type StationHealth, type StationLoad } from './manager-model.js';
import { card, panel } from './manager-styles.js';

const LOOK: Record<StationHealth, { chip: string; mark: string }> = {
  idle: { chip: 'muted', mark: '○' },
  ok: { chip: 'ok', mark: '●' },
  busy: { chip: 'warn', mark: '▲' },
  late: { chip: 'danger', mark: '■' },
};

/** One station as a card named by its id: open tickets, the oldest one's age ticking, how many are late. */
@customElement('manager-station')
export class ManagerStation extends LitElement {
  static override styles = [
    base,
    panel,
    card,
    css`
      :host([health='late']) article {
        border-color: var(--danger);
        background: var(--danger-bg);
      }
      :host([health='busy']) article {
        border-color: var(--warn-dot);
      }
      header {
        display: flex;
        flex-direction: column;
        align-items: flex-start;
        gap: 0.2rem;
      }
      h3 {
        margin: 0;
        font-size: 1.35rem;
      }
      .open {
        font-size: 2.6rem;
        font-weight: 800;
        line-height: 1.1;
        margin: 0.3rem 0 0;
      }
      .open small {
        font-size: 1rem;
        font-weight: 700;
        color: var(--muted);
        margin-left: 0.3rem;
      }
      .line {
        font-size: 1.05rem;
        margin: 0.15rem 0;
      }
      .late {
        color: var(--danger-text);
        font-weight: 800;
      }
    `,
  ];

  /** The station's figures from GET /api/stations/load. */
  @property({ attribute: false }) accessor station: StationLoad | null = null;
  /** Now, on the server's clock (ms). */
  @property({ type: Number }) accessor now = 0;
  /** idle, ok, busy or late: reflected for the card's colour. */
  @property({ reflect: true }) accessor health: StationHealth = 'idle';

  private readonly i18n = new LangController(this);

  override willUpdate(): void {
    if (this.station) this.health = stationHealth(this.station, this.now);
  }

  override render() {
    const s = this.station;
    if (!s) return nothing;
    const look = LOOK[this.health];
    return html`<article aria-label=${s.stationId}>
      <header>
        <h3>${stationName(s.stationId)}</h3>
        <span class="chip ${look.chip}"
          ><span aria-hidden="true">${look.mark}</span><span>${t(`mgrStation_${this.health}` as MessageKey)}</span></span
        >
      </header>
      <p class="open num">${s.open} <small>${t('mgrOpenTickets')}</small></p>
      <p class="line num">${t('mgrOldest', { time: s.open ? clock(oldestAgeSeconds(s, this.now)) : '—' })}</p>
      <p class="line num ${s.late ? 'late' : ''}">${t('mgrLate', { n: s.late })}</p>
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'manager-station': ManagerStation;
  }
}
