import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LangController } from '../lib/controllers.js';
import { clock, timeOfDay } from '../lib/format.js';
import { t, type MessageKey } from '../lib/i18n.js';
import { base } from '../lib/styles.js';
import type { Terminal, TerminalState } from '../lib/contract.js';
import { byKindThenId } from './manager-model.js';
import { panel } from './manager-styles.js';

const LOOK: Record<TerminalState, { chip: string; mark: string }> = {
  IN_USE: { chip: 'ok', mark: '●' },
  LOCKED: { chip: 'info', mark: '◐' },
  OFFLINE: { chip: 'danger', mark: '○' },
};

/**
 * Every terminal as a row named by its id, its kind under it (a column of its own would not fit beside the
 * drawer): offline, locked or in use, who uses it, its drawer, when it was last seen.
 */
@customElement('manager-terminals')
export class ManagerTerminals extends LitElement {
  static override styles = [
    base,
    panel,
    css`
      :host {
        display: block;
      }
      tr.offline td {
        color: var(--muted);
      }
      tr.offline td.id {
        color: var(--text);
      }
      td.id {
        font-weight: 800;
        font-size: 1.1rem;
      }
      td.id,
      td.num {
        white-space: nowrap;
      }
      th,
      td {
        padding: 0.3rem 0.4rem;
      }
      .chip {
        font-size: 0.9rem;
        padding: 0.05rem 0.45rem;
      }
      .ago,
      .kind {
        display: block;
        color: var(--muted);
        font-size: 0.9rem;
      }
      .kind {
        font-weight: normal;
      }
    `,
  ];

  /** The terminals, in any order. */
  @property({ attribute: false }) accessor terminals: Terminal[] = [];
  /** Now, on the server's clock (ms). */
  @property({ type: Number }) accessor now = 0;

  private readonly i18n = new LangController(this);

  override render() {
    const rows = [...this.terminals].sort(byKindThenId);
    return html`<h2 id="heading">${t('mgrTerminals')}</h2>
      <table aria-labelledby="heading">
        <thead>
          <tr>
            <th scope="col">${t('mgrColTerminal')}</th>
            <th scope="col">${t('mgrColStatus')}</th>
            <th scope="col">${t('mgrColUser')}</th>
            <th scope="col">${t('mgrColDrawer')}</th>
            <th scope="col">${t('mgrColLastSeen')}</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map((term) => {
            const status = term.state;
            const seen = term.lastSeenAt ? Date.parse(term.lastSeenAt) : null;
            return html`<tr aria-label=${term.id} class=${status === 'OFFLINE' ? 'offline' : ''}>
              <td class="id">${term.id}<span class="kind">${t(`mgrKind_${term.kind}` as MessageKey)}</span></td>
              <td>
                <span class="chip ${LOOK[status].chip}"
                  ><span aria-hidden="true">${LOOK[status].mark}</span
                  ><span>${t(`mgrTerminal_${status}` as MessageKey)}</span></span
                >
              </td>
              <td>${term.userId ?? '—'}</td>
              <td class="num">${term.drawerId ?? '—'}</td>
              <td class="num">
                ${
                  seen === null
                    ? '—'
                    : html`${timeOfDay(seen)}
                      ${
                        status === 'OFFLINE'
                          ? html`<span class="ago">${t('mgrAgo', { time: clock(Math.max(0, (this.now - seen) / 1000)) })}</span>`
                          : nothing
                      }`
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
    'manager-terminals': ManagerTerminals;
  }
}
