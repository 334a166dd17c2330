import { getDb } from "@/db/client";
import { resolveIdleConversations } from "@/lib/agent/resolve-idle";
import { inngest } from "../client";

/** Every 5 min: bot conversations silent past the agent's idle window close as RESOLVE_AI (idle_assumed), 002_…. */
export const resolveIdleConversationsFn = inngest.createFunction(
  { id: "resolve-idle-conversations", triggers: [{ cron: "*/5 * * * *" }] },
  async ({ step }) => {
    const closed = await step.run("close-idle-conversations", async () => resolveIdleConversations(await getDb()));
    return { closed: closed.length };
  },
);
