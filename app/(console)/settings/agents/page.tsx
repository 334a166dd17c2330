import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireMember } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { agentsAvailable } from "@/lib/agent/agent-access";
import { listAgents } from "@/lib/agent/list-agents";
import { modelClientFromEnv } from "@/lib/agent/model-client";
import { canAccess } from "@/lib/auth/roles";
import { getOrganization } from "@/lib/org/get-organization";
import { AgentsTable } from "./agents-table";
import { DraftForm } from "./draft-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("agents");
  return { title: t("list.metaTitle") };
}

export default async function AgentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMember("settings");
  const db = await getDb();
  const [org, agents, params] = await Promise.all([getOrganization(db, { orgId: member.orgId }), listAgents(db, { orgId: member.orgId }), searchParams]);
  const available = org ? agentsAvailable(org) : false;
  const canEdit = available && canAccess(member.role, "settingsWrite");
  const model = modelClientFromEnv();
  const t = await getTranslations("agents");
  const plan = t(`plans.${org?.plan ?? "starter"}`);
  return (
    <div className="space-y-6">
      <div>
        <div className="flex items-start justify-between gap-3">
          <h1 className="text-2xl font-semibold">{t("list.title")}</h1>
          {agents.length > 0 ? <a href="/api/agents/export" className="rounded-md border border-gray-300 bg-white px-3 py-2 text-sm font-medium text-gray-700 hover:bg-gray-50">{t("list.exportCsv")}</a> : null}
        </div>
        <p className="text-sm text-gray-500">
          {t("list.intro")}
          {canAccess(member.role, "settingsWrite") ? null : ` ${t("list.readOnly")}`}
        </p>
        {params.archived === "1" ? <p role="status" className="mt-2 rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">{t("list.archived")}</p> : null}
      </div>
      {available ? null : (
        <div role="note" className="rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900">
          <p className="font-semibold">{t("list.upgradeTitle")}</p>
          <p>{t("list.upgradeNeeds")} {org?.aiAgentAddon ? t("list.upgradePlan", { plan }) : t("list.upgradePlanNoAddon", { plan })} {t("list.upgradeOwners")}</p>
        </div>
      )}
      {canEdit ? <DraftForm drafter={model ? t("list.drafterModel", { model: model.model }) : t("list.drafterBuiltIn")} /> : null}
      <AgentsTable
        canEdit={canEdit}
        timezone={member.timezone}
        locale={member.locale}
        rows={agents.map((a) => ({ ...a, updatedAt: a.updatedAt.toISOString() }))}
      />
    </div>
  );
}
