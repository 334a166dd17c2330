import type { ReactNode } from "react";
import { requireMember } from "@/app/_auth/guard";
import { ConsoleNav } from "@/components/console-nav";

export default async function ReportsLayout({ children }: { children: ReactNode }) {
  await requireMember("reports");
  return (
    <div className="space-y-4">
      <ConsoleNav label="Reports" items={[{ href: "/reports", label: "Overview", exact: true }, { href: "/reports/bot-vs-human", label: "Bot vs human" }]} />
      {children}
    </div>
  );
}
