import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { isOrder, isProduct, SOCKET_EVENTS, TOPICS, type Order, type ProductView } from '../lib/contract.js';
import { t } from '../lib/i18n.js';
import { uuid } from '../lib/ids.js';
import { OrderFeed } from '../lib/order-feed.js';
import { refusalText, type OutboxEvent } from '../lib/outbox.js';
import { param } from '../lib/session.js';
import { base } from '../lib/styles.js';
import { TerminalController } from '../lib/terminal-controller.js';
import '../lib/conn-status.js';
import '../lib/lang-switch.js';
import '../lib/login-screen.js';
import '../lib/offline-banner.js';
import './pos-alarms.js';
import './pos-menu.js';
import type { RingDetail } from './pos-menu.js';
import { alarmsOf, draftOf, tableStates, voidPath } from './pos-model.js';
import './pos-order.js';
import './pos-table-map.js';

const DEFAULT_TABLES = Array.from({ length: 12 }, (_, i) => i + 1);

function cached<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

/**
 * The waiter's tablet: PIN login and lock, the table map, the order editor. Every write goes
 * through the outbox, so the screen works the same with and without a connection; what it last
 * knew (menu, tables, open orders) is kept for a reload without network.
 */
@customElement('pos-app')
export class PosApp extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: flex;
        flex-direction: column;
        height: 100vh;
        height: 100dvh;
      }
      .top {
        display: flex;
        align-items: center;
        gap: 0.8rem;
        padding: 0.4rem 0.8rem;
        background: var(--surface);
        border-bottom: 2px solid var(--border);
        flex-wrap: wrap;
      }
      .brand {
        font-weight: 800;
        font-size: 1.3rem;
      }
      .who {
        flex: 1;
        font-size: 1.1rem;
      }
      .who strong {
        font-size: 1.2rem;
      }
      main {
        flex: 1;
        min-height: 0;
        overflow: auto;
      }
      .editor {
        display: grid;
        grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
        gap: 0.8rem;
        padding: 0.8rem;
        height: 100%;
        min-height: 0;
      }
      @media (orientation: portrait) {
        .editor {
          grid-template-columns: 1fr;
          grid-template-rows: minmax(0, 11fr) minmax(0, 9fr);
        }
      }
      .notice {
        display: flex;
        align-items: center;
        gap: 0.8rem;
        background: var(--warn-bg);
        color: var(--warn);
        font-weight: 700;
        padding: 0.4rem 1rem;
        font-size: 1.1rem;
      }
      .notice span {
        flex: 1;
      }
    `,
  ];

  private readonly terminalId = param('terminal', 'pos-1');
  @state() private accessor current: string | null = null;
  @state() private accessor products: ProductView[] = cached('comanda.menu', []);
  @state() private accessor tables: number[] = cached('comanda.tables', DEFAULT_TABLES);
  @state() private accessor notices: { id: string; text: string }[] = [];

  private readonly terminal: TerminalController = new TerminalController(this, {
    terminalId: this.terminalId,
    outbox: `comanda-outbox-${this.terminalId}`,
    topics: () => {
      const id = this.current ? this.terminal.outbox.resolve(this.current) : undefined;
      return [TOPICS.terminal(this.terminalId), TOPICS.menu, ...(id ? [TOPICS.order(id)] : [])];
    },
    on: {
      [SOCKET_EVENTS.order]: (payload) => isOrder(payload) && this.feed.apply(payload),
      [SOCKET_EVENTS.menu]: (payload) => isProduct(payload) && this.productChanged(payload),
    },
    resync: () => {
      this.feed.resync();
      void this.loadMenu();
    },
    onOutbox: (event) => this.onOutbox(event),
  });
  private readonly feed = new OrderFeed(
    this.terminal.auth.api,
    () => '?status=OPEN',
    () => this.ordersChanged(),
    this.terminal.auth.failed,
  );

  /** What it last knew, so that a reload without network opens where the waiter was. */
  override connectedCallback(): void {
    this.feed.orders.endFetch(cached<Order[]>(this.key('orders'), []));
    this.current = localStorage.getItem(this.key('current'));
    super.connectedCallback();
  }

  private key(name: string) {
    return `comanda.pos.${this.terminalId}.${name}`;
  }

  /** The menu and the tables. */
  private async loadMenu() {
    try {
      const { products } = await this.terminal.auth.api.get<{ products: ProductView[] }>('/api/menu');
      this.setProducts(products);
      const tables = await this.terminal.auth.api.get<{ tables: { number: number }[] }>('/api/tables').catch(() => null);
      if (tables?.tables.length) {
        this.tables = tables.tables.map((x) => x.number);
        localStorage.setItem('comanda.tables', JSON.stringify(this.tables));
      }
    } catch (error) {
      this.terminal.auth.failed(error);
    }
  }

  private setProducts(products: ProductView[]) {
    this.products = products;
    localStorage.setItem('comanda.menu', JSON.stringify(products));
  }

  /** A manager changed a price or 86'd a product. */
  private productChanged(product: ProductView) {
    this.setProducts(this.products.map((p) => (p.id === product.id ? product : p)));
  }

  private ordersChanged() {
    const open = this.feed.orders.values().filter((o) => o.status === 'OPEN');
    localStorage.setItem(this.key('orders'), JSON.stringify(open));
    this.requestUpdate();
  }

  private onOutbox(event: OutboxEvent) {
    if (event.type === 'answer') {
      if (isOrder(event.body)) this.feed.apply(event.body);
      if (event.entry.kind === 'open' && this.current === `new:${event.entry.commandId}` && isOrder(event.body)) {
        this.select(event.body.id);
      }
      return;
    }
    const id = uuid();
    this.notices = [...this.notices, { id, text: refusalText(event.error) }];
    setTimeout(() => (this.notices = this.notices.filter((n) => n.id !== id)), 10_000);
  }

  /**
   * Lock: the server ends the session, unless commands still wait in the outbox: they go out with this
   * session's token, so it stays open for them (and idles out).
   */
  private lock() {
    const { auth, outbox } = this.terminal;
    if (outbox.entries.length) auth.logout();
    else auth.lock();
  }

  private select(ref: string | null) {
    this.current = ref;
    if (ref) localStorage.setItem(this.key('current'), ref);
    else localStorage.removeItem(this.key('current'));
  }

  private async onTable(table: number) {
    const open = this.feed.orders
      .values()
      .filter((o) => o.status === 'OPEN' && o.table === table)
      .sort((a, b) => a.number - b.number)[0];
    if (open) return this.select(open.id);
    const waiting = this.terminal.outbox.entries.find((e) => e.kind === 'open' && e.body.table === table);
    if (waiting) return this.select(`new:${waiting.commandId}`);
    const commandId = uuid();
    this.select(`new:${commandId}`);
    await this.terminal.enqueue('open', '/api/orders', `new:${commandId}`, { commandId, terminalId: this.terminalId, table });
  }

  /** The current order's id, or its `new:` ref while its open waits in the outbox. */
  private orderRef(): string | null {
    return this.current ? (this.terminal.outbox.resolve(this.current) ?? this.current) : null;
  }

  private async onRing(detail: RingDetail) {
    const order = this.orderRef();
    if (!order) return;
    const { productId, quantity, course, notes } = detail;
    const body = { commandId: uuid(), productId, quantity, course, ...(notes ? { notes } : {}) };
    await this.terminal.enqueue('item', '/api/orders/{order}/items', order, body);
  }

  private async onVoid({ itemId, reason }: { itemId: string; reason: string }) {
    const order = this.orderRef();
    if (order) await this.terminal.enqueue('void', voidPath(itemId), order, { commandId: uuid(), reason });
  }

  private async onSend(course: number) {
    const order = this.orderRef();
    if (order) await this.terminal.enqueue('send', '/api/orders/{order}/send', order, { commandId: uuid(), course });
  }

  override render() {
    const { auth, live, outbox, ready } = this.terminal;
    if (!ready) return nothing;
    const session = auth.session;
    if (!session) return html`<login-screen .auth=${auth}></login-screen>`;
    const orders = this.feed.orders.values();
    const offline = live.state !== 'online' || outbox.blocked;
    const ref = this.current;
    const orderId = ref ? outbox.resolve(ref) : undefined;
    const draft = ref
      ? draftOf(
          ref,
          (orderId && this.feed.orders.get(orderId)) || null,
          outbox.entries,
          new Map(this.products.map((p) => [p.id, p])),
          (r) => outbox.resolve(r),
        )
      : null;
    return html`
      <div class="top">
        <span class="brand">Comanda</span>
        <span class="who"><strong>${session.user.name}</strong> · ${this.terminalId}</span>
        <conn-status .state=${live.state}></conn-status>
        <lang-switch></lang-switch>
        <button type="button" @click=${() => this.lock()}>${t('lock')}</button>
      </div>
      <offline-banner ?offline=${offline} .waiting=${outbox.entries.length}></offline-banner>
      <pos-alarms .alarms=${alarmsOf(orders, this.terminalId)}></pos-alarms>
      ${this.notices.map(
        (n) =>
          html`<div class="notice" role="alert">
            <span>${n.text}</span>
            <button type="button" @click=${() => (this.notices = this.notices.filter((x) => x !== n))}>${t('dismiss')}</button>
          </div>`,
      )}
      <main>
        ${
          draft
            ? html`<div class="editor">
                <pos-menu .products=${this.products} @ring=${(e: CustomEvent<RingDetail>) => this.onRing(e.detail)}></pos-menu>
                <pos-order
                  .draft=${draft}
                  @back=${() => this.select(null)}
                  @send=${(e: CustomEvent<{ course: number }>) => this.onSend(e.detail.course)}
                  @void=${(e: CustomEvent<{ itemId: string; reason: string }>) => this.onVoid(e.detail)}
                ></pos-order>
              </div>`
            : html`<pos-table-map
                .tables=${tableStates(this.tables, orders, outbox.entries)}
                @table-select=${(e: CustomEvent<{ table: number }>) => this.onTable(e.detail.table)}
              ></pos-table-map>`
        }
      </main>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-app': PosApp;
  }
}
