"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";

/**
 * Copies `text` to the clipboard and confirms with a toast ("<what> to the clipboard").
 * @param props.label the button's text (default "Copy"); props.what the toast's subject (default "Copied")
 */
export function CopyButton({ text, label, what }: { text: string; label?: string; what?: string }) {
  const t = useTranslations("common.copy");
  const [copied, setCopied] = useState(false);
  return (
    <button type="button"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setCopied(true);
          toast.success(t("copiedTo", { what: what ?? t("copied") }));
          setTimeout(() => setCopied(false), 2000);
        } catch {
          toast.error(t("failed"));
        }
      }}
      className="rounded-md border border-gray-300 bg-white px-2.5 py-1 text-xs font-medium text-gray-700 hover:bg-gray-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500">
      {copied ? t("copied") : (label ?? t("copy"))}
    </button>
  );
}
