import { z } from "zod";
import { guardWriteRoute } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { UserError } from "@/lib/errors/user-error";
import { inLanguage } from "@/lib/i18n/language-scope";
import { readJsonBody } from "@/lib/http/read-json";
import { recordTrafficSplitSaveFailed, saveTrafficSplit } from "@/lib/routing/traffic-split-config";

export const dynamic = "force-dynamic";

/** Largest accepted body, bytes (`{ "enabled": true, "bot_percent": 30 }` is 36). */
const MAX_BYTES = 4 * 1024;

/**
 * `PUT /api/channels/{id}/traffic-split` `{ enabled, bot_percent }` for API clients (000_… §7 behaviour 1), the same
 * rules as the settings page: 200 `{ enabled, bot_percent }`; 401 signed out; 403 cross-site, role, flag off or
 * ineligible plan; 404 not your channel; 400 not JSON; 413 over 4 KB; 422 `{ error, fields }` for a bad value; nothing
 * is persisted on any refusal.
 */
export async function PUT(request: Request, { params }: { params: Promise<{ channelId: string }> }): Promise<Response> {
  const member = await guardWriteRoute(request, "settings");
  if (member instanceof Response) return member;
  const { channelId } = await params;
  const read = await readJsonBody(request, MAX_BYTES);
  if (read.response) return read.response;
  const body = read.body as { enabled?: unknown; bot_percent?: unknown } | null;
  const db = await getDb();
  try {
    const input = { enabled: body?.enabled, botPercent: body?.bot_percent };
    const saved = await inLanguage(member.uiLanguage, () => saveTrafficSplit(db, { actor: member, channelId, input }));
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
