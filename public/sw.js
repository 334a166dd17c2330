/* Tandem service worker: shows supervisor alerts pushed by the server (003_… delivery) and opens the conversation
 * when the notification is clicked. The payload is the JSON of lib/alerts/deliver-push.ts: {title, body, tag, url}.
 * The tag is the alert's dedup key, so a repeat replaces the notification instead of stacking another. */
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { title: "Tandem", body: event.data ? event.data.text() : "" };
  }
  const title = data.title || "Tandem alert";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: data.body || "",
      tag: data.tag || undefined,
      renotify: Boolean(data.tag),
      data: { url: data.url || "/monitoring", alertId: data.alertId || null },
      requireInteraction: false,
    }),
  );
});

/** Focuses an open console tab on the alert's URL, or opens one. The URL records the intervention, then redirects. */
async function openAlert(url) {
  const target = new URL(url, self.location.origin).href;
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  for (const client of windows) {
    if (new URL(client.url).origin === self.location.origin && "navigate" in client) {
      await client.focus();
      return client.navigate(target);
    }
  }
  return self.clients.openWindow(target);
}

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(openAlert((event.notification.data && event.notification.data.url) || "/monitoring"));
});
