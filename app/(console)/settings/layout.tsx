import type { ReactNode } from "react";
import { requireMember } from "@/app/_auth/guard";
import { ConsoleNav } from "@/components/console-nav";
import { settingsSections } from "./sections";

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const member = await requireMember("settings");
  return (
    <div className="grid gap-6 md:grid-cols-[180px_1fr]">
      <aside><ConsoleNav label="Settings" vertical items={settingsSections(member.role)} /></aside>
      <div className="min-w-0">{children}</div>
    </div>
  );
}
