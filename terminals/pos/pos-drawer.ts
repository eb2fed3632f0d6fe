import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Role } from '../lib/contract.js';
import { LangController } from '../lib/controllers.js';
import { money, timeOfDay } from '../lib/format.js';
import { t, type MessageKey } from '../lib/i18n.js';
import type { MoneyField } from '../lib/money-field.js';
import { base } from '../lib/styles.js';
import '../lib/money-field.js';
import type { DrawerAction, DrawerShown } from './drawer-model.js';

export interface DrawerCommandDetail {
  action: DrawerAction;
  amountCents?: number;
  reason?: string;
}

/**
 * The cashier's drawer at this terminal: open it with a float; pay in, pay out, drop and no-sale while it is open;
 * the blind count, where the cashier types what they counted and is shown nothing of what it should be; and,
 * only once the count is in, the over/short. Money is typed as the screen shows it (R$ 50,00). A manager sees the
 * cash in the drawer and its movements while it is open; a cashier sees the last thing done. Fires
 * `drawer-command` with `{ action, amountCents?, reason? }` (what needs a manager's PIN is the screen's to decide),
 * and `back`.
 */
@customElement('pos-drawer')
export class PosDrawer extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        padding: 0.8rem;
      }
      .frame {
        background: var(--surface);
        border: 2px solid var(--border);
        border-radius: 14px;
        max-width: 60rem;
        margin: 0 auto;
      }
      header {
        display: flex;
        align-items: center;
        gap: 0.8rem;
        padding: 0.6rem 0.8rem;
        border-bottom: 2px solid var(--border);
        flex-wrap: wrap;
      }
      h2 {
        margin: 0;
        font-size: 1.5rem;
      }
      .since {
        flex: 1;
        color: var(--muted);
        font-size: 1.05rem;
      }
      .chip {
        font-weight: 700;
        padding: 0.1rem 0.6rem;
        border-radius: 6px;
        border: 1px solid currentColor;
      }
      .s-OPEN {
        color: var(--ok);
        background: var(--ok-bg);
      }
      .s-COUNTING {
        color: var(--warn);
        background: var(--warn-bg);
      }
      .s-CLOSED {
        color: var(--muted);
      }
      .cols {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr));
        gap: 1rem;
        padding: 1rem;
      }
      section {
        display: grid;
        gap: 0.7rem;
        align-content: start;
      }
      h3 {
        margin: 0;
        font-size: 1rem;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        color: var(--muted);
      }
      label {
        display: grid;
        gap: 0.25rem;
        font-weight: 700;
        font-size: 1.05rem;
      }
      input {
        font-size: 1.4rem;
        min-height: 56px;
      }
      input::placeholder {
        color: var(--muted);
        font-weight: 400;
        opacity: 0.7;
      }
      .money {
        font-variant-numeric: tabular-nums;
      }
      .actions {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 0.6rem;
      }
      .actions button,
      .big {
        min-height: 60px;
        font-size: 1.25rem;
      }
      .hint {
        margin: 0;
        color: var(--muted);
        font-size: 1rem;
      }
      .error {
        margin: 0;
        color: var(--danger-text);
        font-weight: 700;
        font-size: 1.1rem;
      }
      .error:empty {
        display: none;
      }
      .note {
        margin: 0;
        padding: 0.5rem 0.8rem;
        border-radius: 10px;
        font-weight: 700;
        background: var(--surface-2);
      }
      .alert {
        color: var(--warn);
        background: var(--warn-bg);
      }
      .cash {
        font-size: 2rem;
        font-weight: 800;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        max-height: 14rem;
        overflow-y: auto;
      }
      li {
        display: grid;
        grid-template-columns: 4rem 1fr auto;
        gap: 0.5rem;
        padding: 0.35rem 0;
        border-bottom: 1px solid var(--surface-2);
      }
      li .reason {
        color: var(--muted);
      }
      .count {
        max-width: 28rem;
        margin: 0 auto;
      }
      .result {
        display: grid;
        grid-template-columns: auto auto;
        justify-content: start;
        gap: 0.3rem 1.5rem;
        font-size: 1.2rem;
        margin: 0;
      }
      .result dt {
        color: var(--muted);
      }
      .result dd {
        margin: 0;
        font-weight: 700;
        text-align: right;
      }
      .result .diff {
        font-size: 1.8rem;
        font-weight: 800;
      }
      .result .short {
        color: var(--danger-text);
      }
      .result .over {
        color: var(--warn);
      }
      .result .even {
        color: var(--ok);
      }
    `,
  ];

  /** The terminal's drawer with what waits in the outbox, or null when this terminal has none. */
  @property({ attribute: false }) accessor shown: DrawerShown | null = null;
  /** Who is logged in: a manager sees the cash in the drawer; a cashier never sees what a count should find. */
  @property() accessor userRole: Role = 'CASHIER';
  @property() accessor userId = '';
  /** Over this, a pay-out asks for a manager's PIN. */
  @property({ type: Number }) accessor limitCents = 0;

  /** What the person typed that is not money or lacks a reason. */
  @state() private accessor error = '';

  private readonly i18n = new LangController(this);

  /** A command the server took: the fields are cleared for the next one (a cancelled approval keeps them). */
  protected override updated(changed: PropertyValues<this>): void {
    const before = changed.get('shown');
    if (before && this.shown && before.view.version !== this.shown.view.version) {
      for (const input of this.renderRoot.querySelectorAll('input')) input.value = '';
      for (const field of this.renderRoot.querySelectorAll('money-field')) field.value = '';
      this.error = '';
    }
  }

  private field(name: string): string {
    return this.renderRoot.querySelector<HTMLInputElement>(`input[name="${name}"]`)?.value ?? '';
  }

  /** The amount in a field, or null with the error shown. */
  private amount(name: string, label: MessageKey): number | null {
    const cents = this.renderRoot.querySelector<MoneyField>(`money-field[name="${name}"]`)?.cents ?? null;
    if (cents === null) this.error = t('posTypeAmount', { field: t(label), example: money(5000) });
    return cents;
  }

  private fire(detail: DrawerCommandDetail) {
    this.error = '';
    this.dispatchEvent(new CustomEvent<DrawerCommandDetail>('drawer-command', { detail }));
  }

  private move(action: 'pay-in' | 'pay-out' | 'drop' | 'no-sale') {
    const reason = this.field('reason').trim();
    const amountCents = action === 'no-sale' ? undefined : this.amount('amount', 'posAmount');
    if (amountCents === null || (amountCents === 0 && action !== 'no-sale')) {
      this.error = t('posTypeAmount', { field: t('posAmount'), example: money(5000) });
      return;
    }
    if (action !== 'drop' && !reason) {
      this.error = t('posTypeReason');
      return;
    }
    this.fire({ action, ...(amountCents === undefined ? {} : { amountCents }), ...(action === 'drop' ? {} : { reason }) });
  }

  private submitWith(name: string, label: MessageKey, action: 'open' | 'close') {
    const cents = this.amount(name, label);
    if (cents !== null) this.fire({ action, amountCents: cents });
  }

  private moneyField(name: string, label: MessageKey) {
    return html`<money-field name=${name} label=${t(label)}></money-field>`;
  }

  private closed(shown: DrawerShown) {
    const last = shown.view.lastClose;
    return html`<div class="cols">
      ${last ? this.result(last) : nothing}
      <section aria-label=${t('posOpenDrawer')}>
        <h3>${t('posOpenDrawer')}</h3>
        ${this.moneyField('float', 'posFloat')}
        <p class="hint">${t('posFloatHint')}</p>
        <p class="error" role="alert">${this.error}</p>
        <button type="button" class="primary big" @click=${() => this.submitWith('float', 'posFloat', 'open')}>
          ${t('posOpenDrawer')}
        </button>
      </section>
    </div>`;
  }

  /** The over/short: only once the count is in, never before. */
  private result(last: NonNullable<DrawerShown['view']['lastClose']>) {
    const diff = last.overShortCents;
    const [key, cls]: [MessageKey, string] =
      diff < 0 ? ['posShort', 'short'] : diff > 0 ? ['posOver', 'over'] : ['posEven', 'even'];
    return html`<section role="status" aria-label=${t('posClosed')}>
      <h3>${t('posClosed')} · ${timeOfDay(Date.parse(last.closedAt))}</h3>
      <dl class="result money">
        <dt>${t('posCounted')}</dt>
        <dd>${money(last.countedCents)}</dd>
        <dt>${t('posExpected')}</dt>
        <dd>${money(last.expectedCents)}</dd>
        <dt class="diff ${cls}">${t(key)}</dt>
        <dd class="diff ${cls}">${diff === 0 ? '' : money(Math.abs(diff))}</dd>
      </dl>
    </section>`;
  }

  private open(shown: DrawerShown) {
    const { view } = shown;
    const manager = this.userRole === 'MANAGER';
    const last = view.movements.at(-1);
    return html`<div class="cols">
      <section aria-label=${t('posMoveCash')}>
        <h3>${t('posMoveCash')}</h3>
        ${this.moneyField('amount', 'posAmount')}
        <label
          >${t('posReason')}
          <input name="reason" autocomplete="off" maxlength="200" placeholder=${t('posReasonPlaceholder')} />
        </label>
        <p class="error" role="alert">${this.error}</p>
        <div class="actions">
          <button type="button" @click=${() => this.move('pay-in')}>${t('posPayIn')}</button>
          <button type="button" @click=${() => this.move('pay-out')}>${t('posPayOut')}</button>
          <button type="button" @click=${() => this.move('drop')}>${t('posDrop')}</button>
          <button type="button" @click=${() => this.move('no-sale')}>${t('posNoSale')}</button>
        </div>
        <p class="hint">${t('posPayOutHint', { limit: money(this.limitCents) })}</p>
      </section>
      <section>
        ${view.alerts.includes('DROP_NEEDED') ? html`<p class="note alert" role="alert">${t('posDropNeeded')}</p>` : nothing}
        ${
          manager && view.cashCents !== undefined
            ? html`<h3>${t('posCashInDrawer')}</h3>
                <span class="cash money">${money(view.cashCents)}</span>
                <ul>
                  ${view.movements.map(
                    (m) =>
                      html`<li>
                        <span>${timeOfDay(Date.parse(m.at))}</span>
                        <span>${t(`posMove_${m.type}` as MessageKey)} <span class="reason">${m.reason ?? ''}</span></span>
                        <span class="money">${m.type === 'NO_SALE' ? '' : money(m.amountCents)}</span>
                      </li>`,
                  )}
                </ul>`
            : last
              ? html`<p class="note" role="status">
                  ${
                    last.type === 'NO_SALE'
                      ? t('posDoneNoSale')
                      : t('posDone', { what: t(`posMove_${last.type}` as MessageKey), amount: money(last.amountCents) })
                  }
                </p>`
              : nothing
        }
        <h3>${t('posEndShift')}</h3>
        <p class="hint">${t('posCountHint')}</p>
        <button type="button" class="primary big" @click=${() => this.fire({ action: 'count' })}>${t('posCount')}</button>
      </section>
    </div>`;
  }

  /** The blind count: nothing of the drawer's cash, its movements or its alerts is drawn, whoever counts. */
  private counting(shown: DrawerShown) {
    return html`<section class="count cols" aria-label=${t('posCounting')}>
      <h3>${t('posCounting')}</h3>
      <p class="hint">${t('posCountingHint')}</p>
      ${this.moneyField('counted', 'posCounted')}
      <p class="error" role="alert">${this.error}</p>
      ${shown.closing ? html`<p class="note" role="status">${t('posCloseWaiting')}</p>` : nothing}
      <button
        type="button"
        class="primary big"
        ?disabled=${shown.closing}
        @click=${() => this.submitWith('counted', 'posCounted', 'close')}
      >
        ${t('posCloseDrawer')}
      </button>
    </section>`;
  }

  override render() {
    const shown = this.shown;
    if (!shown) return html`<div class="frame"><p class="note">${t('posNoDrawer')}</p></div>`;
    const { view, status } = shown;
    const held = status !== 'CLOSED' && view.cashierId && view.cashierId !== this.userId && this.userRole !== 'MANAGER';
    return html`<div class="frame">
      <header>
        <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('back'))}>← ${t('backToTables')}</button>
        <h2>${t('posDrawerTitle', { id: view.id })}</h2>
        <span class="chip s-${status}">${t(`posDrawerState_${status}` as MessageKey)}</span>
        <span class="since">
          ${status !== 'CLOSED' && view.openedAt ? t('posDrawerSince', { time: timeOfDay(Date.parse(view.openedAt)) }) : ''}
          ${shown.waiting ? ` · ${t('posDrawerWaiting', { count: shown.waiting })}` : ''}
        </span>
      </header>
      ${
        held
          ? html`<p class="note cols">${t('posDrawerHeld')}</p>`
          : status === 'CLOSED'
            ? this.closed(shown)
            : status === 'OPEN'
              ? this.open(shown)
              : this.counting(shown)
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-drawer': PosDrawer;
  }
}
