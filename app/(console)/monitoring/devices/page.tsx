import type { Metadata } from "next";
import Link from "next/link";
import { requireMember } from "@/app/_auth/guard";
import { canAccess } from "@/lib/auth/roles";
import { getDb } from "@/db/client";
import { listDevices } from "@/lib/alerts/push-subscriptions";
import { vapidKeys } from "@/lib/alerts/vapid";
import { formatInZone } from "@/lib/time/format";
import { DeviceList } from "./device-list";
import { PushSetup } from "./push-setup";

export const metadata: Metadata = { title: "Push notifications" };

export default async function DevicesPage() {
  const member = await requireMember("registerPushDevices");
  const supervises = canAccess(member.role, "monitoring");
  const devices = await listDevices(await getDb(), member.userId);
  const when = (d: Date | null) => (d ? formatInZone(d, member.timezone, member.locale) : null);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      {supervises ? <nav className="text-sm"><Link href="/monitoring" className="text-blue-700 hover:underline">← Monitoring</Link></nav> : null}
      <div>
        <h1 className="text-2xl font-semibold">Push notifications</h1>
        <p className="text-sm text-gray-500">
          {supervises
            ? "Get an alert on this device the moment the AI agent fails a live conversation. Clicking it opens the conversation."
            : "Get a notification on this device when an AI draft you own has waited 30 minutes for your decision. Clicking it opens the draft."}
        </p>
      </div>
      <PushSetup publicKey={vapidKeys().publicKey} />
      <DeviceList devices={devices.map((d) => ({ id: d.id, label: d.label, host: new URL(d.endpoint).host, createdAt: when(d.createdAt)!, lastSuccessAt: when(d.lastSuccessAt) }))} />
    </div>
  );
}
