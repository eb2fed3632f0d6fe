import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { DrawerView } from '../lib/contract.js';
import { LangController } from '../lib/controllers.js';
import { money, timeOfDay } from '../lib/format.js';
import { t, type MessageKey } from '../lib/i18n.js';
import { base } from '../lib/styles.js';
import { drawerHealth, overShortOf, type DrawerHealth } from './manager-model.js';
import { card, panel } from './manager-styles.js';

const LOOK: Record<DrawerView['status'], { chip: string; mark: string }> = {
  CLOSED: { chip: 'muted', mark: '○' },
  OPEN: { chip: 'ok', mark: '●' },
  COUNTING: { chip: 'info', mark: '◐' },
};

/** One cash drawer as a card named by its id: status, cashier, cash in it, its alerts and the last close's over/short. */
@customElement('manager-drawer')
export class ManagerDrawer extends LitElement {
  static override styles = [
    base,
    panel,
    card,
    css`
      :host([health='alert']) article {
        border-color: var(--danger);
      }
      :host([health='closed']) article {
        background: var(--surface-2);
      }
      header {
        display: flex;
        align-items: baseline;
        gap: 0.5rem;
      }
      h3 {
        margin: 0;
        font-size: 1.35rem;
      }
      .at {
        color: var(--muted);
        flex: 1;
      }
      .cash {
        font-size: 2.2rem;
        font-weight: 800;
        margin: 0.3rem 0 0;
      }
      .cash small {
        font-size: 1rem;
        color: var(--muted);
        font-weight: 700;
        margin-right: 0.4rem;
      }
      dl {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.1rem 0.8rem;
        margin: 0.3rem 0 0;
        font-size: 1.05rem;
      }
      dt {
        color: var(--muted);
      }
      dd {
        margin: 0;
        font-weight: 700;
      }
      .alert {
        margin: 0.4rem 0 0;
        padding: 0.35rem 0.6rem;
        border-radius: 8px;
        background: var(--danger);
        color: #fff;
        font-weight: 800;
        font-size: 1.1rem;
      }
      .short {
        color: var(--danger-text);
      }
      .over {
        color: var(--warn);
      }
      .exact {
        color: var(--ok);
      }
    `,
  ];

  /** The drawer, as GET /api/drawers and the `drawers` topic give it to a manager. */
  @property({ attribute: false }) accessor drawer: DrawerView | null = null;
  /** closed, open, counting or alert: reflected for the card's colour. */
  @property({ reflect: true }) accessor health: DrawerHealth = 'closed';

  private readonly i18n = new LangController(this);

  override willUpdate(): void {
    if (this.drawer) this.health = drawerHealth(this.drawer);
  }

  override render() {
    const d = this.drawer;
    if (!d) return nothing;
    const look = LOOK[d.status];
    const last = d.lastClose;
    const sign = last ? overShortOf(last.overShortCents) : null;
    return html`<article aria-label=${d.id}>
      <header>
        <h3>${d.id}</h3>
        <span class="at">${t('mgrDrawerAt', { terminal: d.terminalId })}</span>
        <span class="chip ${look.chip}"
          ><span aria-hidden="true">${look.mark}</span><span>${t(`mgrDrawer_${d.status}` as MessageKey)}</span></span
        >
      </header>
      ${
        d.status !== 'CLOSED' && d.cashCents !== undefined
          ? html`<p class="cash num"><small>${t('mgrCash')}</small> ${money(d.cashCents)}</p>`
          : nothing
      }
      ${
        this.health === 'alert'
          ? d.alerts.map((a) => html`<p class="alert"><span aria-hidden="true">▲ </span>${t(`mgrDrawerAlert_${a}`)}</p>`)
          : nothing
      }
      <dl>
        ${
          d.status !== 'CLOSED'
            ? html`<dt>${t('mgrCashier')}</dt>
                <dd>${d.cashierId ?? '—'}</dd>
                ${
                  d.floatCents !== undefined
                    ? html`<dt>${t('mgrFloat')}</dt>
                        <dd class="num">${money(d.floatCents)}</dd>`
                    : nothing
                }
                ${
                  d.openedAt
                    ? html`<dt>${t('mgrOpenedAt')}</dt>
                        <dd class="num">${timeOfDay(Date.parse(d.openedAt))}</dd>`
                    : nothing
                }`
            : nothing
        }
        <dt>${t('mgrLastClose')}</dt>
        ${
          last && sign
            ? html`<dd class="num ${sign}">
                ${t(`mgrOverShort_${sign}` as MessageKey, { amount: money(Math.abs(last.overShortCents)) })}
                <span class="at">· ${last.cashierId} · ${timeOfDay(Date.parse(last.closedAt))}</span>
              </dd>`
            : html`<dd>—</dd>`
        }
      </dl>
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'manager-drawer': ManagerDrawer;
  }
}
