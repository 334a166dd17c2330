"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** `exact`: active only on this very path (an overview whose sub-pages have their own items). */
export type NavItem = { href: string; label: string; exact?: boolean };

/** A navigation list that marks the current section with aria-current (main nav, or vertical settings nav). */
export function ConsoleNav({ items, label = "Main", vertical = false }: { items: NavItem[]; label?: string; vertical?: boolean }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className={`flex gap-1 overflow-x-auto ${vertical ? "md:flex-col" : ""}`}>
      {items.map((item) => {
        const active = pathname === item.href || (!item.exact && pathname.startsWith(`${item.href}/`));
        return (
          <Link key={item.href} href={item.href} aria-current={active ? "page" : undefined}
            className={`whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 ${active ? "bg-blue-50 text-blue-700" : "text-gray-600 hover:bg-gray-100 hover:text-gray-900"}`}>
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
