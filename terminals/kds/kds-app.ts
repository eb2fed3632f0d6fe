import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { isTicket, SOCKET_EVENTS, TOPICS, type Ticket } from '../lib/contract.js';
import { TickController } from '../lib/controllers.js';
import { timeOfDay } from '../lib/format.js';
import { stationName, t } from '../lib/i18n.js';
import { uuid } from '../lib/ids.js';
import { param } from '../lib/session.js';
import { base, kitchenScreen } from '../lib/styles.js';
import { TerminalController } from '../lib/terminal-controller.js';
import { StationFeed } from '../lib/station-feed.js';
import '../lib/conn-status.js';
import '../lib/lang-switch.js';
import '../lib/offline-banner.js';
import '../lib/login-screen.js';
import './kds-all-day.js';
import { allDay, byAge } from './kds-model.js';
import './kds-recall.js';
import type { Bumped } from './kds-recall.js';
import { KdsTicket } from './kds-ticket.js';

const RECALLABLE = 10;

/**
 * A station's kitchen display: its open tickets oldest first, bumped by touch or by a bump bar
 * (digits select, Enter bumps, Backspace recalls). Each ticket drawn is acknowledged to the server.
 */
@customElement('kds-app')
export class KdsApp extends LitElement {
  static override styles = [
    base,
    kitchenScreen,
    css`
      :host {
        --card-width: 19rem;
      }
      .top {
        flex-wrap: wrap;
      }
      .clock {
        font-variant-numeric: tabular-nums;
      }
      .spacer {
        flex: 1;
      }
      .hint {
        color: var(--muted);
        font-size: 0.95rem;
      }
      @media (max-width: 1500px) {
        .hint {
          display: none;
        }
      }
      kds-all-day {
        padding: 0.5rem 1rem;
        border-bottom: 1px solid var(--border);
      }
      main {
        flex: 1;
      }
    `,
  ];

  private readonly stationId = param('station', 'grill');
  private readonly terminalId = param('terminal', `kds-${this.stationId}`);
  @state() private accessor selectedId: string | null = null;
  @state() private accessor bumped: Bumped[] = [];

  private shown: Ticket[] = [];
  private readonly acked = new Set<string>();
  private readonly tick = new TickController(this);

  private readonly terminal: TerminalController = new TerminalController(this, {
    terminalId: this.terminalId,
    outbox: `comanda-outbox-${this.terminalId}`,
    topics: () => [TOPICS.station(this.stationId)],
    on: { [SOCKET_EVENTS.ticket]: (payload) => isTicket(payload) && this.applyTicket(payload) },
    resync: () => this.feed.resync(),
    onOutbox: (event) => {
      if (event.type === 'answer' && isTicket(event.body) && this.feed.tickets.applyAnswer(event.body) !== 'stale') {
        this.noteBumped(event.body);
      }
    },
    loaded: () => this.feed.loaded,
  });
  private readonly feed = new StationFeed(
    this.terminal.auth.api,
    this.stationId,
    () => this.requestUpdate(),
    this.terminal.auth.failed,
  );

  override connectedCallback(): void {
    this.bumped = this.readBumped();
    super.connectedCallback();
    addEventListener('keydown', this.onKey);
  }

  override disconnectedCallback(): void {
    removeEventListener('keydown', this.onKey);
    super.disconnectedCallback();
  }

  private applyTicket(view: Ticket) {
    if (this.feed.apply(view) !== 'stale') this.noteBumped(view);
  }

  /** The recall list follows every bump and recall of the station, whichever screen made it. */
  private noteBumped(view: Ticket) {
    const rest = this.bumped.filter((b) => b.id !== view.id);
    if (view.status === 'BUMPED') {
      const at = view.bumpedAt ? Date.parse(view.bumpedAt) : this.tick.now;
      this.bumped = [{ id: view.id, orderNumber: view.orderNumber, label: KdsTicket.label(view), bumpedAt: at }, ...rest].slice(
        0,
        RECALLABLE,
      );
    } else this.bumped = rest;
    localStorage.setItem(`comanda.kds.${this.stationId}.bumped`, JSON.stringify(this.bumped));
  }

  private readBumped(): Bumped[] {
    try {
      return (JSON.parse(localStorage.getItem(`comanda.kds.${this.stationId}.bumped`) ?? '[]') as Bumped[]).slice(0, RECALLABLE);
    } catch {
      return [];
    }
  }

  private bump(ticketId: string) {
    const at = this.shown.findIndex((x) => x.id === ticketId);
    const next = this.shown[at + 1] ?? this.shown[at - 1];
    this.selectedId = next?.id ?? null;
    void this.terminal.enqueue('bump', `/api/stations/${this.stationId}/tickets/${ticketId}/bump`, ticketId, {
      commandId: uuid(),
    });
  }

  private recall(ticketId: string) {
    this.bumped = this.bumped.filter((b) => b.id !== ticketId);
    void this.terminal.enqueue('recall', `/api/stations/${this.stationId}/tickets/${ticketId}/recall`, ticketId, {
      commandId: uuid(),
    });
  }

  /** A bump bar is a keyboard: digits select a ticket (0 is the tenth), Enter bumps it, Backspace recalls the last bumped. */
  private readonly onKey = (e: KeyboardEvent) => {
    const origin = e.composedPath()[0];
    if (!this.terminal.auth.session || origin instanceof HTMLInputElement || e.altKey || e.ctrlKey || e.metaKey) return;
    const index = this.shown.findIndex((x) => x.id === this.selectedId);
    if (/^[0-9]$/.test(e.key)) {
      const pick = this.shown[e.key === '0' ? 9 : Number(e.key) - 1];
      if (pick) this.selectedId = pick.id;
    } else if (e.key === 'Enter') {
      const pick = this.shown[Math.max(0, index)];
      // Enter on a focused button presses that button.
      if (!pick || origin instanceof HTMLButtonElement) return;
      this.bump(pick.id);
    } else if (e.key === 'Backspace') {
      const last = this.bumped[0];
      if (last) this.recall(last.id);
    } else if (e.key === 'ArrowRight' || e.key === 'ArrowDown') {
      const pick = this.shown[Math.min(this.shown.length - 1, index + 1)];
      if (pick) this.selectedId = pick.id;
    } else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') {
      const pick = this.shown[Math.max(0, index - 1)];
      if (pick) this.selectedId = pick.id;
    } else return;
    e.preventDefault();
  };

  override willUpdate(): void {
    const bumping = new Set(this.terminal.outbox.entries.filter((e) => e.kind === 'bump').map((e) => e.order));
    this.shown = this.feed.tickets
      .values()
      .filter((x) => x.status === 'OPEN' && !bumping.has(x.id))
      .sort(byAge);
    if (!this.shown.some((x) => x.id === this.selectedId)) this.selectedId = this.shown[0]?.id ?? null;
  }

  override updated(): void {
    // Acknowledge what is now on the screen, after the browser has painted it.
    if (this.shown.some((x) => !this.acked.has(x.id))) requestAnimationFrame(() => setTimeout(() => this.acknowledge(), 0));
  }

  private acknowledge() {
    const connection = this.terminal.auth.connection;
    if (!connection?.connected) return;
    for (const ticket of this.shown) {
      if (this.acked.has(ticket.id)) continue;
      if (ticket.acks.some((a) => a.terminalId === this.terminalId)) {
        this.acked.add(ticket.id);
        continue;
      }
      this.acked.add(ticket.id);
      connection
        .request(SOCKET_EVENTS.ack, { stationId: this.stationId, ticketId: ticket.id })
        .then((answer) => {
          if (!(answer as { ok?: boolean } | null)?.ok) this.acked.delete(ticket.id);
        })
        .catch(() => this.acked.delete(ticket.id));
    }
  }

  override render() {
    const { auth, live, outbox, ready } = this.terminal;
    if (!ready) return nothing;
    const title = t('kdsTitle', { station: stationName(this.stationId) });
    if (!auth.session) return html`<login-screen .heading=${title} .auth=${auth}></login-screen>`;
    const now = this.tick.now;
    return html`
      <div class="top">
        <h1>${title}</h1>
        <span class="clock">${timeOfDay(now)}</span>
        <span class="spacer"></span>
        <span class="hint">${t('keysHint')}</span>
        <kds-recall
          .bumped=${this.bumped}
          @recall=${(e: CustomEvent<{ ticketId: string }>) => this.recall(e.detail.ticketId)}
        ></kds-recall>
        <conn-status .state=${live.state}></conn-status>
        <lang-switch></lang-switch>
      </div>
      <offline-banner ?offline=${live.state !== 'online'} .waiting=${outbox.entries.length}></offline-banner>
      <kds-all-day .counts=${allDay(this.shown)}></kds-all-day>
      <main aria-label=${title}>
        ${this.shown.length ? nothing : html`<p class="empty">${t('noTickets')}</p>`}
        ${this.shown.map(
          (ticket, i) =>
            html`<kds-ticket
              .ticket=${ticket}
              .position=${i + 1}
              .now=${now}
              ?selected=${ticket.id === this.selectedId}
              @bump=${(e: CustomEvent<{ ticketId: string }>) => this.bump(e.detail.ticketId)}
            ></kds-ticket>`,
        )}
      </main>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kds-app': KdsApp;
  }
}
