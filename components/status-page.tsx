import Link from "next/link";
import type { ReactNode } from "react";
import { useTranslations } from "next-intl";

/** Full-page message for 403/404/errors: a title, one plain sentence and a way back. */
export function StatusPage({ code, title, children, action }: { code: string; title: string; children: ReactNode; action?: ReactNode }) {
  const t = useTranslations("common.statusPage");
  return (
    <main className="mx-auto flex min-h-[70vh] max-w-lg flex-col items-center justify-center gap-4 p-8 text-center">
      <p className="text-sm font-semibold text-blue-600">{code}</p>
      <h1 className="text-2xl font-semibold text-gray-900">{title}</h1>
      <div className="text-gray-600">{children}</div>
      {action ?? (
        <Link href="/conversations" className="rounded-md bg-blue-600 px-4 py-2 text-sm font-medium text-white hover:bg-blue-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-2">
          {t("goToConversations")}
        </Link>
      )}
    </main>
  );
}
