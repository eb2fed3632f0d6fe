import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { isDay, isDevice, isDrawer, isTerminal, SOCKET_EVENTS, TOPICS, type AlertView } from '../lib/contract.js';
import { TickController } from '../lib/controllers.js';
import { timeOfDay } from '../lib/format.js';
import { getLang, t, type MessageKey } from '../lib/i18n.js';
import { param } from '../lib/session.js';
import { settings } from '../lib/settings.js';
import { base } from '../lib/styles.js';
import { TerminalController } from '../lib/terminal-controller.js';
import '../lib/conn-status.js';
import '../lib/lang-switch.js';
import '../lib/login-screen.js';
import '../lib/offline-banner.js';
import { AuditFeed } from './audit-feed.js';
import { DayDesk } from './day-desk.js';
import './manager-alerts.js';
import './manager-audit.js';
import './manager-day.js';
import './manager-drawer.js';
import { ManagerFeed } from './manager-feed.js';
import { dateText, type AuditFilter } from './manager-model.js';
import './manager-station.js';
import { panel } from './manager-styles.js';
import './manager-devices.js';
import './manager-terminals.js';

const TABS = ['live', 'day', 'audit'] as const;
type Tab = (typeof TABS)[number];
const TAB_LABEL: Record<Tab, MessageKey> = { live: 'mgrTabLive', day: 'mgrTabDay', audit: 'mgrTabAudit' };

/** A ticket turns late with no message: the stations' figures are read again this often too. */
const STATIONS_EVERY_MS = 5000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isAlert = (v: unknown): v is AlertView => isObject(v) && typeof v.type === 'string' && typeof v.at === 'string';

/**
 * The manager's screen on `mgr-1`: every terminal, station and drawer live, the alerts, the business day with
 * its X and Z reports, and the audit log with its verify.
 */
@customElement('manager-app')
export class ManagerApp extends LitElement {
  static override styles = [
    base,
    panel,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 100vh;
      }
      .top {
        display: flex;
        align-items: center;
        gap: 0.8rem;
        padding: 0.4rem 1rem;
        background: var(--surface);
        border-bottom: 2px solid var(--border);
        flex-wrap: wrap;
      }
      h1 {
        margin: 0;
        font-size: 1.4rem;
      }
      .daychip {
        font-weight: 700;
        font-size: 1.05rem;
      }
      .who {
        flex: 1;
        text-align: right;
      }
      .clock {
        font-size: 1.4rem;
        font-weight: 800;
        font-variant-numeric: tabular-nums;
      }
      [role='tablist'] {
        display: flex;
        gap: 0.4rem;
        padding: 0.5rem 1rem 0;
        border-bottom: 2px solid var(--border);
      }
      [role='tab'] {
        border-bottom: 0;
        border-radius: 10px 10px 0 0;
        font-weight: 700;
        font-size: 1.1rem;
        padding: 0.4rem 1.2rem;
        margin-bottom: -2px;
      }
      [role='tab'][aria-selected='true'] {
        background: var(--surface);
        border-color: var(--border);
        border-bottom: 2px solid var(--surface);
      }
      main {
        flex: 1;
        padding: 0.8rem 1rem;
      }
      .live {
        display: grid;
        grid-template-columns: minmax(0, 1fr) 34rem;
        gap: 1rem;
        align-items: start;
      }
      .stations {
        display: grid;
        grid-template-columns: repeat(4, minmax(0, 1fr));
        gap: 0.7rem;
        margin-bottom: 1rem;
      }
      .drawers {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr));
        gap: 0.7rem;
      }
      .empty {
        color: var(--muted);
      }
      .side {
        display: grid;
        gap: 1rem;
      }
      manager-terminals,
      manager-devices {
        background: var(--surface);
        border: 2px solid var(--border);
        border-radius: 12px;
        padding: 0.6rem 0.7rem;
      }
    `,
  ];

  private readonly terminalId = param('terminal', 'mgr-1');
  @state() private accessor tab: Tab = 'live';
  private readonly tick = new TickController(this);
  private stationsTimer: ReturnType<typeof setInterval> | null = null;

  private readonly terminal: TerminalController = new TerminalController(this, {
    terminalId: this.terminalId,
    topics: () => [
      TOPICS.terminals,
      TOPICS.drawers,
      TOPICS.day,
      TOPICS.alerts,
      TOPICS.devices,
      ...this.feed.stations.map((s) => TOPICS.station(s.stationId)),
    ],
    on: {
      [SOCKET_EVENTS.terminal]: (p) => isTerminal(p) && this.feed.applyTerminal(p),
      [SOCKET_EVENTS.drawer]: (p) => isDrawer(p) && this.feed.applyDrawer(p),
      [SOCKET_EVENTS.device]: (p) => isDevice(p) && this.feed.applyDevice(p),
      [SOCKET_EVENTS.day]: (p) => {
        if (!isDay(p)) return;
        this.feed.applyDay(p);
        if (p.status === 'CLOSED') this.desk.load().catch(this.terminal.auth.failed);
      },
      [SOCKET_EVENTS.alert]: (p) => isAlert(p) && this.feed.applyAlert(p),
      [SOCKET_EVENTS.ticket]: () => this.feed.refreshStations(),
    },
    resync: () => {
      this.feed.resync();
      this.refreshTab();
    },
    loaded: () => this.feed.loaded,
  });
  private readonly feed = new ManagerFeed(this.terminal.auth.api, () => this.requestUpdate(), this.terminal.auth.failed);
  private readonly desk = new DayDesk(
    this.terminal.auth.api,
    () => this.requestUpdate(),
    (day) => (day ? this.feed.applyDay(day) : this.feed.refreshDay()),
    this.terminal.auth.failed,
  );
  private readonly audit = new AuditFeed(this.terminal.auth.api, () => this.requestUpdate(), this.terminal.auth.failed);

  override connectedCallback(): void {
    super.connectedCallback();
    this.stationsTimer = setInterval(() => {
      if (this.terminal.auth.session && this.terminal.live.state === 'online') this.feed.refreshStations();
    }, STATIONS_EVERY_MS);
  }

  override disconnectedCallback(): void {
    if (this.stationsTimer) clearInterval(this.stationsTimer);
    this.stationsTimer = null;
    super.disconnectedCallback();
  }

  /** What the open tab shows beyond the live feed, read when it opens and on every resync. */
  private refreshTab(): void {
    if (this.tab === 'day') this.desk.load().catch(this.terminal.auth.failed);
    if (this.tab === 'audit') void this.audit.refresh();
  }

  private select(tab: Tab): void {
    this.tab = tab;
    if (this.terminal.auth.session) this.refreshTab();
  }

  /** Arrow keys move between the tabs, as a tab list does. */
  private onTabKey(e: KeyboardEvent): void {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = TABS[(TABS.indexOf(this.tab) + step + TABS.length) % TABS.length]!;
    this.select(next);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${next}`)?.focus());
  }

  override render() {
    const { auth, live, ready } = this.terminal;
    if (!ready) return nothing;
    const session = auth.session;
    if (!session) return html`<login-screen .heading=${t('mgrTitle')} .auth=${auth}></login-screen>`;
    const day = this.feed.day;
    return html`
      <div class="top">
        <h1>${t('mgrTitle')}</h1>
        <span class="daychip">
          ${
            day
              ? html`${t('mgrDayChip', { n: day.number, date: dateText(day.businessDate, getLang()) })} ·
                  <span class="chip ${day.status === 'OPEN' ? 'ok' : 'muted'}"
                    >${t(day.status === 'OPEN' ? 'mgrDay_OPEN' : 'mgrDay_CLOSED')}</span
                  >`
              : this.feed.noDay
                ? t('mgrNoDay')
                : nothing
          }
        </span>
        <span class="who"><strong>${session.user.name}</strong> · ${this.terminalId}</span>
        <span class="clock">${timeOfDay(this.tick.now)}</span>
        <conn-status .state=${live.state}></conn-status>
        <lang-switch></lang-switch>
        <button type="button" @click=${() => auth.lock()}>${t('lock')}</button>
      </div>
      <offline-banner ?offline=${live.state !== 'online'}></offline-banner>
      <manager-alerts
        .alerts=${this.feed.alerts}
        @dismiss=${(e: CustomEvent<{ at: string }>) => {
          this.feed.dismissAlert(e.detail.at);
          this.requestUpdate();
        }}
      ></manager-alerts>
      <div role="tablist" aria-label=${t('mgrTitle')} @keydown=${(e: KeyboardEvent) => this.onTabKey(e)}>
        ${TABS.map(
          (tab) =>
            html`<button
              type="button"
              role="tab"
              id="tab-${tab}"
              aria-controls="panel"
              aria-selected=${String(this.tab === tab)}
              tabindex=${this.tab === tab ? 0 : -1}
              @click=${() => this.select(tab)}
            >
              ${t(TAB_LABEL[tab])}
            </button>`,
        )}
      </div>
      <main id="panel" role="tabpanel" aria-labelledby="tab-${this.tab}">${this.renderTab()}</main>
    `;
  }

  private renderTab() {
    const now = this.tick.now;
    if (this.tab === 'day') {
      return html`<manager-day
        .day=${this.feed.day}
        .today=${settings().today ?? ''}
        ?busy=${this.desk.busy}
        .problem=${this.desk.problem}
        .openDrawers=${this.feed.drawers
          .values()
          .filter((d) => d.status !== 'CLOSED')
          .map((d) => d.id)}
        .openOrders=${this.desk.openOrders}
        .zReports=${this.desk.zReports}
        .shown=${this.desk.shown}
        .now=${now}
        @open-day=${(e: CustomEvent<{ businessDate: string }>) => void this.desk.open(e.detail.businessDate)}
        @close-day=${() => void this.desk.close()}
        @x-report=${() => void this.desk.xReport()}
        @z-report=${(e: CustomEvent<{ number: number }>) => void this.desk.zReport(e.detail.number)}
        @close-report=${() => this.desk.closeReport()}
      ></manager-day>`;
    }
    if (this.tab === 'audit') {
      return html`<manager-audit
        .entries=${this.audit.entries}
        .filter=${this.audit.filter}
        .verdict=${this.audit.verdict}
        ?verifying=${this.audit.verifying}
        ?loaded=${this.audit.loaded}
        @filter=${(e: CustomEvent<AuditFilter>) => this.audit.setFilter(e.detail)}
        @refresh=${() => void this.audit.refresh()}
        @verify=${() => void this.audit.verify()}
      ></manager-audit>`;
    }
    const drawers = this.feed.drawers.values().sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
    return html`<div class="live">
      <div>
        <section aria-labelledby="stations-heading">
          <h2 id="stations-heading">${t('mgrStations')}</h2>
          <div class="stations">
            ${this.feed.stations.map((s) => html`<manager-station .station=${s} .now=${now}></manager-station>`)}
          </div>
        </section>
        <section aria-labelledby="drawers-heading">
          <h2 id="drawers-heading">${t('mgrDrawers')}</h2>
          <div class="drawers">
            ${
              drawers.length
                ? drawers.map((d) => html`<manager-drawer .drawer=${d}></manager-drawer>`)
                : html`<p class="empty">${t('mgrNoDrawers')}</p>`
            }
          </div>
        </section>
      </div>
      <div class="side">
        <manager-terminals .terminals=${this.feed.terminals.values()} .now=${now}></manager-terminals>
        <manager-devices .devices=${this.feed.devices.values()}></manager-devices>
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'manager-app': ManagerApp;
  }
}
