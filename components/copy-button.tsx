"use client";

import { useState } from "react";
import { toast } from "sonner";

/** Copies `text` to the clipboard and confirms with a toast. */
export function CopyButton({ text, label = "Copy", what = "Copied" }: { text: string; label?: string; what?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button type="button"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setCopied(true);
          toast.success(`${what} to the clipboard`);
          setTimeout(() => setCopied(false), 2000);
        } catch {
          toast.error("Couldn't copy. Select the text and copy it instead.");
        }
      }}
      className="rounded-md border border-gray-300 bg-white px-2.5 py-1 text-xs font-medium text-gray-700 hover:bg-gray-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500">
      {copied ? "Copied" : label}
    </button>
  );
}
