import type { ReactNode } from "react";
import { requireMember } from "@/app/_auth/guard";

/**
 * The feed's role check runs here, above its loading skeleton, so a role without monitoring gets a real 403 before
 * the page starts streaming (issue 19 item 6). The devices page beside it is open to every role.
 */
export default async function MonitoringFeedLayout({ children }: { children: ReactNode }) {
  await requireMember("monitoring");
  return children;
}
