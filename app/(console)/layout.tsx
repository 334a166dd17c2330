import Link from "next/link";
import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { requireMember } from "@/app/_auth/guard";
import { AvailabilityToggle } from "@/components/availability-toggle";
import { ConsoleNav, type NavItem } from "@/components/console-nav";
import { PhoneMenu } from "@/components/phone-menu";
import { getDb } from "@/db/client";
import { unreadAlertCount } from "@/lib/alerts/monitoring";
import { canAccess } from "@/lib/auth/roles";
import { logout } from "./actions";
import { setMyAvailability } from "./availability-actions";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const member = await requireMember();
  const t = await getTranslations("common");
  const monitoring = canAccess(member.role, "monitoring");
  const unread = monitoring ? await unreadAlertCount(await getDb(), { orgId: member.orgId }) : 0;
  const items: NavItem[] = [
    { href: "/conversations", label: t("nav.conversations") },
    ...(monitoring ? [{ href: "/monitoring", label: t("nav.monitoring"), icon: "bell" as const, badge: unread, badgeLabel: t("nav.unreadAlerts", { count: unread }) }] : []),
    ...(canAccess(member.role, "reports") ? [{ href: "/reports", label: t("nav.reports") }] : []),
    { href: "/approvals", label: t("nav.approvals") },
    // agents own approvals and get their reminder by push: their devices page (supervisors reach it from Monitoring)
    ...(!monitoring && canAccess(member.role, "registerPushDevices") ? [{ href: "/monitoring/devices", label: t("nav.notifications") }] : []),
    ...(canAccess(member.role, "settings") ? [{ href: "/settings", label: t("nav.settings") }] : []),
  ];
  const account = (stacked: boolean) => (
    <div className={stacked ? "mt-3 flex flex-col gap-3 border-t border-gray-100 pt-3 text-sm" : "ml-auto flex items-center gap-3 text-sm"}>
      {canAccess(member.role, "setOwnAvailability") ? <div><AvailabilityToggle availability={member.availability} action={setMyAvailability} /></div> : null}
      <Link href="/profile" className="rounded-md px-2 py-1 leading-tight hover:bg-gray-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 md:text-right" title={t("nav.profileTitle")}>
        <span className="block font-medium text-gray-900">{member.name}</span>
        <span className="block text-xs text-gray-500">{member.orgName} · {t(`roles.${member.role}`)}</span>
      </Link>
      <form action={logout}>
        <button type="submit" className="rounded-md border border-gray-300 px-3 py-1.5 text-gray-700 hover:bg-gray-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500">
          {t("nav.signOut")}
        </button>
      </form>
    </div>
  );
  return (
    <div className="min-h-screen">
      {/* the first stop for keyboard users: straight past the navigation to the page (issue 19 item 5) */}
      <a href="#main" className="sr-only rounded-md bg-blue-700 text-sm font-medium text-white focus:not-sr-only focus:px-3 focus:py-2 focus:absolute focus:left-4 focus:top-3 focus:z-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-300">
        {t("skipToMain")}
      </a>
      <header className="relative border-b border-gray-200 bg-white">
        <div className="mx-auto flex max-w-7xl items-center gap-4 px-4 py-3 md:gap-6 md:px-6">
          <span className="text-lg font-semibold tracking-tight text-blue-700">Tandem</span>
          {/* phones: one menu button; tablets and up: everything inline */}
          <PhoneMenu label={t("nav.menu")} closeLabel={t("nav.closeMenu")}>
            <ConsoleNav items={items} label={t("nav.label")} stacked />
            {account(true)}
          </PhoneMenu>
          <div className="hidden min-w-0 flex-1 items-center gap-6 md:flex">
            <ConsoleNav items={items} label={t("nav.label")} />
            {account(false)}
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-6 focus:outline-none md:px-6">{children}</main>
    </div>
  );
}
