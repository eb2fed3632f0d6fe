import { css } from 'lit';

/**
 * What the manager's panels share: a panel with its heading, and status chips that say their state in a word
 * and a shape as well as a colour.
 */
export const panel = css`
  h2 {
    margin: 0 0 0.5rem;
    font-size: 1rem;
    text-transform: uppercase;
    letter-spacing: 0.06em;
    color: var(--muted);
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 0.3rem;
    padding: 0.1rem 0.55rem;
    border-radius: 999px;
    border: 2px solid currentColor;
    font-weight: 800;
    font-size: 0.95rem;
    white-space: nowrap;
  }
  .chip.ok {
    color: var(--ok);
    background: var(--ok-bg);
  }
  .chip.warn {
    color: var(--warn);
    background: var(--warn-bg);
  }
  .chip.danger {
    color: var(--danger-text);
    background: var(--danger-bg);
  }
  .chip.info {
    color: var(--info);
    background: var(--info-bg);
  }
  .chip.muted {
    color: var(--muted);
    background: var(--surface-2);
  }
  .num {
    font-variant-numeric: tabular-nums;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th {
    text-align: left;
    font-size: 0.85rem;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--muted);
    padding: 0.3rem 0.5rem;
    border-bottom: 2px solid var(--border);
  }
  td {
    padding: 0.35rem 0.5rem;
    border-bottom: 1px solid #d5dbe2;
  }
`;

/** A drawer's or a station's card: the host fills its cell, the card its height. */
export const card = css`
  :host {
    display: block;
  }
  article {
    background: var(--surface);
    border: 3px solid var(--border);
    border-radius: 12px;
    padding: 0.6rem 0.8rem;
    height: 100%;
  }
`;
