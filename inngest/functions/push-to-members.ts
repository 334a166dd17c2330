import { getDb } from "@/db/client";
import { pushToMembers } from "@/lib/alerts/deliver-push";
import { inngest, membersPushRequested } from "../client";

/**
 * `members/push.requested` (from the outbox: approval timeouts and escalations) → one notification to every device of
 * the members named, each attempt logged (lib/alerts/deliver-push.ts).
 */
export const pushToMembersFn = inngest.createFunction({ id: "push-to-members", retries: 2, triggers: [membersPushRequested] }, async ({ event, step }) =>
  step.run("push-to-devices", async () => pushToMembers(await getDb(), event.data)),
);
