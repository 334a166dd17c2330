"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useSyncExternalStore } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";

/** The VAPID public key (base64url) as the bytes `PushManager.subscribe` wants. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = (base64url + "=".repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  const raw = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

type Support = "checking" | "unsupported" | "ready";

const noSubscription = () => () => {};
const supportNow = (): Support => ("serviceWorker" in navigator && "PushManager" in window && "Notification" in window ? "ready" : "unsupported");
const permissionNow = (): NotificationPermission => ("Notification" in window ? Notification.permission : "default");

/**
 * Enables push on this browser: registers the service worker (`/sw.js`, on load, so it is ready for pushes), asks for
 * the notifications permission, subscribes with the app's VAPID public key and stores the subscription.
 */
export function PushSetup({ publicKey }: { publicKey: string }) {
  const t = useTranslations("monitoring");
  const router = useRouter();
  // read from the browser after hydration (the server renders "checking")
  const support = useSyncExternalStore(noSubscription, supportNow, (): Support => "checking");
  const initialPermission = useSyncExternalStore(noSubscription, permissionNow, (): NotificationPermission => "default");
  const [asked, setAsked] = useState<NotificationPermission | null>(null);
  const permission = asked ?? initialPermission;
  const [worker, setWorker] = useState<"registering" | "active" | "failed">("registering");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (supportNow() !== "ready") return;
    navigator.serviceWorker
      .register("/sw.js")
      .then(() => navigator.serviceWorker.ready)
      .then(() => setWorker("active"))
      .catch(() => setWorker("failed"));
  }, []);

  async function enable() {
    setBusy(true);
    setError(undefined);
    try {
      const granted = await Notification.requestPermission();
      setAsked(granted);
      if (granted !== "granted") {
        setError(t("pushSetup.blocked"));
        return;
      }
      const registration = await navigator.serviceWorker.ready;
      const subscription =
        (await registration.pushManager.getSubscription()) ??
        (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }));
      const res = await fetch("/api/push/subscriptions", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(subscription.toJSON()) });
      if (!res.ok) throw new Error(t("pushSetup.serverAnswered", { status: res.status }));
      toast.success(t("pushSetup.enabled"));
      router.refresh();
    } catch (e) {
      setError(t("pushSetup.enableFailed", { reason: e instanceof Error ? e.message : t("pushSetup.unknownError") }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="rounded-lg border border-gray-200 bg-white p-5" aria-labelledby="this-device">
      <h2 id="this-device" className="font-semibold">{t("pushSetup.title")}</h2>
      {support === "unsupported" ? <p className="mt-2 text-sm text-gray-600">{t("pushSetup.unsupported")}</p> : (
        <>
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-gray-500">{t("pushSetup.serviceWorker")}</dt>
            <dd data-testid="sw-state">{worker === "active" ? t("pushSetup.workerActive") : worker === "failed" ? t("pushSetup.workerFailed") : t("pushSetup.workerRegistering")}</dd>
            <dt className="text-gray-500">{t("pushSetup.permission")}</dt>
            <dd data-testid="permission-state">{permission === "granted" ? t("pushSetup.permissionGranted") : permission === "denied" ? t("pushSetup.permissionDenied") : t("pushSetup.permissionDefault")}</dd>
          </dl>
          <button type="button" onClick={enable} disabled={busy || support !== "ready"} aria-busy={busy}
            className="mt-3 rounded-md bg-blue-600 px-3 py-2 text-sm font-semibold text-white hover:bg-blue-700 disabled:opacity-70">
            {busy ? t("pushSetup.enablePending") : t("pushSetup.enable")}
          </button>
          {error ? <p role="alert" className="mt-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{error}</p> : null}
        </>
      )}
    </section>
  );
}
