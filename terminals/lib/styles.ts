import { css } from 'lit';

/**
 * What every element shares: the page's theme tokens (set on :root by each page), 44 px touch
 * targets and a focus ring that shows on every background.
 */
export const base = css`
  :host {
    box-sizing: border-box;
    color: var(--text);
    font-family: var(--font);
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  button,
  input,
  select {
    font: inherit;
    color: inherit;
  }
  button {
    min-height: 44px;
    min-width: 44px;
    border: 2px solid var(--border);
    border-radius: 10px;
    background: var(--surface-2);
    padding: 0.4rem 0.9rem;
    cursor: pointer;
    touch-action: manipulation;
    -webkit-tap-highlight-color: transparent;
  }
  button:active {
    transform: translateY(1px);
  }
  button[disabled],
  button.primary[disabled],
  button.danger[disabled] {
    cursor: not-allowed;
    background: var(--surface-2);
    border-color: var(--border);
    color: var(--muted);
  }
  button.primary:not([disabled]) {
    background: var(--primary);
    border-color: var(--primary);
    color: var(--on-primary);
    font-weight: 700;
  }
  button.danger:not([disabled]) {
    background: var(--danger);
    border-color: var(--danger);
    color: #fff;
    font-weight: 700;
  }
  input {
    min-height: 44px;
    border: 2px solid var(--border);
    border-radius: 10px;
    background: var(--surface);
    padding: 0.4rem 0.7rem;
  }
  :focus-visible {
    outline: 4px solid var(--focus);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;

/**
 * The frame of the kitchen screens (KDS, expo): a bar on top with the title and the clock, then
 * cards in as many columns as the screen holds, each at least `--card-width` wide.
 */
export const kitchenScreen = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 100vh;
  }
  .top {
    display: flex;
    align-items: center;
    gap: 1rem;
    padding: 0.5rem 1rem;
    background: var(--surface);
    border-bottom: 2px solid var(--border);
  }
  h1 {
    margin: 0;
    font-size: 1.8rem;
  }
  .clock {
    font-size: 1.6rem;
    font-weight: 700;
  }
  main {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(var(--card-width), 1fr));
    gap: 0.9rem;
    padding: 0.9rem;
    align-items: start;
  }
  .empty {
    grid-column: 1 / -1;
    text-align: center;
    font-size: 2rem;
    color: var(--muted);
    margin-top: 4rem;
  }
`;

/** A card on a kitchen screen (a ticket on the KDS, an order on the pass). */
export const kitchenCard = css`
  :host {
    display: flex;
    flex-direction: column;
    background: var(--surface);
    border: 3px solid var(--border);
    border-radius: 12px;
    overflow: hidden;
  }
`;
