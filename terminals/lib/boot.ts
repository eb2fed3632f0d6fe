/** What every screen does when its page opens. */

/** The service worker keeps the screens' files so a reload without network still opens the screen. */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !isSecureContext) return;
  addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch((error: unknown) => console.warn('service worker', error));
  });
}

let marked = false;

/** The first paint that shows what the person came for (a PIN pad, tickets, a table map): measured by the tests. */
export function markUsefulPaint(): void {
  if (marked) return;
  marked = true;
  requestAnimationFrame(() => setTimeout(() => performance.mark('comanda:useful-paint'), 0));
}
