// The service worker: keeps the app shell (page, script, styles, icons) so the dashboard opens
// offline or on a slow phone connection. API calls and the WebSocket always go to the network;
// the shell is network-first for the page (a deploy shows at once) and cache-first for the
// versioned assets. Build __BUILD_VERSION__.
const CACHE = 'strategist-shell-__BUILD_VERSION__';
const SHELL = ['/', '/static/app/app.js?v=__JS_VERSION__', '/static/app/app.css?v=__CSS_VERSION__',
  '/static/app/manifest.webmanifest', '/static/app/icon.svg', '/static/app/icon-192.png'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname === '/') {
    event.respondWith(fetch(event.request).then((r) => {
      const copy = r.clone();
      caches.open(CACHE).then((c) => c.put('/', copy));
      return r;
    }).catch(() => caches.match('/')));
  } else if (url.pathname.startsWith('/static/app/')) {
    event.respondWith(caches.match(event.request).then((hit) => hit || fetch(event.request)));
  }
});
