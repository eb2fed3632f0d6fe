import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { LangController } from './controllers.js';
import { t } from './i18n.js';
import { base } from './styles.js';
import './pin-pad.js';

/**
 * A manager's approval on the same tablet: a modal dialog that says what is to be approved, with the PIN pad
 * ("0"–"9", "Approve") and Cancel. It keeps nothing: the PIN goes up in the `approve` event (`{ pin }`) and the
 * pad clears. `cancel` when the person gives up (Cancel or Escape). While `offline` the pad waits and the
 * dialog says that an approval needs the connection.
 */
@customElement('approval-dialog')
export class ApprovalDialog extends LitElement {
  static override styles = [
    base,
    css`
      dialog {
        border: 2px solid var(--border);
        border-radius: 16px;
        padding: 0;
        background: var(--surface);
        color: var(--text);
        max-width: calc(100vw - 2rem);
        max-height: calc(100dvh - 1rem);
        overflow: auto;
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.55);
      }
      .body {
        display: grid;
        grid-template-columns: minmax(0, 17rem) auto;
        align-items: center;
        gap: 0.5rem 1rem;
        padding: 0.5rem 0.5rem 0.5rem 1.5rem;
      }
      @media (max-width: 700px) {
        .body {
          grid-template-columns: 1fr;
          padding: 1rem;
        }
      }
      .what {
        display: grid;
        gap: 0.8rem;
        align-content: center;
      }
      h2 {
        margin: 0;
        font-size: 1.1rem;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        color: var(--muted);
      }
      .title {
        margin: 0;
        font-size: 1.6rem;
        font-weight: 800;
      }
      p {
        margin: 0;
        font-size: 1.1rem;
      }
      .offline {
        color: var(--warn);
        background: var(--warn-bg);
        font-weight: 700;
        padding: 0.6rem 0.8rem;
        border-radius: 10px;
      }
      .cancel {
        justify-self: start;
        min-height: 56px;
        font-size: 1.2rem;
      }
      pin-pad {
        --pin-key-height: 4.2rem;
        padding: 0.5rem;
        /* The pad's own width, so that a refusal wraps instead of widening the dialog. */
        width: 21rem;
        text-align: center;
      }
    `,
  ];

  /** Whether the dialog shows. */
  @property({ type: Boolean }) accessor open = false;
  /** What the manager approves, e.g. "Void Fraldinha acebolada". */
  @property() accessor subject = '';
  /** The last refusal, in words for the manager (a wrong PIN, a lock), or ''. */
  @property() accessor error = '';
  /** True while the approval is on its way. */
  @property({ type: Boolean }) accessor busy = false;
  /** True while the POS has no connection: an approval is sent at once or not at all. */
  @property({ type: Boolean }) accessor offline = false;

  @query('dialog') private accessor dialog!: HTMLDialogElement;

  private readonly i18n = new LangController(this);

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open')) return;
    if (this.open && !this.dialog.open) this.dialog.showModal();
    if (!this.open && this.dialog.open) this.dialog.close();
  }

  private cancel(e?: Event) {
    // Escape closes a modal dialog by itself: the screen decides, through `cancel`.
    e?.preventDefault();
    this.dispatchEvent(new CustomEvent('cancel'));
  }

  private approve(e: CustomEvent<{ pin: string }>) {
    e.stopPropagation();
    this.dispatchEvent(new CustomEvent('approve', { detail: { pin: e.detail.pin } }));
  }

  override render() {
    return html`<dialog aria-labelledby="heading" aria-describedby="what" @cancel=${(e: Event) => this.cancel(e)}>
      ${
        this.open
          ? html`<div class="body">
              <div class="what">
                <h2 id="heading">${t('approvalTitle')}</h2>
                <p class="title" id="what">${this.subject}</p>
                <p>${t('approvalAsk')}</p>
                ${this.offline ? html`<p class="offline" role="alert">${t('approvalNeedsConnection')}</p>` : nothing}
                <button type="button" class="cancel" @click=${() => this.cancel()}>${t('cancel')}</button>
              </div>
              <pin-pad
                .error=${this.error}
                .submitLabel=${t('approve')}
                ?busy=${this.busy || this.offline}
                @pin-submit=${(e: CustomEvent<{ pin: string }>) => this.approve(e)}
              ></pin-pad>
            </div>`
          : nothing
      }
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'approval-dialog': ApprovalDialog;
  }
}
