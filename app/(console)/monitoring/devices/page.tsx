import type { Metadata } from "next";
import Link from "next/link";
import { requireMember } from "@/app/_auth/guard";
import { canAccess } from "@/lib/auth/roles";
import { getDb } from "@/db/client";
import { listDevices } from "@/lib/alerts/push-subscriptions";
import { vapidKeys } from "@/lib/alerts/vapid";
import { formatInZone } from "@/lib/time/format";
import { getTranslations } from "next-intl/server";
import { DeviceList } from "./device-list";
import { PushSetup } from "./push-setup";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("monitoring");
  return { title: t("devices.metaTitle") };
}

export default async function DevicesPage() {
  const member = await requireMember("registerPushDevices");
  const t = await getTranslations("monitoring");
  const supervises = canAccess(member.role, "monitoring");
  const devices = await listDevices(await getDb(), member.userId);
  const when = (d: Date | null) => (d ? formatInZone(d, member.timezone, member.locale) : null);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      {supervises ? <nav className="text-sm"><Link href="/monitoring" className="text-blue-700 hover:underline">{t("devices.back")}</Link></nav> : null}
      <div>
        <h1 className="text-2xl font-semibold">{t("devices.title")}</h1>
        <p className="text-sm text-gray-500">
          {supervises
            ? t("devices.introSupervisor")
            : t("devices.introAgent")}
        </p>
      </div>
      <PushSetup publicKey={vapidKeys().publicKey} />
      <DeviceList devices={devices.map((d) => ({ id: d.id, label: d.label, host: new URL(d.endpoint).host, createdAt: when(d.createdAt)!, lastSuccessAt: when(d.lastSuccessAt) }))} />
    </div>
  );
}
