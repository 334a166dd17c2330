import { redirect } from "next/navigation";
import { currentMember } from "@/app/_auth/guard";
import { canAccess } from "@/lib/auth/roles";
import { getDb } from "@/db/client";
import { alertTarget } from "@/lib/alerts/act-on-alert";

export const dynamic = "force-dynamic";

/**
 * Where a push notification's click (and the feed's "Open conversation") lands: redirects to the alert's conversation
 * with `?alert=`, whose page records the open (the first open sets time-to-intervene) with a POST once it has loaded —
 * a GET never changes state (issue 17), so link previews and prefetches don't count as an intervention. Another org's
 * alert → the monitoring page.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ alertId: string }> }): Promise<Response> {
  const { alertId } = await params;
  const member = await currentMember();
  if (!member) redirect(`/login?callbackUrl=${encodeURIComponent(`/alerts/${alertId}/open`)}`);
  if (!canAccess(member.role, "monitoring")) redirect("/conversations");
  const target = await alertTarget(await getDb(), { orgId: member.orgId, alertId });
  redirect(target?.conversationId ? `/conversations/${target.conversationId}?alert=${alertId}` : "/monitoring");
}
