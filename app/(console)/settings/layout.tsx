import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { requireMember } from "@/app/_auth/guard";
import { ConsoleNav } from "@/components/console-nav";
import { settingsSections } from "./sections";

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const member = await requireMember("settings");
  const t = await getTranslations("settings.nav");
  const items = settingsSections(member.role).map((s) => ({ href: s.href, label: t(`sections.${s.key}`) }));
  return (
    <div className="grid gap-6 md:grid-cols-[180px_1fr]">
      {/* min-w-0: on a phone the sections scroll sideways inside their own row instead of widening the page */}
      <aside className="min-w-0"><ConsoleNav label={t("label")} vertical items={items} /></aside>
      <div className="min-w-0">{children}</div>
    </div>
  );
}
