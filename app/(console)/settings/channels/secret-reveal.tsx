"use client";

import { useTranslations } from "next-intl";
import { CopyButton } from "@/components/copy-button";

/** The one-time view of a channel secret, with a ready-to-run signed curl example. */
export function SecretReveal({ secret, curl, note }: { secret: string; curl: string; note?: string }) {
  const t = useTranslations("settings.channels.secret");
  return (
    <div className="space-y-3 rounded-md border border-amber-200 bg-amber-50 p-4 text-sm" data-testid="secret-reveal">
      <p className="font-medium text-amber-900">{t("copyNow")}</p>
      {note ? <p className="text-amber-900">{note}</p> : null}
      <div className="flex items-center gap-2">
        <code className="block min-w-0 flex-1 break-all rounded bg-white px-2 py-1 text-xs" data-testid="revealed-secret">{secret}</code>
        <CopyButton text={secret} label={t("copySecret")} what={t("secretCopied")} />
      </div>
      <div>
        <div className="mb-1 flex items-center justify-between">
          <span className="font-medium text-amber-900">{t("testMessage")}</span>
          <CopyButton text={curl} label={t("copyCurl")} what={t("curlCopied")} />
        </div>
        <pre tabIndex={0} className="max-h-64 overflow-auto rounded bg-gray-900 p-3 text-xs text-gray-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500" data-testid="curl-example">{curl}</pre>
      </div>
    </div>
  );
}
