"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** `exact`: active only on this very path (an overview whose sub-pages have their own items). */
/** `badge`: a count shown beside the label (e.g. unread alerts), announced with `badgeLabel`. */
export type NavItem = { href: string; label: string; exact?: boolean; badge?: number; badgeLabel?: string; icon?: "bell" };

function Bell() {
  return (
    <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="mr-1 inline h-4 w-4 -translate-y-px">
      <path d="M10 2a6 6 0 0 0-6 6v3.6l-1.3 2.6A1 1 0 0 0 3.6 16h12.8a1 1 0 0 0 .9-1.8L16 11.6V8a6 6 0 0 0-6-6Zm0 18a3 3 0 0 1-2.8-2h5.6a3 3 0 0 1-2.8 2Z" />
    </svg>
  );
}

/**
 * A navigation list that marks the current section with aria-current.
 * @param props.vertical a column from `md` up (the settings side navigation); a scrolling row below
 * @param props.stacked always a column (the phone menu)
 */
export function ConsoleNav({ items, label, vertical = false, stacked = false }: { items: NavItem[]; label: string; vertical?: boolean; stacked?: boolean }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className={`flex gap-1 ${stacked ? "flex-col" : "overflow-x-auto"} ${vertical ? "md:flex-col" : ""}`}>
      {items.map((item) => {
        const active = pathname === item.href || (!item.exact && pathname.startsWith(`${item.href}/`));
        return (
          <Link key={item.href} href={item.href} aria-current={active ? "page" : undefined}
            className={`whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 ${active ? "bg-blue-50 text-blue-700" : "text-gray-600 hover:bg-gray-100 hover:text-gray-900"}`}>
            {item.icon === "bell" ? <Bell /> : null}
            {item.label}
            {item.badge ? (
              <span className="ml-1.5 inline-flex min-w-5 justify-center rounded-full bg-red-600 px-1.5 text-xs font-semibold text-white" aria-label={item.badgeLabel ?? String(item.badge)}>
                {item.badge > 99 ? "99+" : item.badge}
              </span>
            ) : null}
          </Link>
        );
      })}
    </nav>
  );
}
