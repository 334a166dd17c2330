import { z } from "zod";
import { guardRoute } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { UserError } from "@/lib/errors/user-error";
import { recordTrafficSplitSaveFailed, saveTrafficSplit } from "@/lib/routing/traffic-split-config";

export const dynamic = "force-dynamic";

/**
 * `PUT /api/channels/{id}/traffic-split` `{ enabled, bot_percent }` for API clients (000_… §7 behaviour 1), the same
 * rules as the settings page: 200 `{ enabled, bot_percent }`; 401 signed out; 403 role, flag off or ineligible plan;
 * 404 not your channel; 422 `{ error, fields }` for a bad value; nothing is persisted on any refusal.
 */
export async function PUT(request: Request, { params }: { params: Promise<{ channelId: string }> }): Promise<Response> {
  const member = await guardRoute("settings");
  if (member instanceof Response) return member;
  const { channelId } = await params;
  let body: { enabled?: unknown; bot_percent?: unknown };
  try {
    body = (await request.json()) as typeof body;
  } catch {
    return Response.json({ error: "Body is not valid JSON" }, { status: 400 });
  }
  const db = await getDb();
  try {
    const saved = await saveTrafficSplit(db, { actor: member, channelId, input: { enabled: body?.enabled, botPercent: body?.bot_percent } });
    return Response.json({ enabled: saved.enabled, bot_percent: saved.botPercent });
  } catch (error) {
    if (error instanceof UserError) return Response.json({ error: error.message }, { status: error.status });
    if (error instanceof z.ZodError) {
      const fields = z.flattenError(error).fieldErrors as Record<string, string[]>;
      return Response.json({ error: "Invalid traffic split", fields: { enabled: fields.enabled, bot_percent: fields.botPercent } }, { status: 422 });
    }
    await recordTrafficSplitSaveFailed(db, { actor: member, channelId, errorCode: "server_error" });
    console.error("[traffic-split] save failed:", error instanceof Error ? error.name : "error");
    return Response.json({ error: "Couldn't save traffic split. Try again." }, { status: 500 });
  }
}
