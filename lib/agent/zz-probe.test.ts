import { it } from "vitest";
import { seedTestOrg, testDb } from "@/test/db";
import { defaultAgentConfig } from "./config-schema";
import { runAgent } from "./engine";
import { retrieveArticles } from "./retrieve";
import { expectedTopic, loadDevSet } from "./eval/dev-set";

it("probe", async () => {
  const db = await testDb();
  const { orgId } = await seedTestOrg(db);
  const lines: string[] = [];
  for (const item of loadDevSet()) {
    const out = await runAgent(db, { orgId, config: defaultAgentConfig("both"), history: [{ sender: "customer", content: item.text }] });
    const found = await retrieveArticles(db, { orgId, text: item.text, limit: 8 });
    const best = found.find((a) => a.audience === "customer");
    lines.push([item.id, item.kind, item.source, out.action, out.confidence.toFixed(3), expectedTopic(item) ?? "-", best?.topicKey ?? "-", expectedTopic(item) && best?.topicKey === expectedTopic(item) ? "HIT" : "", JSON.stringify(item.text)].join("\t"));
  }
  console.log(lines.join("\n"));
}, 600_000);
