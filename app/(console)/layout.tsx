import Link from "next/link";
import type { ReactNode } from "react";
import { requireMember } from "@/app/_auth/guard";
import { AvailabilityToggle } from "@/components/availability-toggle";
import { ConsoleNav, type NavItem } from "@/components/console-nav";
import { getDb } from "@/db/client";
import { unreadAlertCount } from "@/lib/alerts/monitoring";
import { canAccess } from "@/lib/auth/roles";
import { logout } from "./actions";
import { setMyAvailability } from "./availability-actions";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const member = await requireMember();
  const monitoring = canAccess(member.role, "monitoring");
  const unread = monitoring ? await unreadAlertCount(await getDb(), { orgId: member.orgId }) : 0;
  const items: NavItem[] = [
    { href: "/conversations", label: "Conversations" },
    ...(monitoring ? [{ href: "/monitoring", label: "Monitoring", icon: "bell" as const, badge: unread, badgeLabel: `${unread} alerts not yet acted on` }] : []),
    ...(canAccess(member.role, "reports") ? [{ href: "/reports", label: "Reports" }] : []),
    { href: "/approvals", label: "Approvals" },
    // agents own approvals and get their 30-minute reminder by push: their devices page (supervisors reach it from Monitoring)
    ...(!monitoring && canAccess(member.role, "registerPushDevices") ? [{ href: "/monitoring/devices", label: "Notifications" }] : []),
    ...(canAccess(member.role, "settings") ? [{ href: "/settings", label: "Settings" }] : []),
  ];
  return (
    <div className="min-h-screen">
      {/* the first stop for keyboard users: straight past the navigation to the page (issue 19 item 5) */}
      <a href="#main" className="sr-only rounded-md bg-blue-700 text-sm font-medium text-white focus:not-sr-only focus:px-3 focus:py-2 focus:absolute focus:left-4 focus:top-3 focus:z-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-300">
        Skip to main content
      </a>
      <header className="border-b border-gray-200 bg-white">
        <div className="mx-auto flex max-w-7xl items-center gap-6 px-6 py-3">
          <span className="text-lg font-semibold tracking-tight text-blue-700">Tandem</span>
          <ConsoleNav items={items} />
          <div className="ml-auto flex items-center gap-3 text-sm">
            {canAccess(member.role, "setOwnAvailability") ? <AvailabilityToggle availability={member.availability} action={setMyAvailability} /> : null}
            <Link href="/profile" className="rounded-md px-2 py-1 text-right leading-tight hover:bg-gray-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500" title="Your profile, password and organizations">
              <span className="block font-medium text-gray-900">{member.name}</span>
              <span className="block text-xs text-gray-500">{member.orgName} · {member.role}</span>
            </Link>
            <form action={logout}>
              <button type="submit" className="rounded-md border border-gray-300 px-3 py-1.5 text-gray-700 hover:bg-gray-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500">
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-6 py-6 focus:outline-none">{children}</main>
    </div>
  );
}
