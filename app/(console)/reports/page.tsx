import { Card } from "@tremor/react";
import { BarList } from "@/components/bar-list";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireMemberOrNotFound } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { statusSummary } from "@/lib/conversations/status-summary";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("reports");
  return { title: t("overview.metaTitle") };
}

const DAYS = 30;

export default async function ReportsPage() {
  const member = await requireMemberOrNotFound("reports");
  const s = await statusSummary(await getDb(), { orgId: member.orgId, days: DAYS });
  const t = await getTranslations("reports");
  const tiles = [
    { label: t("overview.tiles.conversations"), value: s.total, hint: t("overview.tiles.conversationsHint", { days: DAYS }) },
    { label: t("overview.tiles.withAi"), value: s.withAi, hint: t("overview.tiles.withAiHint") },
    { label: t("overview.tiles.withHumans"), value: s.withHumans, hint: t("overview.tiles.withHumansHint") },
    { label: t("overview.tiles.resolved"), value: s.resolved, hint: t("overview.tiles.resolvedHint") },
  ];
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("overview.title")}</h1>
        <p className="text-sm text-gray-500">{t("overview.subtitle", { days: DAYS })}</p>
      </div>
      {s.total === 0 ? (
        <Card><p className="text-gray-600">{t("overview.empty", { days: DAYS })}</p></Card>
      ) : (
        <>
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            {tiles.map((tile) => (
              <Card key={tile.label}>
                <p className="text-sm text-gray-500">{tile.label}</p>
                <p className="mt-1 text-3xl font-semibold tabular-nums text-gray-900">{tile.value.toLocaleString("en")}</p>
                <p className="mt-1 text-xs text-gray-500">{tile.hint}</p>
              </Card>
            ))}
          </div>
          <Card>
            <h2 className="mb-3 font-semibold">{t("overview.byChannel")}</h2>
            <BarList data={s.byChannel.map((c) => ({ name: c.channel, value: c.conversations }))} />
          </Card>
        </>
      )}
    </div>
  );
}
