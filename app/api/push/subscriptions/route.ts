import { z } from "zod";
import { guardWriteRoute } from "@/app/_auth/guard";
import { getDb } from "@/db/client";
import { saveSubscription } from "@/lib/alerts/push-subscriptions";
import { UserError } from "@/lib/errors/user-error";
import { inLanguage } from "@/lib/i18n/language-scope";
import { readJsonBody } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

/** Largest accepted body, bytes (a subscription JSON is ~500). */
const MAX_BYTES = 8 * 1024;

/**
 * Stores the signed-in member's browser push subscription — the JSON of `PushSubscription.toJSON()`. Every role may
 * register (issue 18 item 3): supervisors get alerts, agents their approvals' 30-minute reminder. 201 with the id; 400 with field errors or not JSON; 403 cross-site or role; 413 over
 * 8 KB.
 */
export async function POST(request: Request): Promise<Response> {
  const member = await guardWriteRoute(request, "registerPushDevices");
  if (member instanceof Response) return member;
  const read = await readJsonBody(request, MAX_BYTES);
  if (read.response) return read.response;
  const body = read.body;
  try {
    const db = await getDb();
    const id = await inLanguage(member.uiLanguage, () => saveSubscription(db, { userId: member.userId, input: body, userAgent: request.headers.get("user-agent") }));
    return Response.json({ id }, { status: 201 });
  } catch (error) {
    if (error instanceof z.ZodError) return Response.json({ error: "Invalid subscription", fields: z.flattenError(error).fieldErrors }, { status: 400 });
    if (error instanceof UserError) return Response.json({ error: error.message }, { status: error.status });
    throw error;
  }
}
