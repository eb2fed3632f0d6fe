/**
 * The service worker: keeps the screens' files so that a tablet reloading without network still
 * opens its screen (the outbox and the last known data are in IndexedDB and localStorage).
 * Pages: network first, the kept copy when offline. Hashed assets: the kept copy first.
 * Never /api, /socket.io or /metrics: live data comes from the server or not at all.
 */

interface ExtendableEventLike extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface FetchEventLike extends ExtendableEventLike {
  request: Request;
  respondWith(answer: Promise<Response>): void;
}
interface WorkerScope {
  addEventListener(type: 'install' | 'activate', listener: (e: ExtendableEventLike) => void): void;
  addEventListener(type: 'fetch', listener: (e: FetchEventLike) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: Location;
}

const scope = self as unknown as WorkerScope;
const CACHE = `comanda-screens-${__BUILD_ID__}`;
const PAGES = ['/', '/pos/', '/kds/', '/expo/', '/customer/'];

async function precache(): Promise<void> {
  const cache = await caches.open(CACHE);
  for (const page of PAGES) {
    const res = await fetch(page, { cache: 'no-store' });
    if (!res.ok) continue;
    const text = await res.clone().text();
    await cache.put(page, res);
    const assets = [...text.matchAll(/(?:src|href)="(\/(?:assets\/[^"]+|favicon\.svg))"/g)].map((m) => m[1]!);
    await cache.addAll([...new Set(assets)]);
  }
}

scope.addEventListener('install', (e) => {
  e.waitUntil(precache().then(() => scope.skipWaiting()));
});

scope.addEventListener('activate', (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith('comanda-screens-') && k !== CACHE).map((k) => caches.delete(k))),
      )
      .then(() => scope.clients.claim()),
  );
});

scope.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== scope.location.origin) return;
  if (/^\/(api|socket\.io|metrics)(\/|$)/.test(url.pathname)) return;
  if (url.pathname.startsWith('/assets/')) {
    e.respondWith(caches.match(e.request).then((hit) => hit ?? fetch(e.request)));
    return;
  }
  e.respondWith(
    fetch(e.request)
      .then(async (res) => {
        if (res.ok) await (await caches.open(CACHE)).put(url.pathname, res.clone());
        return res;
      })
      .catch(async () => (await caches.match(url.pathname)) ?? Response.error()),
  );
});
