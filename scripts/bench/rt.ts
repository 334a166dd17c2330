import { sql } from "drizzle-orm";
import { openPostgres } from "@/db/client";
import { retrieveArticles } from "@/lib/agent/retrieve";
import { executeRows } from "@/db/execute-rows";
const h = await openPostgres("postgres://postgres@127.0.0.1:5432/tandem_bench");
const [org] = await executeRows<{ id: string }>(h.db, sql`select id from organizations limit 1`);
const texts = ["how do I return a jacket that is too small?", "my order hasn't arrived yet, where is it", "can i pay with paypal", "@AppleSupport my iphone battery drains fast after the update, help", "berapa ongkir ke surabaya"];
for (let r = 0; r < 3; r++) for (const t of texts) { const t0 = performance.now(); const res = await retrieveArticles(h.db, { orgId: org!.id, text: t, limit: 3 }); if (r === 2) console.log((performance.now() - t0).toFixed(1), "ms", res.length, t); }
const t0 = performance.now(); for (let i = 0; i < 200; i++) await executeRows(h.db, sql`select 1`); console.log("select 1 RT:", ((performance.now() - t0) / 200).toFixed(3), "ms");
await h.close();
