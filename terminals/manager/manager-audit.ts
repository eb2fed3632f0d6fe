import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LangController } from '../lib/controllers.js';
import { timeOfDay } from '../lib/format.js';
import { getLang, t } from '../lib/i18n.js';
import { base } from '../lib/styles.js';
import { auditWords, type Verdict } from './audit-feed.js';
import type { AuditEntry } from '../lib/contract.js';
import { auditSummary, dayAndMonth, seenValues, type AuditFilter } from './manager-model.js';
import { panel } from './manager-styles.js';

/**
 * The audit log, newest first, filtered by user and type, and the walk of its hash chain. Fires `filter` with an
 * AuditFilter, `refresh` and `verify`.
 */
@customElement('manager-audit')
export class ManagerAudit extends LitElement {
  static override styles = [
    base,
    panel,
    css`
      :host {
        display: block;
      }
      form {
        display: flex;
        align-items: end;
        flex-wrap: wrap;
        gap: 0.6rem;
        margin-bottom: 0.6rem;
      }
      label {
        display: grid;
        gap: 0.2rem;
        font-weight: 700;
      }
      input {
        width: 12rem;
      }
      .spacer {
        flex: 1;
      }
      .verdict {
        font-weight: 800;
        padding: 0.4rem 0.7rem;
        border-radius: 10px;
        border: 2px solid currentColor;
        min-height: 44px;
        display: inline-flex;
        align-items: center;
      }
      .verdict:empty {
        display: none;
      }
      .verdict.ok {
        color: var(--ok);
        background: var(--ok-bg);
      }
      .verdict.broken {
        color: var(--danger-text);
        background: var(--danger-bg);
      }
      .scroll {
        background: var(--surface);
        border: 2px solid var(--border);
        border-radius: 10px;
        max-height: calc(100vh - 15rem);
        overflow: auto;
      }
      thead th {
        position: sticky;
        top: 0;
        background: var(--surface);
      }
      td.seq,
      td.at {
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
      }
      tr.broken td {
        background: var(--danger-bg);
        color: var(--danger-text);
        font-weight: 700;
      }
      td.type {
        font-weight: 700;
      }
      td.details {
        color: var(--muted);
        font-size: 0.92rem;
      }
      .approved {
        display: block;
        color: var(--muted);
        font-size: 0.85rem;
      }
      .empty {
        color: var(--muted);
        padding: 1rem;
      }
      .count {
        color: var(--muted);
        margin: 0 0 0.4rem;
      }
    `,
  ];

  /** The entries, newest first. */
  @property({ attribute: false }) accessor entries: AuditEntry[] = [];
  @property({ attribute: false }) accessor filter: AuditFilter = { userId: '', type: '' };
  /** The last verify's answer. */
  @property({ attribute: false }) accessor verdict: Verdict | null = null;
  @property({ type: Boolean }) accessor verifying = false;
  @property({ type: Boolean }) accessor loaded = false;

  private readonly i18n = new LangController(this);

  private submit(e: Event) {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const filter: AuditFilter = { userId: String(form.get('userId') ?? ''), type: String(form.get('type') ?? '') };
    this.dispatchEvent(new CustomEvent('filter', { detail: filter }));
  }

  private verdictText(): string {
    const v = this.verdict;
    if (this.verifying) return t('mgrVerifying');
    if (!v) return '';
    return v.ok ? t('mgrVerifyOk', { n: v.entries }) : t('mgrVerifyBroken', { seq: v.brokenAt });
  }

  override render() {
    const filtered = !!(this.filter.userId || this.filter.type);
    return html`
      <form @submit=${(e: Event) => this.submit(e)}>
        <label
          >${t('mgrColUser')}
          <input name="userId" list="users" .value=${this.filter.userId} autocomplete="off" />
        </label>
        <datalist id="users">
          ${seenValues(this.entries, (e) => e.userId).map((v) => html`<option value=${v}></option>`)}
        </datalist>
        <label
          >${t('mgrColType')}
          <input name="type" list="types" .value=${this.filter.type} autocomplete="off" />
        </label>
        <datalist id="types">${seenValues(this.entries, (e) => e.type).map((v) => html`<option value=${v}></option>`)}</datalist>
        <button type="submit" class="primary">${t('mgrFilter')}</button>
        ${
          filtered
            ? html`<button
                type="button"
                @click=${() => this.dispatchEvent(new CustomEvent('filter', { detail: { userId: '', type: '' } }))}
              >
                ${t('mgrClearFilters')}
              </button>`
            : nothing
        }
        <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('refresh'))}>${t('mgrRefresh')}</button>
        <span class="spacer"></span>
        <span role="status" class="verdict ${this.verdict?.ok ? 'ok' : this.verdict ? 'broken' : ''}">${this.verdictText()}</span>
        <button type="button" ?disabled=${this.verifying} @click=${() => this.dispatchEvent(new CustomEvent('verify'))}>
          ${t('mgrVerify')}
        </button>
      </form>
      <p class="count">${this.loaded ? t('mgrNewestFirst', { n: this.entries.length }) : t('mgrLoading')}</p>
      <div class="scroll">
        <table aria-label=${t('mgrTabAudit')}>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">${t('mgrColAt')}</th>
              <th scope="col">${t('mgrColType')}</th>
              <th scope="col">${t('mgrColUser')}</th>
              <th scope="col">${t('mgrColTerminal')}</th>
              <th scope="col">${t('mgrColDetails')}</th>
            </tr>
          </thead>
          <tbody>
            ${this.entries.map(
              (e) =>
                html`<tr class=${this.verdict && !this.verdict.ok && this.verdict.brokenAt === e.seq ? 'broken' : ''}>
                  <td class="seq">${e.seq}</td>
                  <td class="at">${dayAndMonth(Date.parse(e.at), getLang())} ${timeOfDay(Date.parse(e.at))}</td>
                  <td class="type">${e.type}</td>
                  <td>
                    ${e.userId ?? '—'}${
                      e.approvedBy ? html`<span class="approved">${t('mgrApprovedBy', { user: e.approvedBy })}</span>` : nothing
                    }
                  </td>
                  <td>${e.terminalId ?? '—'}</td>
                  <td class="details">
                    ${auditWords(e) ?? html`${e.stream ? html`<strong>${e.stream}</strong> ` : nothing}${auditSummary(e.data)}`}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
        ${this.loaded && !this.entries.length ? html`<p class="empty">${t('mgrAuditEmpty')}</p>` : nothing}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'manager-audit': ManagerAudit;
  }
}
