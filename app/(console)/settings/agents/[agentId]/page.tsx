import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { requireMember } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { agentsAvailable } from "@/lib/agent/agent-access";
import { listCollectionSummaries } from "@/lib/agent/collection-summaries";
import { getAgent, listAgentVersions, listAssignableChannels } from "@/lib/agent/list-agents";
import { modelClientFromEnv } from "@/lib/agent/model-client";
import { canAccess } from "@/lib/auth/roles";
import { getOrganization } from "@/lib/org/get-organization";
import { AgentCommands } from "../agents-table";
import { AgentStatusBadge } from "../agent-status-badge";
import { AgentEditor } from "./agent-editor";
import { VersionHistory } from "./version-history";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("agents");
  return { title: t("agentPage.metaTitle") };
}

export default async function AgentPage({
  params,
  searchParams,
}: {
  params: Promise<{ agentId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const member = await requireMember("settings");
  const { agentId } = await params;
  if (!z.uuid().safeParse(agentId).success) notFound();
  const db = await getDb();
  const [agent, org, versions, channels, collections, query] = await Promise.all([
    getAgent(db, { orgId: member.orgId, agentId }),
    getOrganization(db, { orgId: member.orgId }),
    listAgentVersions(db, { orgId: member.orgId, agentId }),
    listAssignableChannels(db, { orgId: member.orgId }),
    listCollectionSummaries(db, { orgId: member.orgId }),
    searchParams,
  ]);
  if (!agent) notFound();
  const canEdit = Boolean(org && agentsAvailable(org)) && canAccess(member.role, "settingsWrite");
  const note = typeof query.note === "string" ? query.note.slice(0, 400) : null;
  const live = versions.find((v) => v.id === agent.publishedVersionId);
  const t = await getTranslations("agents");
  return (
    <div className="space-y-6">
      <nav className="text-sm"><Link href="/settings/agents" className="text-blue-700 hover:underline">{t("agentPage.back")}</Link></nav>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="flex items-center gap-3 text-2xl font-semibold">{agent.name} <AgentStatusBadge status={agent.status} /></h1>
          <p className="text-sm text-gray-500">
            {t(`agentPage.source.${agent.draftSource}`)}. {live ? t("agentPage.liveVersion", { version: live.version }) : t("agentPage.notPublished")}
            {agent.hasUnpublishedChanges && live ? ` ${t("agentPage.unpublishedChanges")}` : ""}
            {canEdit ? null : ` ${t("agentPage.readOnly")}`}
          </p>
        </div>
        {canEdit ? <AgentCommands id={agent.id} name={agent.name} status={agent.status} /> : null}
      </div>
      {note ? <p role="status" className="rounded-md bg-blue-50 px-3 py-2 text-sm text-blue-900">{note}</p> : null}
      <AgentEditor
        // a new editor state after every save, publish or rollback (the page re-renders with the stored config)
        key={agent.updatedAt.getTime()}
        agentId={agent.id}
        // channels archived since the config was written are dropped, so saving is never blocked by one
        initialConfig={{ ...agent.config, routing: { ...agent.config.routing, channelIds: agent.config.routing.channelIds.filter((id) => channels.some((c) => c.id === id)) } }}
        readOnly={!canEdit}
        collections={collections.map((c) => ({ name: c.name, articles: c.articles }))}
        channels={channels.map((c) => ({ id: c.id, name: c.name, otherAgent: c.agentId && c.agentId !== agent.id ? c.agentName : null }))}
        modelNote={modelClientFromEnv() ? t("agentPage.modelNoteModel") : t("agentPage.modelNoteBuiltIn")}
      />
      <VersionHistory
        agentId={agent.id}
        versions={versions}
        publishedVersionId={agent.publishedVersionId}
        canEdit={canEdit}
        timezone={member.timezone}
        locale={member.locale}
        channelNames={Object.fromEntries(channels.map((c) => [c.id, c.name]))}
      />
    </div>
  );
}
