import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { DayReport } from '../lib/contract.js';
import { LangController } from '../lib/controllers.js';
import { money, timeOfDay, weight } from '../lib/format.js';
import { getLang, t } from '../lib/i18n.js';
import { base } from '../lib/styles.js';
import { dateText, overShortOf, readable } from './manager-model.js';
import { panel } from './manager-styles.js';

const METHODS = ['CASH', 'CARD', 'PIX'] as const;

/**
 * A day's X or Z report, laid out as a manager reads it: the big figures first (orders, net sales, average
 * ticket), how the gross became the net, how it was paid, then what sold (categories, products), who sold it,
 * what was voided, refunded or discounted, and each drawer's cash.
 */
@customElement('manager-report')
export class ManagerReport extends LitElement {
  static override styles = [
    base,
    panel,
    css`
      :host {
        display: block;
      }
      header {
        display: flex;
        align-items: baseline;
        gap: 0.8rem;
        margin-bottom: 0.6rem;
      }
      h2 {
        flex: 1;
        margin: 0;
        font-size: 1.4rem;
        text-transform: none;
        letter-spacing: 0;
        color: var(--text);
      }
      .tiles {
        display: grid;
        grid-template-columns: repeat(4, 1fr);
        gap: 0.6rem;
        margin-bottom: 0.8rem;
      }
      .tile {
        background: var(--surface);
        border: 2px solid var(--border);
        border-radius: 10px;
        padding: 0.4rem 0.7rem;
      }
      .tile span {
        display: block;
        color: var(--muted);
        font-weight: 700;
      }
      .tile strong {
        font-size: 1.7rem;
      }
      .tile small {
        display: block;
        color: var(--muted);
      }
      .cols {
        display: grid;
        grid-template-columns: repeat(3, minmax(0, 1fr));
        gap: 0.8rem;
        align-items: start;
      }
      table {
        background: var(--surface);
        border-radius: 10px;
        margin-bottom: 0.8rem;
      }
      caption {
        text-align: left;
        font-weight: 800;
        padding: 0.3rem 0.5rem;
        font-size: 1.05rem;
      }
      td.n,
      th.n {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      td.n {
        white-space: nowrap;
      }
      tbody th {
        font-size: 1rem;
        text-transform: none;
        letter-spacing: 0;
        color: var(--text);
        font-weight: 400;
        border-bottom: 1px solid #d5dbe2;
      }
      table.drawers td,
      table.drawers th {
        padding: 0.3rem 0.35rem;
      }
      table.drawers tbody th {
        white-space: nowrap;
      }
      tr.total td {
        font-weight: 800;
        border-top: 2px solid var(--border);
      }
      tr.minus td:first-child::before {
        content: '− ';
      }
      tr.plus td:first-child::before {
        content: '+ ';
      }
      .short {
        color: var(--danger-text);
        font-weight: 800;
      }
      .over {
        color: var(--warn);
        font-weight: 800;
      }
      .empty {
        color: var(--muted);
      }
    `,
  ];

  /** The report. */
  @property({ attribute: false }) accessor report: DayReport | null = null;
  /** X (the open day so far) or Z (stored at the close). */
  @property() accessor kind: 'X' | 'Z' = 'X';
  /** Now, on the server's clock: when an X report was read. */
  @property({ type: Number }) accessor now = 0;

  private readonly i18n = new LangController(this);

  override render() {
    if (!this.report) return nothing;
    const r = readable(this.report);
    const title =
      this.kind === 'X'
        ? t('mgrXReportTitle', { n: r.dayNumber, date: dateText(r.businessDate, getLang()) })
        : t('mgrZReportTitle', { n: r.dayNumber, date: dateText(r.businessDate, getLang()) });
    const when =
      this.kind === 'Z' && r.closedAt
        ? t('mgrClosedAtTime', { time: timeOfDay(Date.parse(r.closedAt)) })
        : t('mgrSoFar', { time: timeOfDay(this.now) });
    return html`
      <header>
        <h2>${title}</h2>
        <span>${t('mgrOpenedAtTime', { time: timeOfDay(Date.parse(r.openedAt)) })} · ${when}</span>
        <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('close'))}>${t('mgrCloseReport')}</button>
      </header>
      <div class="tiles">
        <div class="tile">
          <span>${t('mgrRepOrders')}</span><strong class="num">${r.orders.count}</strong>
          <small>${t('mgrRepCancelled', { n: r.orders.cancelled })} · ${t('mgrRepCovers', { n: r.orders.covers })}</small>
        </div>
        <div class="tile"><span>${t('mgrRepNet')}</span><strong class="num">${money(r.sales.netCents)}</strong></div>
        <div class="tile">
          <span>${t('mgrRepAverage')}</span><strong class="num">${money(r.orders.averageTicketCents)}</strong>
        </div>
        <div class="tile"><span>${t('mgrRepTips')}</span><strong class="num">${money(r.sales.tipCents)}</strong></div>
      </div>
      <div class="cols">
        <div>
          <table>
            <caption>
              ${t('mgrRepSales')}
            </caption>
            <tbody>
              <tr>
                <td>${t('mgrRepGross')}</td>
                <td class="n">${money(r.sales.grossCents)}</td>
              </tr>
              <tr class="minus">
                <td>${t('mgrRepDiscounts')}</td>
                <td class="n">${money(r.sales.discountCents)}</td>
              </tr>
              <tr class="plus">
                <td>${t('mgrRepService')}</td>
                <td class="n">${money(r.sales.serviceCents)}</td>
              </tr>
              <tr class="total">
                <td>${t('mgrRepNet')}</td>
                <td class="n">${money(r.sales.netCents)}</td>
              </tr>
            </tbody>
          </table>
          <table>
            <caption>
              ${t('mgrRepByMethod')}
            </caption>
            <tbody>
              ${METHODS.map(
                (m) =>
                  html`<tr>
                    <td>${t(`mgrMethod_${m}`)}</td>
                    <td class="n">${r.byMethod[m].count}×</td>
                    <td class="n">${money(r.byMethod[m].cents)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
        <div>
          ${this.table(
            t('mgrRepByCategory'),
            [t('mgrColCategory'), t('mgrColQty'), t('mgrColAmount')],
            r.byCategory.map((c) => [c.category ?? t('mgrRepOther'), c.quantity, money(c.cents)]),
          )}
          ${this.table(
            t('mgrRepByWaiter'),
            [t('mgrColWaiter'), t('mgrColOrders'), t('mgrColSales'), t('mgrColTips')],
            r.byWaiter.map((w) => [w.userId ?? '—', w.orders, money(w.cents), money(w.tipCents)]),
          )}
          <table>
            <caption>
              ${t('mgrRepAdjustments')}
            </caption>
            <tbody>
              <tr>
                <td>${t('mgrRepVoids')}</td>
                <td class="n">${r.voids.count}×</td>
                <td class="n">${money(r.voids.cents)}</td>
              </tr>
              <tr>
                <td>${t('mgrRepRefunds')}</td>
                <td class="n">${r.refunds.count}×</td>
                <td class="n">${money(r.refunds.cents)}</td>
              </tr>
              <tr>
                <td>${t('mgrRepDiscounts')}</td>
                <td class="n">${r.discounts.count}×</td>
                <td class="n">${money(r.discounts.cents)}</td>
              </tr>
            </tbody>
          </table>
        </div>
        <div>
          ${this.table(
            t('mgrRepByProduct'),
            [t('mgrColProduct'), t('mgrColQty'), t('mgrColAmount')],
            // A product sold by weight: its plates and the kilos they weighed ("37 · 18.442 kg").
            r.byProduct.map((p) => [
              p.name,
              p.grams === undefined ? p.quantity : `${p.quantity} · ${weight(p.grams)}`,
              money(p.cents),
            ]),
          )}
        </div>
      </div>
      ${r.drawers.length ? this.drawers(r) : nothing}
    `;
  }

  /** A table of the report's rows: the first column names the row, the others are figures. */
  private table(caption: string, head: string[], rows: (string | number)[][]) {
    return html`<table>
      <caption>
        ${caption}
      </caption>
      <thead>
        <tr>
          ${head.map((h, i) => html`<th scope="col" class=${i ? 'n' : ''}>${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${
          rows.length
            ? rows.map(
                (row) =>
                  html`<tr>
                    ${row.map((cell, i) => (i ? html`<td class="n">${cell}</td>` : html`<th scope="row">${cell}</th>`))}
                  </tr>`,
              )
            : html`<tr>
                <td class="empty" colspan=${head.length}>${t('mgrRepNothing')}</td>
              </tr>`
        }
      </tbody>
    </table>`;
  }

  private drawers(r: DayReport) {
    return html`<table class="drawers">
      <caption>
        ${t('mgrDrawers')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('mgrColDrawer')}</th>
          <th scope="col" class="n">${t('mgrFloat')}</th>
          <th scope="col" class="n">${t('mgrRepCashSales')}</th>
          <th scope="col" class="n">${t('mgrRepCashRefunds')}</th>
          <th scope="col" class="n">${t('mgrRepPayIn')}</th>
          <th scope="col" class="n">${t('mgrRepPayOut')}</th>
          <th scope="col" class="n">${t('mgrRepDrop')}</th>
          <th scope="col" class="n">${t('mgrRepExpected')}</th>
          <th scope="col" class="n">${t('mgrRepCounted')}</th>
          <th scope="col" class="n">${t('mgrRepOverShort')}</th>
        </tr>
      </thead>
      <tbody>
        ${r.drawers.map((d) => {
          const sign = d.overShortCents === null ? null : overShortOf(d.overShortCents);
          return html`<tr>
            <th scope="row">${d.id}</th>
            <td class="n">${money(d.floatCents)}</td>
            <td class="n">${money(d.cashSalesCents)}</td>
            <td class="n">${money(d.cashRefundsCents)}</td>
            <td class="n">${money(d.payInCents)}</td>
            <td class="n">${money(d.payOutCents)}</td>
            <td class="n">${money(d.dropCents)}</td>
            <td class="n">${money(d.expectedCents)}</td>
            <td class="n">${d.countedCents === null ? t('mgrNotCounted') : money(d.countedCents)}</td>
            <td class="n ${sign ?? ''}">
              ${
                sign && d.overShortCents !== null ? t(`mgrOverShort_${sign}`, { amount: money(Math.abs(d.overShortCents)) }) : '—'
              }
            </td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'manager-report': ManagerReport;
  }
}
