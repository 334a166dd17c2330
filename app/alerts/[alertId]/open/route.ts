import { redirect } from "next/navigation";
import { currentMember } from "@/app/_auth/guard";
import { canAccess } from "@/lib/auth/roles";
import { getDb } from "@/db/client";
import { markAlertActed } from "@/lib/alerts/act-on-alert";

export const dynamic = "force-dynamic";

/**
 * Where a push notification's click lands: records that the signed-in member opened the alert (the first open sets
 * its time-to-intervene) and redirects to the conversation. Another org's alert → the monitoring page.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ alertId: string }> }): Promise<Response> {
  const { alertId } = await params;
  const member = await currentMember();
  if (!member) redirect(`/login?callbackUrl=${encodeURIComponent(`/alerts/${alertId}/open`)}`);
  if (!canAccess(member.role, "monitoring")) redirect("/conversations");
  const alert = await markAlertActed(await getDb(), { orgId: member.orgId, alertId, userId: member.userId, via: "opened" });
  redirect(alert?.conversationId ? `/conversations/${alert.conversationId}?alert=${alertId}` : "/monitoring");
}
