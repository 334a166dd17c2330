import { BarList, Card } from "@tremor/react";
import type { Metadata } from "next";
import { requireMemberOrNotFound } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { statusSummary } from "@/lib/conversations/status-summary";

export const metadata: Metadata = { title: "Reports" };

const DAYS = 30;

export default async function ReportsPage() {
  const member = await requireMemberOrNotFound("reports");
  const s = await statusSummary(await getDb(), { orgId: member.orgId, days: DAYS });
  const tiles = [
    { label: "Conversations", value: s.total, hint: `started in the last ${DAYS} days` },
    { label: "With the AI agent", value: s.withAi, hint: "still open, no human involved" },
    { label: "With human agents", value: s.withHumans, hint: "handed over or waiting for an agent" },
    { label: "Resolved", value: s.resolved, hint: "closed" },
  ];
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Reports</h1>
        <p className="text-sm text-gray-500">Live counts of your conversations over the last {DAYS} days.</p>
      </div>
      {s.total === 0 ? (
        <Card><p className="text-gray-600">No conversations in the last {DAYS} days yet. Counts appear as soon as customers write in.</p></Card>
      ) : (
        <>
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            {tiles.map((t) => (
              <Card key={t.label}>
                <p className="text-sm text-gray-500">{t.label}</p>
                <p className="mt-1 text-3xl font-semibold tabular-nums text-gray-900">{t.value.toLocaleString("en")}</p>
                <p className="mt-1 text-xs text-gray-500">{t.hint}</p>
              </Card>
            ))}
          </div>
          <Card>
            <h2 className="mb-3 font-semibold">Conversations by channel</h2>
            <BarList data={s.byChannel.map((c) => ({ name: c.channel, value: c.conversations }))} />
          </Card>
        </>
      )}
    </div>
  );
}
