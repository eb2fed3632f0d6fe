import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiError } from '../lib/api.js';
import { approvalVerdict, ApprovedCommand, type Approval } from '../lib/approval.js';
import {
  isDay,
  isDrawer,
  isOrder,
  isProduct,
  SOCKET_EVENTS,
  TOPICS,
  type DayView,
  type DrawerView,
  type Order,
  type ProductView,
  type Role,
  type WeightReading,
} from '../lib/contract.js';
import { money, weight } from '../lib/format.js';
import { t } from '../lib/i18n.js';
import { uuid } from '../lib/ids.js';
import { OrderFeed } from '../lib/order-feed.js';
import { refusalText, type OutboxEntry, type OutboxEvent } from '../lib/outbox.js';
import { param } from '../lib/session.js';
import { settings } from '../lib/settings.js';
import { base } from '../lib/styles.js';
import { TerminalController } from '../lib/terminal-controller.js';
import '../lib/approval-dialog.js';
import '../lib/conn-status.js';
import '../lib/lang-switch.js';
import '../lib/login-screen.js';
import '../lib/offline-banner.js';
import './pos-alarms.js';
import './pos-menu.js';
import type { RingDetail } from './pos-menu.js';
import {
  DEFAULT_PAYOUT_LIMIT_CENTS,
  drawerAt,
  drawerPath,
  drawerShown,
  newer,
  noSaleNeedsApproval,
  payOutNeedsApproval,
} from './drawer-model.js';
import './pos-drawer.js';
import type { DrawerCommandDetail } from './pos-drawer.js';
import { Checkout } from './checkout.js';
import {
  checkPath,
  checkRefusal,
  DEFAULT_REFUND_LIMIT_CENTS,
  discountNeedsApproval,
  refundableOf,
  refundNeedsApproval,
  refundPath,
  serviceNeedsApproval,
} from './pay-model.js';
import { alarmsOf, atTable, draftOf, ITEMS_PATH, tableStates, voidedItemOf, voidNeedsApproval, voidPath } from './pos-model.js';
import './pos-order.js';
import './pos-pay.js';
import type { CheckCommandDetail } from './pos-pay.js';
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
 * The waiter's tablet: PIN login and lock, the table map, the order editor, the pay screen, and the cashier's
 * drawer. Every write goes through the outbox, so the screen works the same with and without a connection; what
 * it last knew (menu, tables, open orders) is kept for a reload without network. Two kinds of command are the
 * exception, sent online at once: one a manager approves carries a PIN, which is never stored; and the check's
 * (payments, discounts, split, close), since a guest waits for a payment's answer and a card is charged only
 * while its acquirer can say yes or no.
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
      .top button[aria-pressed='true'] {
        background: var(--text);
        border-color: var(--text);
        color: var(--surface);
      }
    `,
  ];

  private readonly terminalId = param('terminal', 'pos-1');
  @state() private accessor current: string | null = null;
  @state() private accessor products: ProductView[] = cached('comanda.menu', []);
  @state() private accessor tables: number[] = cached('comanda.tables', DEFAULT_TABLES);
  @state() private accessor notices: { id: string; text: string }[] = [];
  /** The tables and orders, the current order's pay screen, or the cashier's drawer. */
  @state() private accessor page: 'tables' | 'pay' | 'drawer' = 'tables';
  /** This terminal's drawer, as the server last told it (null: none, or not read yet). */
  @state() private accessor drawer: DrawerView | null = null;
  /** False once the server said no business day is open (a refused order, GET /api/day, the day topic). */
  @state() private accessor dayOpen = true;
  /** The command waiting for a manager's PIN in the approval dialog, and how its last attempt went. */
  @state() private accessor approval: ApprovedCommand | null = null;
  @state() private accessor approvalError = '';
  @state() private accessor approvalBusy = false;
  /** How many of the pay screen's commands (sent at once or approved) the server has taken. */
  @state() private accessor checkDone = 0;

  private readonly terminal: TerminalController = new TerminalController(this, {
    terminalId: this.terminalId,
    outbox: `comanda-outbox-${this.terminalId}`,
    topics: () => {
      const id = this.current ? this.terminal.outbox.resolve(this.current) : undefined;
      return [
        TOPICS.terminal(this.terminalId),
        TOPICS.menu,
        TOPICS.day,
        ...(this.handlesCash() ? [TOPICS.drawers] : []),
        ...(id ? [TOPICS.order(id)] : []),
      ];
    },
    on: {
      [SOCKET_EVENTS.order]: (payload) => isOrder(payload) && this.feed.apply(payload),
      [SOCKET_EVENTS.menu]: (payload) => isProduct(payload) && this.productChanged(payload),
      [SOCKET_EVENTS.day]: (payload) => isDay(payload) && this.dayChanged(payload),
      [SOCKET_EVENTS.drawer]: (payload) => isDrawer(payload) && this.drawerChanged(payload),
    },
    resync: () => {
      this.feed.resync();
      void this.loadMenu();
      void this.loadDay();
      void this.loadDrawer();
    },
    onOutbox: (event) => this.onOutbox(event),
  });
  private readonly feed = new OrderFeed(
    this.terminal.auth.api,
    // A paid check stays at its table until it is closed.
    () => ['?status=OPEN', '?status=PAID'],
    () => this.ordersChanged(),
    this.terminal.auth.failed,
  );
  private readonly checkout = new Checkout(
    (path, body) => this.terminal.auth.api.post<unknown>(path, body),
    () => this.requestUpdate(),
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

  /** Cashiers and managers hold a drawer; a waiter's POS has none to show. */
  private handlesCash(): boolean {
    const role = this.terminal.auth.session?.user.role;
    return role === 'CASHIER' || role === 'MANAGER';
  }

  private async loadDay() {
    try {
      this.dayChanged(await this.terminal.auth.api.get<DayView>('/api/day'));
    } catch (error) {
      if (error instanceof ApiError && error.type === 'NO_DAY') this.dayOpen = false;
      else this.terminal.auth.failed(error);
    }
  }

  private dayChanged(day: DayView) {
    this.dayOpen = day.status === 'OPEN';
  }

  /** A manager opens the business day from the POS: today, on the server's clock. */
  private async openDay() {
    try {
      const day = await this.terminal.auth.api.post<DayView>('/api/day/open', {
        commandId: uuid(),
        businessDate: settings().today ?? new Date().toLocaleDateString('en-CA'),
      });
      this.dayChanged(day);
      this.notify(t('posDayOpened', { n: day.number }));
    } catch (error) {
      if (error instanceof ApiError) this.notify(refusalText(error));
      else this.notify(t('posDayOpenOffline'));
    }
  }

  private async loadDrawer() {
    if (!this.handlesCash()) return;
    try {
      const { drawers } = await this.terminal.auth.api.get<{ drawers: DrawerView[] }>('/api/drawers');
      const mine = drawerAt(drawers, this.terminalId);
      if (mine) this.drawerChanged(mine);
    } catch (error) {
      this.terminal.auth.failed(error);
    }
  }

  /** A manager hears every drawer: only this terminal's is shown. */
  private drawerChanged(view: DrawerView) {
    if (view.terminalId !== this.terminalId || !newer(this.drawer, view)) return;
    this.drawer = view;
  }

  private notify(text: string) {
    const id = uuid();
    this.notices = [...this.notices, { id, text }];
    setTimeout(() => (this.notices = this.notices.filter((n) => n.id !== id)), 10_000);
  }

  private ordersChanged() {
    const open = this.feed.orders.values().filter(atTable);
    localStorage.setItem(this.key('orders'), JSON.stringify(open));
    this.requestUpdate();
  }

  private onOutbox(event: OutboxEvent) {
    if (event.type === 'answer') {
      if (isOrder(event.body)) this.feed.apply(event.body);
      if (isDrawer(event.body)) this.drawerChanged(event.body);
      if (event.entry.kind === 'open' && this.current === `new:${event.entry.commandId}` && isOrder(event.body)) {
        this.select(event.body.id);
      }
      return;
    }
    const { entry, error } = event;
    if (error.type === 'DAY_NOT_OPEN' && entry.kind === 'open') {
      // The banner says why and what to do; the order that was never opened leaves the screen.
      this.dayOpen = false;
      if (this.current === `new:${entry.commandId}`) this.select(null);
      return;
    }
    // Commands for an order whose open was refused: the banner already says why.
    if (error.type === 'UNKNOWN_ORDER' && !this.dayOpen) return;
    // The server knew better than the screen that it needs a manager (an item fired meanwhile): ask for the PIN.
    if (error.type === 'APPROVAL_REQUIRED' && this.askApprovalFor(entry)) return;
    this.notify(refusalText(error));
  }

  /** The approval dialog for a command the outbox had sent without one; false when it cannot be sent again. */
  private askApprovalFor(entry: OutboxEntry): boolean {
    const path = entry.path.replace('{order}', this.terminal.outbox.resolve(entry.order) ?? '');
    if (path.includes('{order}')) return false;
    const { commandId: _refused, ...body } = entry.body;
    const itemId = voidedItemOf(entry);
    const item = itemId
      ? this.feed.orders
          .values()
          .flatMap((o) => o.items)
          .find((i) => i.id === itemId)
      : undefined;
    const amount = typeof body.amountCents === 'number' ? body.amountCents : 0;
    const title = item
      ? t('approvalVoid', { item: item.name })
      : typeof body.grams === 'number'
        ? this.weightApprovalTitle(String(body.productId), body.grams)
        : path.endsWith('/no-sale')
          ? t('approvalNoSale')
          : t('approvalPayOut', { amount: money(amount) });
    this.askApproval(title, path, body);
    return true;
  }

  /** What the manager approves of a plate whose weight the scale did not read: "0.350 kg of Buffet por quilo, typed". */
  private weightApprovalTitle(productId: string, grams: number): string {
    const product = this.products.find((p) => p.id === productId)?.name ?? productId;
    return t('approvalWeight', { weight: weight(grams), product });
  }

  /** Opens the approval dialog for a command that is sent online, with the manager's PIN, once approved. */
  private askApproval(title: string, path: string, body: Record<string, unknown>) {
    this.approvalError = '';
    this.approval = new ApprovedCommand(title, (signed: { commandId: string; approval: Approval }) =>
      this.terminal.auth.api.post<unknown>(path, { ...body, ...signed }),
    );
  }

  private async onApprove(pin: string) {
    const command = this.approval;
    if (!command) return;
    this.approvalBusy = true;
    this.approvalError = '';
    try {
      const answer = await command.approve(pin);
      if (isOrder(answer)) this.feed.apply(answer);
      if (isDrawer(answer)) this.drawerChanged(answer);
      this.approval = null;
      this.checkDone++;
    } catch (error) {
      const verdict = approvalVerdict(error);
      if (verdict === 'refused') this.approvalError = t('approvalRefused');
      else if (verdict === 'offline') this.approvalError = t('approvalNeedsConnection');
      else if (verdict === 'locked' && error instanceof ApiError) this.approvalError = error.message;
      else {
        this.approval = null;
        if (error instanceof ApiError) this.notify(refusalText(error));
      }
    } finally {
      this.approvalBusy = false;
    }
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
      .filter((o) => atTable(o) && o.table === table)
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
    const { productId, quantity, grams, typed, course, notes } = detail;
    const body = { productId, ...(grams ? { grams } : { quantity }), course, ...(notes ? { notes } : {}) };
    // A weight the scale did not read rings with a manager's PIN, online; a manager's own needs none.
    if (grams && typed && this.terminal.auth.session?.user.role !== 'MANAGER') {
      return this.askApproval(this.weightApprovalTitle(productId, grams), ITEMS_PATH.replace('{order}', order), body);
    }
    await this.terminal.enqueue('item', ITEMS_PATH, order, { commandId: uuid(), ...body });
  }

  private async onVoid({ itemId, reason }: { itemId: string; reason: string }) {
    const order = this.orderRef();
    if (!order) return;
    const role = this.terminal.auth.session?.user.role;
    const item = this.feed.orders.get(order)?.items.find((i) => i.id === itemId);
    if (item && role && voidNeedsApproval(item.status, role)) {
      return this.askApproval(t('approvalVoid', { item: item.name }), voidPath(itemId).replace('{order}', order), { reason });
    }
    await this.terminal.enqueue('void', voidPath(itemId), order, { commandId: uuid(), reason });
  }

  /** A drawer movement: through the outbox, unless it needs a manager's PIN (then online, from the dialog). */
  private async onDrawerCommand({ action, amountCents, reason }: DrawerCommandDetail) {
    const drawer = this.drawer;
    const role = this.terminal.auth.session?.user.role;
    if (!drawer || !role) return;
    const path = drawerPath(drawer.id, action);
    const limit = settings().payoutLimitCents ?? DEFAULT_PAYOUT_LIMIT_CENTS;
    if (action === 'pay-out' && amountCents !== undefined && payOutNeedsApproval(amountCents, role, limit)) {
      return this.askApproval(t('approvalPayOut', { amount: money(amountCents) }), path, { amountCents, reason });
    }
    if (action === 'no-sale' && noSaleNeedsApproval(role)) return this.askApproval(t('approvalNoSale'), path, { reason });
    const body =
      action === 'open'
        ? { floatCents: amountCents }
        : action === 'close'
          ? { countedCents: amountCents }
          : { ...(amountCents === undefined ? {} : { amountCents }), ...(reason === undefined ? {} : { reason }) };
    await this.terminal.enqueue('drawer', path, drawer.id, { commandId: uuid(), ...body });
  }

  /** The order the pay screen shows, once the server has it. */
  private payingOrder(): Order | null {
    const id = this.current ? this.terminal.outbox.resolve(this.current) : undefined;
    return (id && this.feed.orders.get(id)) || null;
  }

  /** What the manager approves, in the dialog's words. */
  private checkApprovalTitle(order: Order, { action, body }: CheckCommandDetail): string {
    if (action === 'discounts') {
      const what = typeof body.percent === 'number' ? `${body.percent}%` : money(Number(body.amountCents));
      return t('approvalDiscount', { what, n: order.number });
    }
    if (action === 'service') return t('approvalWaive', { n: order.number });
    if (action === 'refund') return t('approvalRefund', { amount: money(this.refundAmount(order, body)) });
    return t('approvalTitle');
  }

  /** A refund without an amount gives back all that is left of its payment. */
  private refundAmount(order: Order, body: Record<string, unknown>): number {
    if (typeof body.amountCents === 'number') return body.amountCents;
    const payment = order.payments.find((p) => p.id === body.paymentId);
    return payment ? refundableOf(payment) : 0;
  }

  private checkNeedsApproval(order: Order, detail: CheckCommandDetail, role: Role): boolean {
    const { action, body } = detail;
    if (action === 'discounts') return discountNeedsApproval(role);
    if (action === 'service') return serviceNeedsApproval(body.waived === true, role);
    if (action === 'refund') {
      const limit = settings().refundLimitCents ?? DEFAULT_REFUND_LIMIT_CENTS;
      return refundNeedsApproval(this.refundAmount(order, { ...body, paymentId: detail.paymentId }), role, limit);
    }
    return false;
  }

  /**
   * A command on the check, from the pay screen: online, at once, through the manager's PIN when it needs one (or
   * when the server says it does).
   */
  private async onCheckCommand(detail: CheckCommandDetail) {
    const order = this.payingOrder();
    const role = this.terminal.auth.session?.user.role;
    if (!order || !role) return;
    const path = detail.action === 'refund' ? refundPath(order.id, detail.paymentId) : checkPath(order.id, detail.action);
    const title = this.checkApprovalTitle(order, detail);
    if (this.checkNeedsApproval(order, detail, role)) return this.askApproval(title, path, detail.body);
    const answer = await this.checkout.send(path, detail.body);
    const error = this.checkout.error;
    if (error instanceof ApiError && error.type === 'APPROVAL_REQUIRED') {
      this.checkout.clear();
      return this.askApproval(title, path, detail.body);
    }
    if (answer === undefined) return;
    this.checkDone++;
    if (detail.action === 'split') {
      // The items moved to a new check: it is the one the guest who takes them pays.
      const { order: rest, newOrder } = answer as { order: Order; newOrder: Order };
      this.feed.apply(rest);
      this.feed.apply(newOrder);
      this.select(newOrder.id);
      return;
    }
    if (isOrder(answer)) this.feed.apply(answer);
    if (detail.action === 'close') this.closed(order);
  }

  /** The table is closed: on to its next check when it was split, else back to the tables. */
  private closed(order: Order) {
    const next = this.tableChecks(order).find((o) => o.id !== order.id);
    if (next) return this.select(next.id);
    this.page = 'tables';
    this.select(null);
  }

  /** Every check still at the order's table, by number. */
  private tableChecks(order: Order): Order[] {
    if (order.table === null) return atTable(order) ? [order] : [];
    return this.feed.orders
      .values()
      .filter((o) => atTable(o) && o.table === order.table)
      .sort((a, b) => a.number - b.number);
  }

  /** Why the last command on the check failed, in the waiter's words. */
  private checkMessage(): string {
    const error = this.checkout.error;
    if (!error) return '';
    const known = checkRefusal(error);
    if (known) return t(known.key, known.dueCents === undefined ? {} : { due: money(known.dueCents) });
    return error instanceof ApiError ? refusalText(error) : String(error);
  }

  private leavePay(page: 'tables' | 'pay', orderId?: string) {
    this.checkout.clear();
    if (orderId) this.select(orderId);
    this.page = page;
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
    const paying = this.page === 'pay' ? this.payingOrder() : null;
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
        ${
          this.handlesCash()
            ? html`<button
                type="button"
                aria-pressed=${this.page === 'drawer' ? 'true' : 'false'}
                @click=${() => (this.page = this.page === 'drawer' ? 'tables' : 'drawer')}
              >
                ${t('posDrawer')}
              </button>`
            : nothing
        }
        <conn-status .state=${live.state}></conn-status>
        <lang-switch></lang-switch>
        <button type="button" @click=${() => this.lock()}>${t('lock')}</button>
      </div>
      <offline-banner ?offline=${offline} .waiting=${outbox.entries.length}></offline-banner>
      <pos-alarms .alarms=${alarmsOf(orders, this.terminalId)}></pos-alarms>
      ${this.dayOpen ? nothing : this.noDay(session.user.role)}
      ${this.notices.map(
        (n) =>
          html`<div class="notice" role="alert">
            <span>${n.text}</span>
            <button type="button" @click=${() => (this.notices = this.notices.filter((x) => x !== n))}>${t('dismiss')}</button>
          </div>`,
      )}
      <main>
        ${
          this.page === 'drawer' && this.handlesCash()
            ? html`<pos-drawer
                .shown=${this.drawer ? drawerShown(this.drawer, outbox.entries) : null}
                .userRole=${session.user.role}
                .userId=${session.user.id}
                .limitCents=${settings().payoutLimitCents ?? DEFAULT_PAYOUT_LIMIT_CENTS}
                @drawer-command=${(e: CustomEvent<DrawerCommandDetail>) => this.onDrawerCommand(e.detail)}
                @back=${() => (this.page = 'tables')}
              ></pos-drawer>`
            : paying
              ? html`<pos-pay
                  .order=${paying}
                  .checks=${this.tableChecks(paying)}
                  .userRole=${session.user.role}
                  ?busy=${this.checkout.busy}
                  .message=${this.checkMessage()}
                  ?offline=${offline}
                  .waiting=${outbox.entries.filter((e) => outbox.resolve(e.order) === paying.id).length}
                  .done=${this.checkDone}
                  @check-command=${(e: CustomEvent<CheckCommandDetail>) => this.onCheckCommand(e.detail)}
                  @select-check=${(e: CustomEvent<{ orderId: string }>) => this.leavePay('pay', e.detail.orderId)}
                  @back=${() => this.leavePay('tables')}
                ></pos-pay>`
              : draft
                ? html`<div class="editor">
                    <pos-menu
                      .products=${this.products}
                      .readWeight=${() => this.terminal.auth.api.get<WeightReading>(`/api/terminals/${this.terminalId}/weight`)}
                      @ring=${(e: CustomEvent<RingDetail>) => this.onRing(e.detail)}
                    ></pos-menu>
                    <pos-order
                      .draft=${draft}
                      @back=${() => this.select(null)}
                      @send=${(e: CustomEvent<{ course: number }>) => this.onSend(e.detail.course)}
                      @void=${(e: CustomEvent<{ itemId: string; reason: string }>) => this.onVoid(e.detail)}
                      @pay=${() => (this.page = 'pay')}
                    ></pos-order>
                  </div>`
                : html`<pos-table-map
                    .tables=${tableStates(this.tables, orders, outbox.entries)}
                    @table-select=${(e: CustomEvent<{ table: number }>) => this.onTable(e.detail.table)}
                  ></pos-table-map>`
        }
      </main>
      <approval-dialog
        ?open=${this.approval !== null}
        .subject=${this.approval?.title ?? ''}
        .error=${this.approvalError}
        ?busy=${this.approvalBusy}
        ?offline=${offline}
        @approve=${(e: CustomEvent<{ pin: string }>) => this.onApprove(e.detail.pin)}
        @cancel=${() => (this.approval = null)}
      ></approval-dialog>
    `;
  }

  /** No business day is open: no table opens. A manager may open it here; anyone else is told who can. */
  private noDay(role: string) {
    return html`<div class="notice day" role="alert">
      <span>${t('posDayNotOpen')} ${role === 'MANAGER' ? t('posDayNotOpenHow') : t('posDayNotOpenAsk')}</span>
      ${
        role === 'MANAGER'
          ? html`<button type="button" class="primary" @click=${() => this.openDay()}>${t('posOpenDay')}</button>`
          : nothing
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-app': PosApp;
  }
}
