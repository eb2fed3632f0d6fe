import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { DayView, ZReportEntry } from '../lib/contract.js';
import { LangController } from '../lib/controllers.js';
import { timeOfDay } from '../lib/format.js';
import { getLang, t, type MessageKey } from '../lib/i18n.js';
import { base } from '../lib/styles.js';
import type { DeskProblem, ShownReport } from './day-desk.js';
import { dateText, type OpenOrderRef } from './manager-model.js';
import { panel } from './manager-styles.js';
import './manager-report.js';

const KNOWN_REFUSALS = new Set(['DAY_ALREADY_OPEN', 'BUSINESS_DATE_INVALID', 'DAY_NOT_OPEN']);

/** Names in a list, each kept on one line (an id like drawer-1 never breaks at its hyphen). */
const ids = (names: string[]) => names.map((name, i) => html`${i ? ', ' : ''}<span class="nowrap">${name}</span>`);

/**
 * The business day: open it (for today by default), close it (or see what keeps it open), the X report so far
 * and the Z reports of the days closed. Fires `open-day` `{ businessDate }`, `close-day`, `x-report`,
 * `z-report` `{ number }` and `close-report`.
 */
@customElement('manager-day')
export class ManagerDay extends LitElement {
  static override styles = [
    base,
    panel,
    css`
      :host {
        display: grid;
        grid-template-columns: 19rem minmax(0, 1fr);
        gap: 1rem;
        align-items: start;
      }
      .card {
        background: var(--surface);
        border: 2px solid var(--border);
        border-radius: 12px;
        padding: 0.7rem 0.9rem;
        margin-bottom: 0.8rem;
      }
      .state {
        font-size: 1.4rem;
        font-weight: 800;
        margin: 0.2rem 0;
      }
      .meta {
        color: var(--muted);
        margin: 0.1rem 0 0.6rem;
      }
      .actions {
        display: grid;
        gap: 0.5rem;
      }
      .actions button {
        min-height: 52px;
        font-size: 1.1rem;
      }
      label {
        display: grid;
        gap: 0.2rem;
        font-weight: 700;
      }
      .problem {
        border: 2px solid var(--danger);
        background: var(--danger-bg);
        color: var(--danger-text);
        border-radius: 10px;
        padding: 0.5rem 0.7rem;
        font-weight: 700;
        margin-top: 0.6rem;
      }
      .problem ul {
        margin: 0.3rem 0 0;
        padding-left: 1.2rem;
      }
      .nowrap {
        white-space: nowrap;
      }
      .hint {
        color: var(--warn);
        font-weight: 700;
        margin: 0.2rem 0 0;
      }
      ul.z {
        list-style: none;
        padding: 0;
        margin: 0;
        display: grid;
        gap: 0.4rem;
        max-height: 16rem;
        overflow: auto;
      }
      ul.z button {
        width: 100%;
        text-align: left;
      }
      .empty {
        color: var(--muted);
      }
      .placeholder {
        color: var(--muted);
        font-size: 1.2rem;
        text-align: center;
        margin-top: 4rem;
      }
    `,
  ];

  /** The open day, or the last one closed; null before the first. */
  @property({ attribute: false }) accessor day: DayView | null = null;
  /** The server's local date: what a new day opens for unless the manager picks another. */
  @property() accessor today = '';
  /** A command or read is on its way. */
  @property({ type: Boolean }) accessor busy = false;
  /** Why the last command did not go through. */
  @property({ attribute: false }) accessor problem: DeskProblem | null = null;
  /** The drawers not closed, as the live feed sees them: they will keep the day from closing. */
  @property({ attribute: false }) accessor openDrawers: string[] = [];
  /** The orders still open: they too keep the day from closing. */
  @property({ attribute: false }) accessor openOrders: OpenOrderRef[] = [];
  @property({ attribute: false }) accessor zReports: ZReportEntry[] = [];
  @property({ attribute: false }) accessor shown: ShownReport | null = null;
  /** Now, on the server's clock (ms). */
  @property({ type: Number }) accessor now = 0;
  /** The date typed in, while it differs from today. */
  @state() private accessor date = '';

  private readonly i18n = new LangController(this);

  private fire(name: string, detail?: unknown) {
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }

  override render() {
    const day = this.day;
    const open = day?.status === 'OPEN';
    const date = this.date || this.today;
    return html`<div>
        <section class="card" aria-labelledby="day-heading">
          <h2 id="day-heading">${t('mgrBusinessDay')}</h2>
          ${
            day
              ? html`<p class="state">${t('mgrDayChip', { n: day.number, date: dateText(day.businessDate, getLang()) })}</p>
                  <span class="chip ${open ? 'ok' : 'muted'}"
                    ><span aria-hidden="true">${open ? '●' : '○'}</span
                    ><span>${t(open ? 'mgrDay_OPEN' : 'mgrDay_CLOSED')}</span></span
                  >
                  <p class="meta">
                    ${t('mgrOpenedBy', { time: timeOfDay(Date.parse(day.openedAt)), user: day.openedBy })}
                    ${
                      day.closedAt
                        ? html`<br />${t('mgrClosedBy', { time: timeOfDay(Date.parse(day.closedAt)), user: day.closedBy ?? '—' })}`
                        : nothing
                    }
                  </p>`
              : html`<p class="state">${t('mgrNoDay')}</p>`
          }
          <div class="actions">
            ${
              open
                ? html`<button type="button" class="primary" ?disabled=${this.busy} @click=${() => this.fire('x-report')}>
                      ${t('mgrXReport')}
                    </button>
                    <button type="button" ?disabled=${this.busy} @click=${() => this.fire('close-day')}>
                      ${t('mgrCloseDay')}
                    </button>
                    ${this.problem?.kind === 'blocked' ? nothing : this.stillOpen(this.openDrawers, this.openOrders, 'hint')}`
                : html`<label
                      >${t('mgrBusinessDate')}
                      <input
                        type="date"
                        .value=${date}
                        max=${this.today || nothing}
                        @change=${(e: Event) => (this.date = (e.target as HTMLInputElement).value)}
                    /></label>
                    <button
                      type="button"
                      class="primary"
                      ?disabled=${this.busy || !date}
                      @click=${() => this.fire('open-day', { businessDate: date })}
                    >
                      ${t('mgrOpenDay')}
                    </button>`
            }
          </div>
          ${this.renderProblem()}
        </section>
        <section class="card" aria-labelledby="z-heading">
          <h2 id="z-heading">${t('mgrZReports')}</h2>
          ${
            this.zReports.length
              ? html`<ul class="z">
                  ${this.zReports.map(
                    (z) =>
                      html`<li>
                        <button
                          type="button"
                          aria-label=${t('mgrZReportN', { n: z.number })}
                          aria-pressed=${String(this.shown?.kind === 'Z' && this.shown.report.dayNumber === z.number)}
                          @click=${() => this.fire('z-report', { number: z.number })}
                        >
                          <strong>${t('mgrZReportN', { n: z.number })}</strong> · ${dateText(z.businessDate, getLang())}
                        </button>
                      </li>`,
                  )}
                </ul>`
              : html`<p class="empty">${t('mgrNoZReports')}</p>`
          }
        </section>
      </div>
      <div>
        ${
          this.shown
            ? html`<manager-report
                .report=${this.shown.report}
                .kind=${this.shown.kind}
                .now=${this.now}
                @close=${() => this.fire('close-report')}
              ></manager-report>`
            : html`<p class="placeholder">${t(open ? 'mgrPickReport' : 'mgrPickZReport')}</p>`
        }
      </div>`;
  }

  private renderProblem() {
    const p = this.problem;
    if (!p) return nothing;
    if (p.kind === 'offline') return html`<div class="problem" role="alert">${t('mgrOffline')}</div>`;
    if (p.kind === 'refused') {
      // The refusals a day's commands meet, in the manager's language; any other in the server's words.
      const key = `mgrRefused_${p.type}`;
      const text = KNOWN_REFUSALS.has(p.type) ? t(key as MessageKey) : p.message;
      return html`<div class="problem" role="alert">${text}</div>`;
    }
    // The refusal names the first thing that blocks; what else is open comes from the live lists.
    const drawers = p.blockers.drawers.length ? p.blockers.drawers : this.openDrawers;
    const orders = p.blockers.orders.length ? p.blockers.orders : this.openOrders;
    return html`<div class="problem" role="alert">
      ${t('mgrCannotClose')}
      ${drawers.length || orders.length ? this.stillOpen(drawers, orders, 'list') : html`<p>${p.message}</p>`}
    </div>`;
  }

  /** What keeps the day open: as a hint under Close day, or as the refusal's list. */
  private stillOpen(drawers: string[], orders: OpenOrderRef[], as: 'hint' | 'list') {
    const lines = [
      drawers.length ? html`${t('mgrDrawersStillOpen')} ${ids(drawers)}` : null,
      orders.length
        ? html`${t('mgrOrdersStillOpen')}
          ${ids(orders.map((o) => (o.table === null ? `#${o.number}` : t('mgrOrderAtTable', { n: o.number, table: o.table }))))}`
        : null,
    ].filter((line) => line !== null);
    if (!lines.length) return nothing;
    return as === 'list'
      ? html`<ul>
          ${lines.map((line) => html`<li>${line}</li>`)}
        </ul>`
      : lines.map((line) => html`<p class="hint">${line}</p>`);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'manager-day': ManagerDay;
  }
}
