import type { Metadata } from "next";
import { requireMember } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { AGENTS_UPGRADE_MESSAGE, agentsAvailable } from "@/lib/agent/agent-access";
import { listAgents } from "@/lib/agent/list-agents";
import { modelClientFromEnv } from "@/lib/agent/model-client";
import { canAccess } from "@/lib/auth/roles";
import { getOrganization } from "@/lib/org/get-organization";
import { AgentsTable } from "./agents-table";
import { DraftForm } from "./draft-form";

export const metadata: Metadata = { title: "AI agents" };

export default async function AgentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMember("settings");
  const db = await getDb();
  const [org, agents, params] = await Promise.all([getOrganization(db, { orgId: member.orgId }), listAgents(db, { orgId: member.orgId }), searchParams]);
  const available = org ? agentsAvailable(org) : false;
  const canEdit = available && canAccess(member.role, "settingsWrite");
  const model = modelClientFromEnv();
  return (
    <div className="space-y-6">
      <div>
        <div className="flex items-start justify-between gap-3">
          <h1 className="text-2xl font-semibold">AI agents</h1>
          {agents.length > 0 ? <a href="/api/agents/export" className="rounded-md border border-gray-300 bg-white px-3 py-2 text-sm font-medium text-gray-700 hover:bg-gray-50">Export CSV</a> : null}
        </div>
        <p className="text-sm text-gray-500">
          The agents that answer your channels&apos; bot traffic. Draft one, review its three steps, preview it, then publish.
          {canAccess(member.role, "settingsWrite") ? null : " You can view agents; owners and admins change them."}
        </p>
        {params.archived === "1" ? <p role="status" className="mt-2 rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">Agent archived. Its channels use the built-in defaults until another agent is published for them.</p> : null}
      </div>
      {available ? null : (
        <div role="note" className="rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900">
          <p className="font-semibold">Upgrade to use AI agents</p>
          <p>{AGENTS_UPGRADE_MESSAGE} Your organization is on the {org?.plan ?? "starter"} plan{org?.aiAgentAddon ? "" : " without the AI add-on"}. Owners can change the plan under Organization.</p>
        </div>
      )}
      {canEdit ? <DraftForm drafter={model ? `the model (${model.model})` : "the built-in drafter (no model endpoint configured)"} /> : null}
      <AgentsTable
        canEdit={canEdit}
        timezone={member.timezone}
        rows={agents.map((a) => ({ ...a, updatedAt: a.updatedAt.toISOString() }))}
      />
    </div>
  );
}
