import { toCsv } from "@/lib/csv/to-csv";
import { isoInZone } from "@/lib/time/format";
import { z } from "zod";
import { guardRoute } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { listDeliveries } from "@/lib/channels/webhook-deliveries";
import { csvResponse } from "@/lib/csv/csv-response";

export const dynamic = "force-dynamic";

/** CSV of a channel's delivery log (org-scoped: another org's channel gives an empty file). */
export async function GET(_request: Request, { params }: { params: Promise<{ channelId: string }> }): Promise<Response> {
  const member = await guardRoute("settings");
  if (member instanceof Response) return member;
  const { channelId } = await params;
  if (!z.uuid().safeParse(channelId).success) return Response.json({ error: "Unknown channel" }, { status: 404 });
  const rows = await listDeliveries(await getDb(), { orgId: member.orgId, channelId });
  const csv = toCsv(
    rows.map((r) => [isoInZone(r.receivedAt, member.timezone), r.endpoint, r.event, r.statusCode, r.latencyMs, r.error ?? "", r.deliveryId ?? ""]),
    { header: true, columns: ["received_at", "endpoint", "event", "status_code", "latency_ms", "error", "delivery_id"] },
  );
  return csvResponse(csv, "deliveries");
}
