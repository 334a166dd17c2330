import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireMember } from "@/app/_auth/guard";
import { AutoRefresh } from "@/components/auto-refresh";
import { getDb } from "@/db/client";
import { listConversations } from "@/lib/conversations/list-conversations";
import { defaultView, listParamsSchema, PAGE_SIZES } from "@/lib/conversations/list-params";
import { canAccess } from "@/lib/auth/roles";
import { listChannels } from "@/lib/channels/list-channels";
import { formatInZone } from "@/lib/time/format";
import { ConversationsTable } from "./conversations-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("conversations");
  return { title: t("list.metaTitle") };
}

export default async function ConversationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMember("conversations");
  const t = await getTranslations("conversations");
  const parsed = listParamsSchema.parse(await searchParams);
  const params = { ...parsed, view: parsed.view ?? defaultView(canAccess(member.role, "actOnAnyConversation")) };
  const db = await getDb();
  const [{ rows, total }, channels] = await Promise.all([
    listConversations(db, { orgId: member.orgId, params, userId: member.userId }),
    listChannels(db, { orgId: member.orgId }),
  ]);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">{t("list.title")}</h1>
        <p className="text-sm text-gray-500">
          {t("list.intro", { timezone: member.timezone })}
        </p>
      </div>
      <AutoRefresh seconds={15} />
      <ConversationsTable
        rows={rows.map((r) => ({ ...r, createdAt: formatInZone(r.createdAt, member.timezone, member.locale) }))}
        total={total}
        page={params.page}
        pageSize={params.pageSize}
        sort={params.sort}
        dir={params.dir}
        channel={params.channel}
        status={params.status}
        customer={params.customer}
        view={params.view}
        channels={channels.map((c) => ({ id: c.id, name: c.name }))}
        pageSizes={PAGE_SIZES}
      />
    </div>
  );
}
