"use client";

import { StatusPage } from "@/components/status-page";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <StatusPage
      code="Error"
      title="Something went wrong"
      action={
        <button type="button" onClick={reset} className="rounded-md bg-blue-600 px-4 py-2 text-sm font-medium text-white hover:bg-blue-700">
          Try again
        </button>
      }
    >
      The page couldn&apos;t load. Try again in a moment{error.digest ? ` (reference ${error.digest})` : ""}.
    </StatusPage>
  );
}
