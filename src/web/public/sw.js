// The field view's service worker (issue 8, item 5), hand-written: /field must open and work with no network.
// - Pages (navigations): network first; offline, the cached app shell (index.html is the same for every route).
// - Built assets (/assets/*, hashed names): cache first, stored on first use.
// - What the field view reads (today's route with dossiers, the signed-in user, a stop's evidence list): network
//   first, the last answer when offline. Mutations are never cached: the page's IndexedDB outbox replays them.
// The app deletes this cache on sign-out (it holds the day's dossiers).
const CACHE = 'concord-field-v1';
const SHELL = '/field';
const API = [/^\/api\/field\/today$/, /^\/api\/auth\/me$/, /^\/api\/field\/stops\/[^/]+\/evidence$/];

self.addEventListener('install', (event) => {
  self.skipWaiting();
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll([SHELL, '/manifest.webmanifest', '/icon.svg'])).catch(() => undefined));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('concord-field-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function networkFirst(request, fallbackKey) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(request);
    if (res.ok) await cache.put(fallbackKey ?? request, res.clone());
    return res;
  } catch (e) {
    const hit = (await cache.match(fallbackKey ?? request)) ?? (fallbackKey ? undefined : await cache.match(request, { ignoreSearch: true }));
    if (hit) return hit;
    throw e;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) await cache.put(request, res.clone());
  return res;
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.mode === 'navigate') event.respondWith(networkFirst(req, SHELL));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(cacheFirst(req));
  else if (API.some((r) => r.test(url.pathname))) event.respondWith(networkFirst(req));
});
