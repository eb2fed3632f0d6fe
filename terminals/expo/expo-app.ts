import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { isOrder, SOCKET_EVENTS, TOPICS, type Order } from '../lib/contract.js';
import { TickController } from '../lib/controllers.js';
import { timeOfDay } from '../lib/format.js';
import { t } from '../lib/i18n.js';
import { uuid } from '../lib/ids.js';
import { OrderFeed } from '../lib/order-feed.js';
import { param } from '../lib/session.js';
import { base, kitchenScreen } from '../lib/styles.js';
import { TerminalController } from '../lib/terminal-controller.js';
import '../lib/conn-status.js';
import '../lib/lang-switch.js';
import '../lib/offline-banner.js';
import '../lib/login-screen.js';
import './expo-order.js';

const firstFired = (o: Order) =>
  Math.min(...o.tickets.map((x) => (x.firedAt ? Date.parse(x.firedAt) : Infinity)), Date.parse(o.openedAt) + 1e12);

/** The pass: every order in the kitchen, which stations are done, and the bump that serves it. */
@customElement('expo-app')
export class ExpoApp extends LitElement {
  static override styles = [
    base,
    kitchenScreen,
    css`
      :host {
        --card-width: 20rem;
      }
      h1 {
        flex: 1;
      }
    `,
  ];

  private readonly terminalId = param('terminal', 'mgr-1');
  private readonly tick = new TickController(this);
  private readonly terminal: TerminalController = new TerminalController(this, {
    terminalId: this.terminalId,
    outbox: `comanda-outbox-${this.terminalId}-expo`,
    topics: () => [TOPICS.orders],
    on: { [SOCKET_EVENTS.order]: (payload) => isOrder(payload) && this.feed.apply(payload) },
    resync: () => this.feed.resync(),
    onOutbox: (event) => event.type === 'answer' && isOrder(event.body) && this.feed.apply(event.body),
    loaded: () => this.feed.loaded,
  });
  private readonly feed = new OrderFeed(
    this.terminal.auth.api,
    () => ['?status=OPEN'],
    () => this.requestUpdate(),
    this.terminal.auth.failed,
  );

  private serve(orderId: string) {
    void this.terminal.enqueue('serve', `/api/orders/${orderId}/serve`, orderId, { commandId: uuid() });
  }

  override render() {
    const { auth, live, outbox, ready } = this.terminal;
    if (!ready) return nothing;
    if (!auth.session) return html`<login-screen .heading=${t('expoTitle')} .auth=${auth}></login-screen>`;
    const serving = new Set(outbox.entries.filter((e) => e.kind === 'serve').map((e) => e.order));
    const shown = this.feed.orders
      .values()
      .filter((o) => o.status === 'OPEN' && o.kitchen !== 'NONE' && !o.servedAt && !serving.has(o.id))
      .sort((a, b) => firstFired(a) - firstFired(b) || a.number - b.number);
    return html`
      <div class="top">
        <h1>${t('expoTitle')}</h1>
        <span class="clock">${timeOfDay(this.tick.now)}</span>
        <conn-status .state=${live.state}></conn-status>
        <lang-switch></lang-switch>
      </div>
      <offline-banner ?offline=${live.state !== 'online'} .waiting=${outbox.entries.length}></offline-banner>
      <main>
        ${shown.length ? nothing : html`<p class="empty">${t('noOrders')}</p>`}
        ${shown.map(
          (o) =>
            html`<expo-order
              .order=${o}
              .now=${this.tick.now}
              @serve=${(e: CustomEvent<{ orderId: string }>) => this.serve(e.detail.orderId)}
            ></expo-order>`,
        )}
      </main>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'expo-app': ExpoApp;
  }
}
