import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { LangController } from './controllers.js';
import { getLang, LANGS, setLang, t, type Lang } from './i18n.js';
import { base } from './styles.js';

const LABELS: Record<Lang, { short: string; name: string }> = {
  en: { short: 'EN', name: 'English' },
  'pt-BR': { short: 'PT', name: 'Português' },
};

/** Two buttons, English and Português; the pressed one is the language in use. */
@customElement('lang-switch')
export class LangSwitch extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: inline-flex;
        gap: 0.3rem;
      }
      button {
        font-weight: 700;
        padding: 0.3rem 0.6rem;
      }
      button[aria-pressed='true'] {
        background: var(--text);
        color: var(--bg);
        border-color: var(--text);
      }
    `,
  ];

  private readonly i18n = new LangController(this);

  override render() {
    return html`<span class="visually-hidden">${t('language')}</span>${LANGS.map(
        (l) =>
          html`<button
            type="button"
            lang=${l}
            aria-label=${LABELS[l].name}
            aria-pressed=${String(getLang() === l)}
            @click=${() => setLang(l)}
          >
            ${LABELS[l].short}
          </button>`,
      )}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lang-switch': LangSwitch;
  }
}
