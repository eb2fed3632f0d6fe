import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { markUsefulPaint } from '../lib/boot.js';
import { isOrder, SOCKET_EVENTS, TOPICS, type Order } from '../lib/contract.js';
import { LangController, LiveController, TickController } from '../lib/controllers.js';
import { timeOfDay } from '../lib/format.js';
import { t } from '../lib/i18n.js';
import { uuid } from '../lib/ids.js';
import { Outbox, type OutboxEvent } from '../lib/outbox.js';
import { OrderFeed } from '../lib/order-feed.js';
import { param } from '../lib/session.js';
import { SessionController } from '../lib/session-controller.js';
import { loadSettings } from '../lib/settings.js';
import { base, kitchenScreen } from '../lib/styles.js';
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
  private ready = false;
  private readonly i18n = new LangController(this);
  private readonly tick = new TickController(this);

  private readonly live: LiveController = new LiveController(this, {
    topics: () => (this.auth.session ? [TOPICS.orders] : []),
    on: { [SOCKET_EVENTS.order]: (payload) => isOrder(payload) && this.feed.apply(payload) },
    resync: () => {
      this.feed.resync();
      void this.outbox.flush();
      loadSettings(this.auth.api).catch(this.auth.failed);
    },
  });
  private readonly auth = new SessionController(this, this.terminalId, this.live);
  private readonly feed = new OrderFeed(
    this.auth.api,
    () => '?status=OPEN',
    () => this.requestUpdate(),
    this.auth.failed,
  );
  private readonly outbox = new Outbox(`comanda-outbox-${this.terminalId}-expo`, () => this.auth.session?.token ?? null);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.boot();
  }

  private async boot() {
    this.outbox.addEventListener('change', () => this.requestUpdate());
    this.outbox.addEventListener('result', (e) => {
      const detail = (e as CustomEvent<OutboxEvent>).detail;
      if (detail.type === 'answer' && isOrder(detail.body)) this.feed.apply(detail.body);
      this.requestUpdate();
    });
    await this.outbox.open();
    this.auth.restore();
    void this.outbox.flush();
    this.ready = true;
    this.requestUpdate();
  }

  private serve(orderId: string) {
    const token = this.auth.session?.token;
    if (!token) return;
    const commandId = uuid();
    void this.outbox.enqueue({
      kind: 'serve',
      path: `/api/orders/${orderId}/serve`,
      order: orderId,
      body: { commandId },
      commandId,
      token,
    });
  }

  override updated(): void {
    if (this.ready && (!this.auth.session || this.feed.loaded)) markUsefulPaint();
  }

  override render() {
    if (!this.ready) return nothing;
    if (!this.auth.session) return html`<login-screen .heading=${t('expoTitle')} .auth=${this.auth}></login-screen>`;
    const serving = new Set(this.outbox.entries.filter((e) => e.kind === 'serve').map((e) => e.order));
    const shown = this.feed.orders
      .values()
      .filter((o) => o.status === 'OPEN' && o.kitchen !== 'NONE' && !o.servedAt && !serving.has(o.id))
      .sort((a, b) => firstFired(a) - firstFired(b) || a.number - b.number);
    return html`
      <div class="top">
        <h1>${t('expoTitle')}</h1>
        <span class="clock">${timeOfDay(this.tick.now)}</span>
        <conn-status .state=${this.live.state}></conn-status>
        <lang-switch></lang-switch>
      </div>
      <offline-banner ?offline=${this.live.state !== 'online'} .waiting=${this.outbox.entries.length}></offline-banner>
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
