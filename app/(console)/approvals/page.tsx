import type { Metadata } from "next";
import { requireMember } from "@/app/_auth/guard";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  await requireMember("approvals");
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Approvals</h1>
      <div className="rounded-lg border border-dashed border-gray-300 bg-white p-10 text-center">
        <p className="font-medium text-gray-900">No AI drafts are waiting for approval</p>
        <p className="mt-1 text-sm text-gray-500">
          Drafts appear here when your organization links a Chatwoot account and the AI agent drafts replies for its conversations.
        </p>
      </div>
    </div>
  );
}
