import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { requireMember } from "@/app/_auth/guard";
import { ConsoleNav } from "@/components/console-nav";
import { settingsSections } from "./sections";

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const member = await requireMember("settings");
  const t = await getTranslations("settings.nav");
  // each section's label in the reader's language, keyed by the last part of its path (/settings/audit → `audit`)
  const items = settingsSections(member.role).map((s) => {
    const key = `sections.${s.href.split("/").pop()}`;
    return { ...s, label: t.has(key as never) ? t(key as never) : s.label };
  });
  return (
    <div className="grid gap-6 md:grid-cols-[180px_1fr]">
      {/* min-w-0: on a phone the sections scroll sideways inside their own row instead of widening the page */}
      <aside className="min-w-0"><ConsoleNav label={t("label")} vertical items={items} /></aside>
      <div className="min-w-0">{children}</div>
    </div>
  );
}
