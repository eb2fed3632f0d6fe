import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LangController } from '../lib/controllers.js';
import { timeOfDay } from '../lib/format.js';
import { t, type MessageKey } from '../lib/i18n.js';
import { base } from '../lib/styles.js';
import type { DeviceView, PrinterStatus } from '../lib/contract.js';
import { servesText } from './device-words.js';
import { panel } from './manager-styles.js';

const LOOK: Record<PrinterStatus, { chip: string; mark: string }> = {
  ONLINE: { chip: 'ok', mark: '●' },
  PAPER_NEAR_END: { chip: 'warn', mark: '◐' },
  PAPER_OUT: { chip: 'danger', mark: '▲' },
  COVER_OPEN: { chip: 'danger', mark: '▲' },
  ERROR: { chip: 'danger', mark: '▲' },
  OFFLINE: { chip: 'danger', mark: '○' },
};

/** Every serial device as a row: what it is, what it serves (and its backup), its status as it last answered. */
@customElement('manager-devices')
export class ManagerDevices extends LitElement {
  static override styles = [
    base,
    panel,
    css`
      :host {
        display: block;
      }
      td.id {
        font-weight: 800;
        white-space: nowrap;
      }
      .model,
      .backup {
        display: block;
        color: var(--muted);
        font-size: 0.9rem;
        font-weight: normal;
      }
      .empty {
        color: var(--muted);
      }
    `,
  ];

  /** The devices, in any order; a removed one is left out. */
  @property({ attribute: false }) accessor devices: DeviceView[] = [];

  private readonly i18n = new LangController(this);

  /** The cash drawer its printer kicks: open, or left open too long, an alert until it is shut. */
  private drawer(device: DeviceView) {
    const drawer = device.drawer;
    if (!drawer?.open) return '';
    if (!drawer.leftOpen) return html`<span class="chip warn">${t('mgrDrawerOpen')}</span>`;
    return html`<span class="chip danger" role="alert"
      ><span aria-hidden="true">▲</span
      ><span>${t('mgrDrawerLeftOpen', { time: timeOfDay(Date.parse(drawer.since)) })}</span></span
    >`;
  }

  override render() {
    const rows = this.devices.filter((d) => !d.removed).sort((a, b) => a.id.localeCompare(b.id));
    if (rows.length === 0) {
      return html`<h2 id="heading">${t('mgrDevices')}</h2>
        <p class="empty">${t('mgrNoDevices')}</p>`;
    }
    return html`<h2 id="heading">${t('mgrDevices')}</h2>
      <table aria-labelledby="heading">
        <thead>
          <tr>
            <th scope="col">${t('mgrColDevice')}</th>
            <th scope="col">${t('mgrColServes')}</th>
            <th scope="col">${t('mgrColStatus')}</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (device) =>
              html`<tr aria-label=${device.id}>
                <td class="id">${device.id}<span class="model">${device.model}</span></td>
                <td>
                  ${servesText(device)}
                  ${device.backupId ? html`<span class="backup">${t('mgrBackup', { device: device.backupId })}</span>` : ''}
                </td>
                <td>
                  <span class="chip ${LOOK[device.status].chip}"
                    ><span aria-hidden="true">${LOOK[device.status].mark}</span
                    ><span>${t(`mgrDevice_${device.status}` as MessageKey)}</span></span
                  >
                  ${this.drawer(device)}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'manager-devices': ManagerDevices;
  }
}
