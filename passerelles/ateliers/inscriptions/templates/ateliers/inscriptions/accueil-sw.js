{% load static %}{% autoescape off %}/* The check-in page's service worker, served beside the page so that its scope is that page
 * alone. It keeps the page and the files it loads, to open it again without a network; the
 * list of people and the queued actions are the page's own (IndexedDB). */
"use strict";

const PAGE = "{{ page|escapejs }}";
const STATIQUES = "{% get_static_prefix %}";
const CACHE = "passerelles-accueil:" + PAGE;

self.addEventListener("install", function (event) {
  event.waitUntil(garderPage().then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

async function garderPage() {
  const cache = await caches.open(CACHE);
  const response = await fetch(PAGE, { credentials: "same-origin" });
  if (!response.ok || response.redirected) return;
  const html = await response.clone().text();
  const fichiers = [...html.matchAll(/(?:href|src)="([^"]+)"/g)]
    .map(function (match) { return match[1].replace(/&amp;/g, "&"); })
    .filter(function (url) { return url.startsWith(STATIQUES); });
  await cache.put(PAGE, response);
  await cache.addAll([...new Set(fichiers)]);
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname === PAGE) event.respondWith(reseauPuisCache(request));
  else if (url.pathname.startsWith(STATIQUES)) event.respondWith(cachePuisReseau(request));
});

/* The page: as the server has it now, else as last kept. */
async function reseauPuisCache(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) await cache.put(PAGE, response.clone());
    return response;
  } catch (error) {
    return (await cache.match(PAGE)) || Response.error();
  }
}

/* Its files: from the cache at once, renewed in the background when the network answers. */
async function cachePuisReseau(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  const renewed = fetch(request).then(function (response) {
    if (response.ok) cache.put(request, response.clone());
    return response;
  });
  if (kept) {
    renewed.catch(function () {});
    return kept;
  }
  return renewed;
}
{% endautoescape %}
